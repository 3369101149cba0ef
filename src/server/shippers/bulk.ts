import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { type DecodedRecord, decodeJsonValue } from "../../ingest/index.js";
import type { ServerContext } from "../context.js";
import { authoriseShipper } from "./auth.js";
import { holdSlot, takeIngestSlot } from "../ingest-slot.js";
import { BodyError, readBodiesAsText, textBody } from "./body.js";
import { type BulkItem, parseBulk } from "./bulk-parse.js";
import { esError, esInfo, esSend } from "./es-answers.js";

/** The index a document goes to when neither the path nor its action names one. */
const DEFAULT_INDEX = "tocsin";

/**
 * An Elasticsearch-compatible ingest endpoint for Beats, Logstash, Fluent Bit and Vector:
 * `POST /_bulk` and `POST /<index>/_bulk` (index and create stored through the durable ingest
 * path; delete and update answered per item as not supported), with per-item results in ES's
 * shape, and the probes those shippers make first (`GET /`, `/_license`, `/_cluster/health`,
 * `HEAD /<index>`, templates, ingest pipelines and ILM policies answered harmlessly). Auth by
 * Basic (the token as password), Bearer or ApiKey; ingest needs the analyst role.
 */
export async function bulkRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  await app.register(async (scope) => {
    readBodiesAsText(scope, ctx);
    scope.setErrorHandler((error, request, reply) => {
      const e = error as { code?: string; statusCode?: number; message: string };
      if (error instanceof BodyError) return esError(reply, 400, "parse_exception", error.message);
      if (e.code === "FST_ERR_CTP_BODY_TOO_LARGE") {
        ctx.metrics.rejectedTooLarge++;
        return esError(reply, 413, "content_too_long_exception", `the body is over ${ctx.limits.bodyLimit} bytes`);
      }
      if ((e.statusCode ?? 500) < 500)
        return esError(reply, e.statusCode ?? 400, "illegal_argument_exception", e.message);
      request.log.error({ err: error }, "_bulk request failed");
      return esError(reply, 500, "internal_server_error", "the server failed to answer; see its log");
    });
    const guard =
      (role: "reader" | "analyst") => (request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void) => {
        const auth = authoriseShipper(ctx.tokens, request.headers.authorization, role);
        if (auth.ok) {
          done();
          return;
        }
        if (request.url.includes("_bulk")) ctx.metrics.listeners.bulkRequests.failed++;
        reply.header("www-authenticate", 'Basic realm="tocsin", ApiKey, Bearer');
        const status = auth.why === "forbidden" ? 403 : 401;
        const reason =
          auth.why === "missing"
            ? "missing authentication credentials: send the Tocsin token as the Basic password, a Bearer token or an ApiKey"
            : auth.why === "forbidden"
              ? "the token's role cannot ingest (analyst needed)"
              : "unable to authenticate: the token is not known";
        esError(reply, status, "security_exception", reason);
      };
    const reader = { config: { role: "public" as const }, onRequest: guard("reader"), schema: { hide: true } };
    const ok = (body: unknown) => async (_request: FastifyRequest, reply: FastifyReply) => esSend(reply, 200, body);

    scope.get("/", reader, ok(esInfo()));
    scope.get(
      "/_license",
      reader,
      ok({ license: { status: "active", uid: "tocsin", type: "basic", issued_to: "tocsin" } }),
    );
    scope.get(
      "/_xpack",
      reader,
      ok({ build: {}, license: { status: "active", type: "basic", mode: "basic" }, features: {} }),
    );
    scope.get(
      "/_cluster/health",
      reader,
      ok({ cluster_name: "tocsin", status: "green", timed_out: false, number_of_nodes: 1, number_of_data_nodes: 1 }),
    );
    // Templates, pipelines and policies: said to exist and accepted, so shippers go on to send data.
    const kinds = [
      "_index_template",
      "_template",
      "_ingest/pipeline",
      "_ilm/policy",
      "_component_template",
      "_data_stream",
      "_alias",
    ];
    for (const kind of kinds) {
      scope.get(`/${kind}/:name`, reader, async (request, reply) => {
        const { name } = request.params as { name: string };
        return esSend(
          reply,
          200,
          kind === "_index_template" ? { index_templates: [{ name, index_template: {} }] } : { [name]: {} },
        );
      });
      scope.put(`/${kind}/:name`, reader, ok({ acknowledged: true }));
    }
    scope.head("/:index", reader, async (_request, reply) => esSend(reply, 200, ""));
    scope.put("/:index", reader, async (request, reply) => {
      const { index } = request.params as { index: string };
      return esSend(reply, 200, { acknowledged: true, shards_acknowledged: true, index });
    });

    const writer = {
      bodyLimit: ctx.limits.bodyLimit,
      config: { role: "public" as const },
      schema: { hide: true },
      onRequest: (request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void) =>
        guard("analyst")(request, reply, (error) => {
          if (error) return done(error);
          if (!takeIngestSlot(ctx, reply)) {
            ctx.metrics.listeners.bulkRequests.failed++;
            reply.header("retry-after", String(ctx.limits.retryAfterSeconds));
            esError(reply, 429, "es_rejected_execution_exception", "the server is ingesting as much as it can; retry");
            return;
          }
          done();
        }),
    };
    const bulk = async (request: FastifyRequest, reply: FastifyReply) => {
      const started = performance.now();
      const parsed = parseBulk(textBody(request));
      if (!parsed.ok) {
        ctx.metrics.listeners.bulkRequests.failed++;
        return esError(reply, 400, "illegal_argument_exception", parsed.reason);
      }
      if (parsed.items.length === 0) {
        ctx.metrics.listeners.bulkRequests.failed++;
        return esError(reply, 400, "action_request_validation_exception", "Validation Failed: 1: no requests added;");
      }
      const pathIndex = (request.params as { index?: string }).index;
      return storeBulk(ctx, request, reply, parsed.items, pathIndex ?? DEFAULT_INDEX, started);
    };
    for (const path of ["/_bulk", "/:index/_bulk"]) {
      scope.post(path, writer, bulk);
      scope.put(path, writer, bulk);
    }
  });
}

