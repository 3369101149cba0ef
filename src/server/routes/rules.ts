import { type Static, Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import type { ServerContext } from "../context.js";
import { ApiError } from "../errors.js";
import { ERRORS, ErrorSchema, FormatSchema, RuleSchema } from "../schemas.js";

const RulesQuery = Type.Object({
  q: Type.Optional(Type.String({ description: "text in the id or title" })),
  enabled: Type.Optional(Type.Boolean()),
  level: Type.Optional(Type.String()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000, default: 1000 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
});

const IdParams = Type.Object({ id: Type.String() });

const TestBody = Type.Object({
  records: Type.Array(Type.Unknown(), { maxItems: 10000, description: "sample records, as ingest takes them" }),
  format: Type.Optional(FormatSchema),
});

const TestReply = Type.Object({
  ruleId: Type.String(),
  matches: Type.Integer(),
  records: Type.Array(
    Type.Object({ index: Type.Integer(), matched: Type.Boolean(), error: Type.Optional(Type.String()) }),
  ),
});

/** Rules: list, get, enable, disable, and test against sample records. */
export async function ruleRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  app.get(
    "/api/v1/rules",
    {
      schema: {
        summary: "List loaded rules",
        tags: ["rules"],
        querystring: RulesQuery,
        response: {
          200: Type.Object({ items: Type.Array(RuleSchema), total: Type.Integer(), skipped: Type.Integer() }),
          ...ERRORS,
        },
      },
    },
    async (request) => {
      const q = request.query as Static<typeof RulesQuery>;
      const text = q.q?.toLowerCase();
      const all = ctx.rules
        .list()
        .filter(
          (r) =>
            (q.enabled === undefined || r.enabled === q.enabled) &&
            (q.level === undefined || r.level === q.level) &&
            (text === undefined || r.id.toLowerCase().includes(text) || r.title.toLowerCase().includes(text)),
        );
      const offset = q.offset ?? 0;
      return {
        items: all.slice(offset, offset + (q.limit ?? 1000)),
        total: all.length,
        skipped: ctx.rules.skipped.length,
      };
    },
  );
  app.get(
    "/api/v1/rules/:id",
    {
      schema: {
        summary: "Get one rule",
        tags: ["rules"],
        params: IdParams,
        response: { 200: RuleSchema, 404: ErrorSchema, ...ERRORS },
      },
    },
    async (request) => {
      const { id } = request.params as Static<typeof IdParams>;
      const rule = ctx.rules.get(id);
      if (!rule) throw new ApiError(404, "RULE_NOT_FOUND", `no rule ${id}`);
      return rule;
    },
  );
  for (const action of ["enable", "disable"] as const) {
    app.post(
      `/api/v1/rules/:id/${action}`,
      {
        config: { role: "admin" },
        schema: {
          summary: `${action === "enable" ? "Enable" : "Disable"} a rule`,
          tags: ["rules"],
          params: IdParams,
          response: { 200: RuleSchema, 404: ErrorSchema, ...ERRORS },
        },
      },
      async (request) => {
        const { id } = request.params as Static<typeof IdParams>;
        if (!ctx.rules.setEnabled(id, action === "enable")) throw new ApiError(404, "RULE_NOT_FOUND", `no rule ${id}`);
        await ctx.saveRules();
        return ctx.rules.get(id);
      },
    );
  }
  app.post(
    "/api/v1/rules/:id/test",
    {
      config: { role: "analyst" },
      schema: {
        summary: "Run one rule over sample records, apart from the live stream",
        tags: ["rules"],
        params: IdParams,
        body: TestBody,
        response: { 200: TestReply, 404: ErrorSchema, ...ERRORS },
      },
    },
    async (request) => {
      const { id } = request.params as Static<typeof IdParams>;
      const body = request.body as Static<typeof TestBody>;
      const result = ctx.rules.test(id, body.records, body.format);
      if (!result) throw new ApiError(404, "RULE_NOT_FOUND", `no rule ${id}`);
      return result;
    },
  );
}
