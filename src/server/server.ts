import swagger from "@fastify/swagger";
import Fastify, { type FastifyInstance, type FastifyServerOptions, LogController } from "fastify";
import { roleAllows } from "../auth/index.js";
import type { ServerContext } from "./context.js";
import { TocsinError } from "../core/index.js";
import { ApiError, errorBody } from "./errors.js";
import { alertRoutes } from "./routes/alerts.js";
import { deadLetterRoutes } from "./routes/dead-letters.js";
import { eventRoutes } from "./routes/events.js";
import { healthRoutes } from "./routes/health.js";
import { ingestRoutes } from "./routes/ingest.js";
import { metricsRoutes } from "./routes/metrics.js";
import { ruleRoutes } from "./routes/rules.js";
import { tokenRoutes } from "./routes/tokens.js";
import { bulkRoutes } from "./shippers/bulk.js";
import { hecRoutes } from "./shippers/hec.js";

/** Options of buildServer beyond the context. */
export interface BuildServerOptions {
  /** Fastify's logger option: false, true, or pino options. */
  readonly logger?: FastifyServerOptions["logger"];
  /**
   * Milliseconds a client has to send a whole request, and a connection may stay silent in the
   * middle of one (default 120 s); 0 for none.
   */
  readonly requestTimeoutMs?: number;
}

/**
 * Builds the HTTP API (not listening yet): bearer-token auth on every route but `/healthz`,
 * OpenAPI at `/api/v1/openapi.json`, errors as `{ error: { code, message, details } }`.
 *
 * @example
 * const app = await buildServer(ctx);
 * await app.listen({ host: "127.0.0.1", port: 8080 });
 */
export async function buildServer(ctx: ServerContext, options: BuildServerOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 1024 * 1024,
    forceCloseConnections: "idle",
    // Fastify's defaults are no limits: a client that stops sending mid-body would hold its ingest
    // slot for as long as the dead connection lasts. The silence limit acts at once; the whole
    // request's limit (checked every 30 s by Node) catches a client trickling bytes.
    requestTimeout: options.requestTimeoutMs ?? 120_000,
    connectionTimeout: options.requestTimeoutMs ?? 120_000,
    // One log line per request would cost more than ingesting the batch; errors are still logged.
    logController: new LogController({ disableRequestLogging: true }),
    ajv: { customOptions: { coerceTypes: "array", removeAdditional: false, allErrors: false } },
  });

  await app.register(swagger, {
    openapi: {
      openapi: "3.0.3",
      info: {
        title: "Tocsin API",
        version: "0.1.0",
        description:
          "Ingest events, read events, alerts, rules and dead letters. Every route but /healthz needs a bearer token.",
      },
      components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
      security: [{ bearer: [] }],
    },
  });

  app.addHook("onRequest", async (request, reply) => {
    const needed = request.routeOptions.config?.role ?? "reader";
    if (needed === "public" || request.routeOptions.url === undefined) return;
    const header = request.headers.authorization;
    const token = header?.startsWith("Bearer ") ? header.slice(7).trim() : undefined;
    const record = ctx.tokens.verify(token);
    if (!record) {
      reply.header("www-authenticate", 'Bearer realm="tocsin"');
      throw new ApiError(401, "AUTH_REQUIRED", "a valid bearer token is required (Authorization: Bearer <token>)");
    }
    if (!roleAllows(record.role, needed)) {
      throw new ApiError(403, "AUTH_FORBIDDEN", `this route needs the ${needed} role; the token has ${record.role}`);
    }
    request.token = record;
  });

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof ApiError)
      return reply.code(error.status).send(errorBody(error.code, error.message, error.details));
    // A query stopped by the store's time limit: the client's to narrow, not a fault of the server.
    if (error instanceof TocsinError && error.code === "STORE_QUERY_TIMEOUT")
      return reply.code(503).send(errorBody(error.code, error.message));
    const e = error as { code?: string; statusCode?: number; message: string; validation?: unknown };
    if (e.code === "FST_ERR_CTP_BODY_TOO_LARGE") {
      ctx.metrics.rejectedTooLarge++;
      return reply
        .code(413)
        .send(
          errorBody(
            "INGEST_TOO_LARGE",
            `the body is larger than the limit of ${ctx.limits.bodyLimit} bytes; split the batch`,
            { limit: ctx.limits.bodyLimit },
          ),
        );
    }
    if (e.validation) return reply.code(400).send(errorBody("BAD_REQUEST", e.message, e.validation));
    const status = e.statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err: error }, "request failed");
      return reply.code(status).send(errorBody("INTERNAL", "the server failed to answer; see its log"));
    }
    return reply.code(status).send(errorBody(e.code ?? "BAD_REQUEST", e.message));
  });

  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send(errorBody("NOT_FOUND", `no route ${request.method} ${request.url.split("?")[0]}`));
  });

  await healthRoutes(app, ctx);
  await metricsRoutes(app, ctx);
  await ingestRoutes(app, ctx);
  await eventRoutes(app, ctx);
  await alertRoutes(app, ctx);
  await ruleRoutes(app, ctx);
  await tokenRoutes(app, ctx);
  await deadLetterRoutes(app, ctx);
  await hecRoutes(app, ctx);
  await bulkRoutes(app, ctx);
  app.get("/api/v1/openapi.json", { schema: { hide: true } }, async () => app.swagger());
  return app;
}
