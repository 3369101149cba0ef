import { type TSchema, Type } from "@sinclair/typebox";

/** The error body every route may return. */
export const ErrorSchema = Type.Object(
  {
    error: Type.Object({
      code: Type.String(),
      message: Type.String(),
      details: Type.Optional(Type.Unknown()),
    }),
  },
  { $id: "Error" },
);

/** Common error responses. */
export const ERRORS = {
  400: ErrorSchema,
  401: ErrorSchema,
  403: ErrorSchema,
} as const;

/** A page of items with the cursor of the next page. */
export function PageSchema<T extends TSchema>(item: T) {
  return Type.Object({ items: Type.Array(item), next: Type.Optional(Type.String()) });
}

/** Paging query parameters. */
export const PagingQuery = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  cursor: Type.Optional(Type.String()),
};

export const LogSourceSchema = Type.Object({
  product: Type.Optional(Type.String()),
  service: Type.Optional(Type.String()),
  categories: Type.Array(Type.String()),
});

export const EventSchema = Type.Object({
  id: Type.String(),
  timestamp: Type.String({ format: "date-time" }),
  receivedAt: Type.String({ format: "date-time" }),
  logsource: LogSourceSchema,
  format: Type.String(),
  ecs: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()])),
  raw: Type.Unknown(),
  fields: Type.Optional(
    Type.Record(Type.String(), Type.Unknown(), {
      description: "the fields a log format read from a record kept as text (syslog, Zeek TSV, auth.log...)",
    }),
  ),
});

export const AlertSchema = Type.Object({
  id: Type.String(),
  rule: Type.Object({
    id: Type.String(),
    title: Type.String(),
    level: Type.String(),
    tags: Type.Array(Type.String()),
  }),
  tactics: Type.Array(Type.String()),
  techniques: Type.Array(Type.String()),
  entities: Type.Array(Type.Object({ type: Type.String(), value: Type.String(), field: Type.String() })),
  eventIds: Type.Array(Type.String()),
  firstSeen: Type.String(),
  lastSeen: Type.String(),
  createdAt: Type.String(),
  correlation: Type.Optional(
    Type.Object({
      type: Type.String(),
      group: Type.Record(Type.String(), Type.String()),
      value: Type.Number(),
      timespanMs: Type.Number(),
    }),
  ),
});

export const DeadLetterSchema = Type.Object({
  id: Type.String(),
  receivedAt: Type.String(),
  index: Type.Integer(),
  line: Type.Optional(Type.Integer()),
  code: Type.String(),
  reason: Type.String(),
  format: Type.Optional(Type.String()),
  record: Type.String(),
});

export const RuleSchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  kind: Type.String(),
  level: Type.String(),
  status: Type.Optional(Type.String()),
  tags: Type.Array(Type.String()),
  logsource: Type.Optional(
    Type.Object({
      product: Type.Optional(Type.String()),
      category: Type.Optional(Type.String()),
      service: Type.Optional(Type.String()),
    }),
  ),
  file: Type.String(),
  enabled: Type.Boolean(),
});

export const FormatSchema = Type.Union([
  Type.Literal("evtx-json"),
  Type.Literal("windows-xml"),
  Type.Literal("winlogbeat"),
  Type.Literal("json"),
]);
