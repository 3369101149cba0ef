import { type Issue, type Result, TocsinError, fail, ok } from "../core/index.js";
import { type ParseContext, errorAt, parseDetection } from "./parse-detection.js";
import {
  type CorrelationType,
  LEVELS,
  type Level,
  type RuleLogSource,
  type SigmaCorrelation,
  type SigmaDocument,
  type SigmaFilter,
  type SigmaRule,
  type Threshold,
  parseTimespan,
} from "./rule.js";

const CORRELATION_TYPES: readonly CorrelationType[] = [
  "event_count",
  "value_count",
  "temporal",
  "temporal_ordered",
  "value_sum",
  "value_avg",
  "value_percentile",
];

function isMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function bad(ctx: ParseContext, path: (string | number)[], message: string, code = "SIGMA_BAD_RULE"): TocsinError {
  return errorAt(ctx, path, new TocsinError(code, message));
}

function str(raw: Record<string, unknown>, key: string): string | undefined {
  const v = raw[key];
  if (v === undefined || v === null) return undefined;
  return v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
}

function strings(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]).map(String);
}

function logsource(raw: unknown, ctx: ParseContext): RuleLogSource {
  if (!isMap(raw)) throw bad(ctx, ["logsource"], "'logsource' is required and must be a map");
  const out: { product?: string; category?: string; service?: string } = {};
  for (const key of ["product", "category", "service"] as const) {
    if (raw[key] !== undefined && raw[key] !== null) out[key] = String(raw[key]).toLowerCase();
  }
  return out;
}

function level(raw: Record<string, unknown>, ctx: ParseContext): Level {
  const v = raw.level ?? "medium";
  if (typeof v !== "string" || !LEVELS.includes(v.toLowerCase() as Level)) {
    throw bad(ctx, ["level"], `'level' must be one of ${LEVELS.join(", ")}`);
  }
  return v.toLowerCase() as Level;
}

function common(raw: Record<string, unknown>, ctx: ParseContext, index: number) {
  const title = raw.title;
  if (typeof title !== "string" || title.trim() === "") throw bad(ctx, ["title"], "'title' is required");
  const name = str(raw, "name");
  const description = str(raw, "description");
  const status = str(raw, "status");
  return {
    id: str(raw, "id") ?? `${ctx.file}#${index}`,
    ...(name === undefined ? {} : { name }),
    title,
    ...(description === undefined ? {} : { description }),
    ...(status === undefined ? {} : { status }),
    source: { file: ctx.file, line: ctx.line },
  };
}

function parseRule(raw: Record<string, unknown>, ctx: ParseContext, index: number): SigmaRule {
  const author = str(raw, "author");
  const date = str(raw, "date");
  return {
    kind: "rule",
    ...common(raw, ctx, index),
    level: level(raw, ctx),
    tags: strings(raw.tags).map((t) => t.toLowerCase()),
    logsource: logsource(raw.logsource, ctx),
    detection: parseDetection(raw.detection, ctx),
    ...(author === undefined ? {} : { author }),
    ...(date === undefined ? {} : { date }),
    references: strings(raw.references),
    falsepositives: strings(raw.falsepositives),
    fields: strings(raw.fields),
  };
}

function parseFilter(raw: Record<string, unknown>, ctx: ParseContext, index: number): SigmaFilter {
  const filter = raw.filter;
  if (!isMap(filter)) throw bad(ctx, ["filter"], "'filter' must be a map");
  const rules = strings(filter.rules);
  if (rules.length === 0) throw bad(ctx, ["filter", "rules"], "'filter.rules' must name at least one rule");
  const { rules: _rules, ...detection } = filter;
  return {
    kind: "filter",
    ...common(raw, ctx, index),
    logsource: logsource(raw.logsource, ctx),
    rules,
    detection: parseDetection(detection, ctx, "filter"),
  };
}

