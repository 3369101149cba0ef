import { Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import type { ServerContext } from "../context.js";
import { ApiError } from "../errors.js";
import { ERRORS, ErrorSchema, EventSchema, PageSchema, PagingQuery } from "../schemas.js";

const RESERVED = new Set(["from", "to", "product", "service", "category", "format", "limit", "cursor"]);

const EventsQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ format: "date-time", description: "event time, inclusive" })),
    to: Type.Optional(Type.String({ format: "date-time", description: "event time, exclusive" })),
    product: Type.Optional(Type.String()),
    service: Type.Optional(Type.String()),
    category: Type.Optional(Type.String()),
    format: Type.Optional(
      Type.String({ description: "the format the events were read as: syslog, zeek, evtx-json..." }),
    ),
    ...PagingQuery,
  },
  {
    additionalProperties: Type.String(),
    description:
      "Any other parameter filters on a field: an ECS name (`host.name=WS-1`) or a Sigma field of the original (`EventID=4625`)",
  },
);

/** `GET /api/v1/events` (time range, log source and field filters, paging) and `GET /api/v1/events/:id`. */
export async function eventRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  app.get(
    "/api/v1/events",
    {
      schema: {
        summary: "List events, newest first",
        tags: ["events"],
        querystring: EventsQuery,
        response: { 200: PageSchema(EventSchema), ...ERRORS },
      },
    },
    async (request) => {
      const q = request.query as Record<string, string | number | undefined>;
      const fields: Record<string, string> = {};
      for (const [k, v] of Object.entries(q)) if (!RESERVED.has(k) && v !== undefined) fields[k] = String(v);
      const str = (k: string) => (typeof q[k] === "string" ? { [k]: q[k] as string } : {});
      return ctx.store.queryEvents({
        ...str("from"),
        ...str("to"),
        ...str("product"),
        ...str("service"),
        ...str("category"),
        ...str("format"),
        ...str("cursor"),
        fields,
        limit: Number(q.limit ?? 100),
      });
    },
  );
  app.get(
    "/api/v1/events/:id",
    {
      schema: {
        summary: "Get one event",
        tags: ["events"],
        params: Type.Object({ id: Type.String() }),
        response: { 200: EventSchema, 404: ErrorSchema, ...ERRORS },
      },
    },
    async (request) => {
      const { id } = request.params as { id: string };
      const event = await ctx.store.getEvent(id);
      if (!event) throw new ApiError(404, "EVENT_NOT_FOUND", `no event ${id}`);
      return event;
    },
  );
}
