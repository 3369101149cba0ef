import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { DecodedRecord } from "../../ingest/index.js";
import type { ServerContext } from "../context.js";
import { authoriseShipper } from "./auth.js";
import { holdSlot, takeIngestSlot } from "../ingest-slot.js";
import { BodyError, readBodiesAsText, textBody } from "./body.js";
import { parseHecEnvelopes } from "./hec-envelopes.js";
import { type HecDefaults, choiceOfSourcetype, hecRecords, textRecords } from "./hec-records.js";
import { outcomeRecords } from "../../ingest/index.js";
import { sourceName } from "./sourcetypes.js";

/** A HEC answer: Splunk's `{ text, code }` with its HTTP status. */
interface HecAnswer {
  readonly status: number;
  readonly text: string;
  readonly code: number;
  readonly invalidEvent?: number;
}

const ANSWERS = {
  success: { status: 200, text: "Success", code: 0 },
  tokenRequired: { status: 401, text: "Token is required", code: 2 },
  invalidAuthorization: { status: 401, text: "Invalid authorization", code: 3 },
  invalidToken: { status: 403, text: "Invalid token", code: 4 },
  noData: { status: 400, text: "No data", code: 5 },
  invalidData: { status: 400, text: "Invalid data format", code: 6 },
  internal: { status: 500, text: "Internal server error", code: 8 },
  busy: { status: 503, text: "Server is busy", code: 9 },
  healthy: { status: 200, text: "HEC is healthy", code: 17 },
  unhealthy: { status: 503, text: "HEC is unhealthy, queues are full", code: 18 },
} as const satisfies Record<string, HecAnswer>;

function send(reply: FastifyReply, a: HecAnswer): FastifyReply {
  const body: Record<string, unknown> = { text: a.text, code: a.code };
  if (a.invalidEvent !== undefined) body["invalid-event-number"] = a.invalidEvent;
  return reply.code(a.status).type("application/json; charset=utf-8").send(body);
}

/**
 * Splunk HTTP Event Collector endpoints: `POST /services/collector/event` (JSON envelopes one
 * after another), `POST /services/collector/raw` (lines; `?sourcetype=`, `?host=`, `?source=`),
 * and `GET /services/collector/health`. Tokens are Tocsin's (`Authorization: Splunk <token>`,
 * analyst role); gzip bodies are inflated; answers use HEC's `{ text, code }` and statuses.
 * Records are stored through the same durable ingest path before Success is answered.
 */
