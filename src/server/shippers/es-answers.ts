import type { FastifyReply } from "fastify";

/** The version Tocsin answers as: a recent 8.x, which Beats, Logstash, Fluent Bit and Vector all accept. */
export const ES_VERSION = "8.11.0";

/** Sends an Elasticsearch-shaped answer, with the product header ES clients (7.14 and later) check. */
export function esSend(reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return reply
    .code(status)
    .header("x-elastic-product", "Elasticsearch")
    .type("application/json; charset=utf-8")
    .send(body);
}

/** Elasticsearch's error body: `{ error: { type, reason }, status }`. */
export function esError(reply: FastifyReply, status: number, type: string, reason: string): FastifyReply {
  return esSend(reply, status, { error: { root_cause: [{ type, reason }], type, reason }, status });
}

/** What `GET /` answers: a cluster named tocsin at ES_VERSION. */
export function esInfo(): Record<string, unknown> {
  return {
    name: "tocsin",
    cluster_name: "tocsin",
    cluster_uuid: "tocsin-compatible-bulk-endpoint",
    version: {
      number: ES_VERSION,
      build_flavor: "default",
      build_type: "tocsin",
      lucene_version: "9.8.0",
      minimum_wire_compatibility_version: "7.17.0",
      minimum_index_compatibility_version: "7.0.0",
    },
    tagline: "You Know, for Search",
  };
}
