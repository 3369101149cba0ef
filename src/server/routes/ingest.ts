import { type Static, Type } from "@sinclair/typebox";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { ServerContext } from "../context.js";
import { holdSlot, takeIngestSlot } from "../ingest-slot.js";
import { ApiError, errorBody } from "../errors.js";
import {
  type FormatChoice,
  type IngestResult,
  decodeBodyBytes,
  formatById,
  isBlankBody,
  knownFormats,
} from "../../ingest/index.js";
import { ERRORS, ErrorSchema } from "../schemas.js";

const IngestQuery = Type.Object({
  format: Type.Optional(
    Type.String({
      description:
        "the records' format: evtx-json, windows-xml, winlogbeat, json, or a log format id (syslog, cef, zeek, cloudtrail...); sniffed when left out",
    }),
  ),
  ids: Type.Optional(Type.Boolean({ description: "return the ids given to the stored events" })),
});

const IngestReply = Type.Object({
  received: Type.Integer(),
  accepted: Type.Integer(),
  deadLettered: Type.Integer(),
  alerts: Type.Integer(),
  deadLetters: Type.Array(
    Type.Object({
      index: Type.Integer(),
      line: Type.Optional(Type.Integer()),
      code: Type.String(),
      reason: Type.String(),
    }),
  ),
  ids: Type.Optional(Type.Array(Type.String())),
});

/**
 * `POST /api/v1/ingest`: a batch as NDJSON, a JSON array, Windows XML, or the text of any log
 * format (`?format=syslog`, or sniffed from its first line). Answers once the
 * batch is durably stored; bad records are dead-lettered and listed, the others kept.
 */
export async function ingestRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  // Its own scope: the body is read as bytes whatever its type, up to the body limit, and
  // decoded by decodeBodyBytes (an NDJSON body line by line, cheaper than one big string).
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", { parseAs: "buffer", bodyLimit: ctx.limits.bodyLimit }, (_req, body, done) =>
      done(null, body),
    );
    scope.post(
      "/api/v1/ingest",
      {
        bodyLimit: ctx.limits.bodyLimit,
        config: { role: "analyst" },
        onRequest: (request, reply, done) => admit(ctx, request, reply, done),
        schema: {
          summary: "Ingest a batch of events (NDJSON, JSON array or Windows XML)",
          tags: ["ingest"],
          querystring: IngestQuery,
          response: { 200: IngestReply, 413: ErrorSchema, 429: ErrorSchema, 503: ErrorSchema, ...ERRORS },
        },
      },
      async (request, reply) => {
        const query = request.query as Static<typeof IngestQuery>;
        const body = request.body instanceof Uint8Array ? request.body : new Uint8Array(0);
        if (isBlankBody(body))
          throw new ApiError(400, "INGEST_EMPTY", "the batch is empty: send NDJSON, a JSON array or Windows XML");
        const choice = query.format !== undefined ? formatById(query.format, ctx.formats) : undefined;
        if (query.format !== undefined && choice === undefined) {
          const known = knownFormats(ctx.formats);
          throw new ApiError(
            400,
            "INGEST_UNKNOWN_FORMAT",
            `unknown format ${JSON.stringify(query.format)}: expected one of ${known.join(", ")}`,
            { known },
          );
        }
        const started = (request as { ingestStarted?: number }).ingestStarted ?? performance.now();
        const pending = holdSlot(
          ctx,
          reply,
          startIngest(ctx, body, choice, request.headers["content-type"], query.ids === true),
        );
        let result: IngestResult;
        try {
          result = await pending;
        } catch (error) {
          request.log.error({ err: error }, "ingest commit failed");
          throw new ApiError(
            503,
            "INGEST_STORE_FAILED",
            "the batch could not be stored; nothing of it was kept, send it again",
          );
        }
        ctx.metrics.ingestLatency.observe((performance.now() - started) / 1000);
        if (result.accepted === 0 && result.deadLettered > 0) {
          return reply
            .code(400)
            .send(
              errorBody(
                "INGEST_NO_VALID_RECORDS",
                `none of the ${result.received} records could be read; they are kept as dead letters`,
                result.deadLetters.slice(0, 100),
              ),
            );
        }
        return result;
      },
    );
  });
}

/**
 * Decodes a body and starts ingesting it. Not async, and apart from the route's handler, so
 * that no suspended frame keeps the decoded records while the batch is being committed.
 */
function startIngest(
  ctx: ServerContext,
  body: Uint8Array,
  choice: FormatChoice | undefined,
  contentType: string | undefined,
  returnIds: boolean,
): Promise<IngestResult> {
  const decoded = decodeBodyBytes(body, {
    ...(choice ? { format: choice } : {}),
    ...(contentType ? { contentType } : {}),
    context: { source: "request", now: Date.now() },
  });
  return ctx.pipeline.ingestDecoded(decoded.records, {
    ...(choice?.kind === "windows" && choice.format ? { format: choice.format } : {}),
    returnIds,
  });
}

/** Backpressure: a bounded number of ingest requests at once, the rest told to retry. */
function admit(ctx: ServerContext, request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void): void {
  if (!takeIngestSlot(ctx, reply)) {
    reply
      .code(429)
      .header("retry-after", String(ctx.limits.retryAfterSeconds))
      .send(
        errorBody(
          "INGEST_BUSY",
          `the server is ingesting ${ctx.metrics.queueDepth} batches already; retry after ${ctx.limits.retryAfterSeconds} s`,
        ),
      );
    return;
  }
  (request as { ingestStarted?: number }).ingestStarted = performance.now();
  done();
}
