import { type Static, Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import type { ServerContext } from "../context.js";
import { DeadLetterSchema, ERRORS, PageSchema, PagingQuery } from "../schemas.js";

const Query = Type.Object({ ...PagingQuery });

/** `GET /api/v1/dead-letters`: records that could not be ingested, with the reason, newest first. */
export async function deadLetterRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  app.get(
    "/api/v1/dead-letters",
    {
      schema: {
        summary: "List dead letters",
        tags: ["dead-letters"],
        querystring: Query,
        response: { 200: PageSchema(DeadLetterSchema), ...ERRORS },
      },
    },
    async (request) => {
      const q = request.query as Static<typeof Query>;
      return ctx.store.queryDeadLetters({ limit: q.limit ?? 100, ...(q.cursor ? { cursor: q.cursor } : {}) });
    },
  );
}