export async function hecRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  await app.register(async (scope) => {
    readBodiesAsText(scope, ctx);
    scope.setErrorHandler((error, request, reply) => {
      const e = error as { code?: string; statusCode?: number };
      ctx.metrics.listeners.hecRequests.failed++;
      if (error instanceof BodyError)
        return send(reply, { ...ANSWERS.invalidData, text: `Invalid data format: ${error.message}` });
      if (e.code === "FST_ERR_CTP_BODY_TOO_LARGE") {
        ctx.metrics.rejectedTooLarge++;
        return send(reply, {
          status: 413,
          text: `Content too large: the limit is ${ctx.limits.bodyLimit} bytes`,
          code: 6,
        });
      }
      if ((e.statusCode ?? 500) < 500) return send(reply, ANSWERS.invalidData);
      request.log.error({ err: error }, "HEC request failed");
      return send(reply, ANSWERS.internal);
    });
    const guard = (request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void) => {
      const auth = authoriseShipper(ctx.tokens, request.headers.authorization, "analyst");
      if (!auth.ok) {
        ctx.metrics.listeners.hecRequests.failed++;
        reply.header("www-authenticate", 'Splunk realm="tocsin"');
        const answer =
          auth.why === "missing"
            ? ANSWERS.tokenRequired
            : auth.why === "malformed"
              ? ANSWERS.invalidAuthorization
              : ANSWERS.invalidToken;
        send(reply, answer);
        return;
      }
      if (!takeIngestSlot(ctx, reply)) {
        ctx.metrics.listeners.hecRequests.failed++;
        reply.header("retry-after", String(ctx.limits.retryAfterSeconds));
        send(reply, ANSWERS.busy);
        return;
      }
      done();
    };
    const route = { bodyLimit: ctx.limits.bodyLimit, config: { role: "public" as const }, onRequest: guard };
    const event = async (request: FastifyRequest, reply: FastifyReply) => {
      const parsed = parseHecEnvelopes(textBody(request));
      if (!parsed.ok) {
        ctx.metrics.listeners.hecRequests.failed++;
        const r = parsed.refusal;
        return send(reply, {
          status: 400,
          text: r.text,
          code: r.code,
          ...(r.invalidEvent !== undefined ? { invalidEvent: r.invalidEvent } : {}),
        });
      }
      return store(
        ctx,
        request,
        reply,
        hecRecords(parsed.envelopes, ctx.rules.jsonOptions, metaOf(request), Date.now(), ctx.formats),
      );
    };
    const schema = { hide: true };
    for (const path of ["/services/collector", "/services/collector/event", "/services/collector/event/1.0"]) {
      scope.post(path, { ...route, schema }, event);
    }
    const raw = async (request: FastifyRequest, reply: FastifyReply) => {
      const body = textBody(request);
      if (body.trim() === "") {
        ctx.metrics.listeners.hecRequests.failed++;
        return send(reply, ANSWERS.noData);
      }
      return store(ctx, request, reply, rawRecords(body, metaOf(request), ctx));
    };
    for (const path of ["/services/collector/raw", "/services/collector/raw/1.0"]) {
      scope.post(path, { ...route, schema }, raw);
    }
    scope.get("/services/collector/health", { config: { role: "public" }, schema }, async (_request, reply) =>
      send(reply, ctx.metrics.queueDepth >= ctx.limits.maxInflight ? ANSWERS.unhealthy : ANSWERS.healthy),
    );
    scope.get("/services/collector/health/1.0", { config: { role: "public" }, schema }, async (_request, reply) =>
      send(reply, ctx.metrics.queueDepth >= ctx.limits.maxInflight ? ANSWERS.unhealthy : ANSWERS.healthy),
    );
  });
}

/** The `/raw` body: read whole by the sourcetype's format, else line by line. */
function rawRecords(body: string, meta: HecDefaults, ctx: ServerContext): DecodedRecord[] {
  const choice = choiceOfSourcetype(meta.sourcetype, ctx.formats);
  const source = sourceName(meta.sourcetype, meta.source);
  const context = { now: Date.now(), ...(source !== undefined ? { source } : {}) };
  if (choice?.kind === "log") return outcomeRecords(choice.format.parseText(body, context), choice.format.id);
  const out: DecodedRecord[] = [];
  let index = 0;
  for (const line of body.split("\n")) {
    const text = line.endsWith("\r") ? line.slice(0, -1) : line;
    if (text.trim() === "") continue;
    out.push(...textRecords(text, index++, meta, { jsonOptions: ctx.rules.jsonOptions, context }));
  }
  return out;
}

function metaOf(request: FastifyRequest): HecDefaults {
  const q = (request.query ?? {}) as Record<string, unknown>;
  const pick = (k: string) => (typeof q[k] === "string" && q[k] !== "" ? { [k]: q[k] as string } : {});
  return { ...pick("sourcetype"), ...pick("source"), ...pick("host") };
}

async function store(ctx: ServerContext, request: FastifyRequest, reply: FastifyReply, records: DecodedRecord[]) {
  const started = performance.now();
  try {
    await holdSlot(ctx, reply, ctx.pipeline.ingestDecoded(records));
  } catch (error) {
    ctx.metrics.listeners.hecRequests.failed++;
    request.log.error({ err: error }, "HEC batch could not be stored");
    reply.header("retry-after", String(ctx.limits.retryAfterSeconds));
    return send(reply, ANSWERS.busy);
  }
  ctx.metrics.ingestLatency.observe((performance.now() - started) / 1000);
  ctx.metrics.listeners.hecRequests.ok++;
  return send(reply, ANSWERS.success);
}
