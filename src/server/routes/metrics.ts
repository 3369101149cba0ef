import type { FastifyInstance } from "fastify";
import type { ServerContext } from "../context.js";
import { renderMetrics } from "../metrics.js";

/** `GET /metrics`: Prometheus text exposition. */
export async function metricsRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  app.get(
    "/metrics",
    { schema: { summary: "Prometheus metrics", tags: ["operations"], produces: ["text/plain"] } },
    async (_request, reply) => {
      const engine = ctx.rules.engine;
      const rules = engine.rules.length + engine.correlations.length;
      return reply
        .type("text/plain; version=0.0.4; charset=utf-8")
        .send(renderMetrics(ctx.pipeline.stats, ctx.metrics, { rules, evidence: engine.evidence }));
    },
  );
}