async function storeBulk(
  ctx: ServerContext,
  request: FastifyRequest,
  reply: FastifyReply,
  items: readonly BulkItem[],
  defaultIndex: string,
  started: number,
) {
  const records: DecodedRecord[] = [];
  items.forEach((item, index) => {
    if (item.doc?.ok !== true) return;
    records.push(
      ...decodeJsonValue(item.doc.value, { index, line: item.line }, { jsonOptions: ctx.rules.jsonOptions }),
    );
  });
  let result: Awaited<ReturnType<typeof ctx.pipeline.ingestDecoded>>;
  try {
    result =
      records.length > 0
        ? await holdSlot(ctx, reply, ctx.pipeline.ingestDecoded(records, { returnIds: true }))
        : emptyResult();
  } catch (error) {
    ctx.metrics.listeners.bulkRequests.failed++;
    request.log.error({ err: error }, "_bulk batch could not be stored");
    reply.header("retry-after", String(ctx.limits.retryAfterSeconds));
    return esError(
      reply,
      503,
      "unavailable_shards_exception",
      "the batch could not be stored; nothing of it was kept, send it again",
    );
  }
  // Stored event ids in the order of the records that became events.
  const ids = new Map<number, string>();
  const refused = new Map<number, string>();
  for (const d of result.deadLetters) refused.set(d.index, `${d.code}: ${d.reason}`);
  let next = 0;
  for (const r of records) {
    if (!r.ok || refused.has(r.index)) continue;
    const id = result.ids?.[next++];
    if (id !== undefined && !ids.has(r.index)) ids.set(r.index, id);
  }
  let errors = false;
  const out = items.map((item, index) => {
    const base = { _index: item.index ?? defaultIndex, _id: item.id ?? ids.get(index) ?? null };
    const fail = (status: number, type: string, reason: string) => {
      errors = true;
      return { [item.action]: { ...base, status, error: { type, reason } } };
    };
    if (item.action === "delete" || item.action === "update") {
      return fail(
        400,
        "illegal_argument_exception",
        `${item.action} is not supported: Tocsin keeps events as they came`,
      );
    }
    if (item.doc?.ok === false) return fail(400, "document_parsing_exception", item.doc.reason);
    const why = refused.get(index);
    if (why !== undefined) return fail(400, "document_parsing_exception", `${why} (kept as a dead letter)`);
    return {
      [item.action]: {
        ...base,
        _version: 1,
        result: "created",
        _shards: { total: 1, successful: 1, failed: 0 },
        _seq_no: index,
        _primary_term: 1,
        status: 201,
      },
    };
  });
  ctx.metrics.ingestLatency.observe((performance.now() - started) / 1000);
  ctx.metrics.listeners.bulkRequests.ok++;
  return esSend(reply, 200, { took: Math.round(performance.now() - started), errors, items: out });
}

function emptyResult() {
  return { received: 0, accepted: 0, deadLettered: 0, alerts: 0, deadLetters: [], ids: [] };
}
