import { type Static, Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { type Role, tokenView } from "../../auth/index.js";
import { parseTimespan } from "../../sigma/index.js";
import type { ServerContext } from "../context.js";
import { ApiError } from "../errors.js";
import { ERRORS, ErrorSchema } from "../schemas.js";

const RoleSchema = Type.Union([Type.Literal("reader"), Type.Literal("analyst"), Type.Literal("admin")]);

const TokenViewSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  role: RoleSchema,
  createdAt: Type.String({ format: "date-time" }),
  expiresAt: Type.Optional(Type.String({ format: "date-time" })),
});

const CreateBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200, description: "who or what uses the token" }),
    role: RoleSchema,
    expiresIn: Type.Optional(
      Type.String({ pattern: "^[0-9]+[smhdwMy]$", description: "lifetime in Sigma's form: 90d, 12h" }),
    ),
  },
  { additionalProperties: false },
);

const IdParams = Type.Object({ id: Type.String({ maxLength: 100 }) });

/**
 * Token management, for admins: list tokens (never their secrets), create one (its secret is in
 * the answer once, and only its hash is kept), revoke one. `GET /api/v1/me` tells any caller
 * what its own token is.
 */
export async function tokenRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  app.get(
    "/api/v1/tokens",
    {
      config: { role: "admin" },
      schema: {
        summary: "List API tokens (without their secrets)",
        tags: ["tokens"],
        response: { 200: Type.Object({ items: Type.Array(TokenViewSchema) }), ...ERRORS },
      },
    },
    async () => ({ items: ctx.tokens.list().map(tokenView) }),
  );

  app.post(
    "/api/v1/tokens",
    {
      config: { role: "admin" },
      schema: {
        summary: "Create an API token; its secret is returned once",
        tags: ["tokens"],
        body: CreateBody,
        response: { 201: Type.Object({ token: Type.String(), record: TokenViewSchema }), ...ERRORS },
      },
    },
    async (request, reply) => {
      const body = request.body as Static<typeof CreateBody>;
      let expiresAt: string | undefined;
      if (body.expiresIn !== undefined) {
        const ms = parseTimespan(body.expiresIn);
        if (ms === null || ms <= 0) {
          throw new ApiError(
            400,
            "TOKEN_BAD_LIFETIME",
            `expiresIn ${JSON.stringify(body.expiresIn)} is not a duration`,
          );
        }
        expiresAt = new Date(Date.now() + ms).toISOString();
      }
      const created = await ctx.tokens.create(body.name, body.role as Role, undefined, expiresAt ? { expiresAt } : {});
      request.log.info({ token: created.record.id, role: created.record.role }, "token created");
      return reply.code(201).send({ token: created.token, record: tokenView(created.record) });
    },
  );

  app.delete(
    "/api/v1/tokens/:id",
    {
      config: { role: "admin" },
      schema: {
        summary: "Revoke an API token",
        tags: ["tokens"],
        params: IdParams,
        response: { 204: Type.Null(), 404: ErrorSchema, 409: ErrorSchema, ...ERRORS },
      },
    },
    async (request, reply) => {
      const { id } = request.params as Static<typeof IdParams>;
      const target = ctx.tokens.list().find((t) => t.id === id);
      if (!target) throw new ApiError(404, "TOKEN_NOT_FOUND", `no token ${id}`);
      const admins = ctx.tokens.list().filter((t) => t.role === "admin");
      if (target.role === "admin" && admins.length === 1) {
        throw new ApiError(409, "TOKEN_LAST_ADMIN", "this is the last admin token: create another admin token first");
      }
      await ctx.tokens.revoke(id);
      request.log.info({ token: id }, "token revoked");
      return reply.code(204).send(null);
    },
  );

  app.get(
    "/api/v1/me",
    {
      schema: {
        summary: "The caller's own token",
        tags: ["tokens"],
        response: { 200: TokenViewSchema, ...ERRORS },
      },
    },
    async (request) => {
      // The auth hook has verified the token before any route runs.
      if (!request.token) throw new ApiError(401, "AUTH_REQUIRED", "a valid bearer token is required");
      return tokenView(request.token);
    },
  );
}
