import { type Static, Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import type { Level } from "../../sigma/index.js";
import type { ServerContext } from "../context.js";
import { ApiError } from "../errors.js";
import { AlertSchema, ERRORS, ErrorSchema, PageSchema, PagingQuery } from "../schemas.js";

const LevelSchema = Type.Union(["informational", "low", "medium", "high", "critical"].map((l) => Type.Literal(l)));

const AlertsQuery = Type.Object({
  from: Type.Optional(Type.String({ format: "date-time", description: "last event time, inclusive" })),
  to: Type.Optional(Type.String({ format: "date-time", description: "last event time, exclusive" })),
  rule_id: Type.Optional(Type.String()),
  level: Type.Optional(LevelSchema),
  min_level: Type.Optional(LevelSchema),
  entity: Type.Optional(Type.String({ description: "a host, user, IP, process, file, hash or domain" })),
  ...PagingQuery,
});

/** `GET /api/v1/alerts` (filters, `?limit=N`, paging) and `GET /api/v1/alerts/:id`. */
export async function alertRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  app.get(
    "/api/v1/alerts",
    {
      schema: {
        summary: "List alerts, newest first",
        tags: ["alerts"],
        querystring: AlertsQuery,
        response: { 200: PageSchema(AlertSchema), ...ERRORS },
      },
    },
    async (request) => {
      const q = request.query as Static<typeof AlertsQuery>;
      return ctx.store.queryAlerts({
        limit: q.limit ?? 100,
        ...(q.from ? { from: q.from } : {}),
        ...(q.to ? { to: q.to } : {}),
        ...(q.rule_id ? { ruleId: q.rule_id } : {}),
        ...(q.level ? { level: q.level as Level } : {}),
        ...(q.min_level ? { minLevel: q.min_level as Level } : {}),
        ...(q.entity ? { entity: q.entity } : {}),
        ...(q.cursor ? { cursor: q.cursor } : {}),
      });
    },
  );
  app.get(
    "/api/v1/alerts/:id",
    {
      schema: {
        summary: "Get one alert",
        tags: ["alerts"],
        params: Type.Object({ id: Type.String() }),
        response: { 200: AlertSchema, 404: ErrorSchema, ...ERRORS },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const alert = await ctx.store.getAlert(id);
      if (!alert) throw new ApiError(404, "ALERT_NOT_FOUND", `no alert ${id}`);
      return alert;
    },
  );
}
