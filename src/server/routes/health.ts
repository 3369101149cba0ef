import { Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import type { ServerContext } from "../context.js";

/** `GET /healthz`: liveness, without a token. */
export async function healthRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  app.get(
    "/healthz",
    {
      config: { role: "public" },
      schema: {
        summary: "Liveness",
        tags: ["operations"],
        response: {
          200: Type.Object({ status: Type.Literal("ok"), uptimeSeconds: Type.Number(), rules: Type.Integer() }),
        },
      },
    },
    async () => ({
      status: "ok" as const,
      uptimeSeconds: (Date.now() - ctx.metrics.started) / 1000,
      rules: ctx.rules.engine.rules.length + ctx.rules.engine.correlations.length,
    }),
  );
}