function parseThreshold(raw: Record<string, unknown>, ctx: ParseContext): Threshold {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (key === "field") continue;
    if (!["gt", "gte", "lt", "lte", "eq", "neq"].includes(key)) {
      throw bad(ctx, ["correlation", "condition", key], `unknown condition operator '${key}'`);
    }
    if (typeof value !== "number") throw bad(ctx, ["correlation", "condition", key], `'${key}' must be a number`);
    out[key] = value;
  }
  if (Object.keys(out).length === 0) throw bad(ctx, ["correlation", "condition"], "condition needs an operator");
  return out;
}

function parseCorrelation(raw: Record<string, unknown>, ctx: ParseContext, index: number): SigmaCorrelation {
  const c = raw.correlation;
  if (!isMap(c)) throw bad(ctx, ["correlation"], "'correlation' must be a map");
  const type = c.type as CorrelationType;
  if (!CORRELATION_TYPES.includes(type)) {
    throw bad(ctx, ["correlation", "type"], `'type' must be one of ${CORRELATION_TYPES.join(", ")}`);
  }
  const rules = strings(c.rules);
  if (rules.length === 0) throw bad(ctx, ["correlation", "rules"], "'rules' must name at least one rule");
  const timespanMs = parseTimespan(String(c.timespan ?? c.timeframe ?? ""));
  if (timespanMs === null) throw bad(ctx, ["correlation", "timespan"], "'timespan' must look like 30s, 5m, 1h or 7d");
  const temporal = type === "temporal" || type === "temporal_ordered";
  let condition: Threshold | undefined;
  let field: string | undefined;
  if (isMap(c.condition)) {
    condition = parseThreshold(c.condition, ctx);
    if (c.condition.field !== undefined) field = String(c.condition.field);
  } else if (!temporal) {
    throw bad(ctx, ["correlation", "condition"], `'${type}' needs a condition such as 'gte: 10'`);
  }
  if (type.startsWith("value_") && field === undefined) {
    throw bad(ctx, ["correlation", "condition"], `'${type}' needs 'field' in its condition`);
  }
  const aliases: Record<string, Record<string, string>> = {};
  if (isMap(c.aliases)) {
    for (const [alias, mapping] of Object.entries(c.aliases)) {
      if (!isMap(mapping)) throw bad(ctx, ["correlation", "aliases", alias], "an alias maps rule names to fields");
      aliases[alias] = Object.fromEntries(Object.entries(mapping).map(([k, v]) => [k, String(v)]));
    }
  }
  return {
    kind: "correlation",
    ...common(raw, ctx, index),
    level: level(raw, ctx),
    tags: strings(raw.tags).map((t) => t.toLowerCase()),
    type,
    rules,
    groupBy: strings(c["group-by"]),
    timespanMs,
    condition,
    ...(field === undefined ? {} : { field }),
    aliases,
    generate: c.generate === true,
  };
}

/**
 * Parses one Sigma document (rule, filter or correlation) from its YAML value.
 * Throws a TocsinError naming the file, line and field of the first problem.
 */
export function parseDocument(raw: unknown, ctx: ParseContext, index = 0): SigmaDocument {
  if (!isMap(raw)) throw bad(ctx, [], "a Sigma document must be a map");
  if (raw.correlation !== undefined) return parseCorrelation(raw, ctx, index);
  if (raw.filter !== undefined && raw.detection === undefined) return parseFilter(raw, ctx, index);
  if (raw.detection === undefined) throw bad(ctx, ["detection"], "'detection' is required");
  return parseRule(raw, ctx, index);
}

/** Like parseDocument, but returns the problem as data. */
export function safeParseDocument(raw: unknown, ctx: ParseContext, index = 0): Result<SigmaDocument> {
  try {
    return ok(parseDocument(raw, ctx, index));
  } catch (error) {
    if (!(error instanceof TocsinError)) throw error;
    const issue: Issue = { code: error.code, message: error.message, ...(error.place ? { place: error.place } : {}) };
    return fail(issue);
  }
}
