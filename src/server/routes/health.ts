import { Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import type { ServerContext } from "../context.js";

const Health = Type.Object({
  status: Type.Union([Type.Literal("ok"), Type.Literal("failing")]),
  uptimeSeconds: Type.Number(),
  rules: Type.Integer(),
  store: Type.Object({ ok: Type.Boolean(), reason: Type.Optional(Type.String()) }),
});

/**
 * `GET /healthz`: liveness, without a token. 503 when the store can no longer commit (its writer
 * thread given up on), so that a supervisor restarts the process instead of leaving a server
 * that answers every ingest with an error.
 */
export async function healthRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  app.get(
    "/healthz",
    {
      config: { role: "public" },
      schema: {
        summary: "Liveness",
        tags: ["operations"],
        response: { 200: Health, 503: Health },
      },
    },
    async (_request, reply) => {
      const health = ctx.store.health?.() ?? { ok: true };
      const store = health.reason === undefined ? { ok: health.ok } : { ok: health.ok, reason: health.reason };
      return reply.code(health.ok ? 200 : 503).send({
        status: health.ok ? ("ok" as const) : ("failing" as const),
        uptimeSeconds: (Date.now() - ctx.metrics.started) / 1000,
        rules: ctx.rules.engine.rules.length + ctx.rules.engine.correlations.length,
        store,
      });
    },
  );
}
