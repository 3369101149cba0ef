import { type EventLogSource, type Issue, type Result, fail, ok } from "../../core/index.js";
import { type EcsFields, putIp, putPort } from "../ecs/values.js";
import { type LogFormat, type ParseContext, type ParsedEvent, formatIssue } from "../parser.js";
import { LookupDocument, lookupPath } from "./lookup.js";
import { asObject, jsonOutcomes, notAnObject } from "./outcomes.js";
import { isoFromEpochSeconds, isoFromText } from "./time.js";

/** How a mapped timestamp is written. */
export type TimestampFormat = "epoch_s" | "epoch_ms" | "iso";

/**
 * A field mapping for generic JSON records, from configuration: the Sigma log source of its
 * records, where their time is, which ECS field comes from which record field (dotted paths),
 * and which record fields rules should see under another name.
 */
export interface JsonMapping {
  readonly logsource: { readonly product?: string; readonly service?: string; readonly category?: string };
  readonly timestamp?: { readonly field: string; readonly format: TimestampFormat };
  /** ECS field → record field: `{ "source.ip": "src_ip" }`. */
  readonly ecs: Readonly<Record<string, string>>;
  /** Record field → the name rules read it under: `{ "proc.cmd": "CommandLine" }`. */
  readonly rename: Readonly<Record<string, string>>;
}

/** The mapping of the registry's `json-mapped` entry when nothing is configured: it maps nothing. */
export const EMPTY_JSON_MAPPING: JsonMapping = { logsource: {}, ecs: {}, rename: {} };

const NAME = /^[A-Za-z0-9_.-]{1,64}$/;
const ECS_NAME = /^[a-z][a-z0-9_]{0,63}(\.[a-z0-9_]{1,64}){0,7}$/;
const FORMATS: readonly string[] = ["epoch_s", "epoch_ms", "iso"];
const MAX_ENTRIES = 512;

function bad(path: string, message: string): Issue {
  return { code: "FORMAT_BAD_MAPPING", message, path };
}

function stringMap(raw: unknown, path: string, keyOk: RegExp, issues: Issue[]): Record<string, string> {
  const out: Record<string, string> = {};
  if (raw === undefined) return out;
  const obj = asObject(raw);
  if (obj === undefined) {
    issues.push(bad(path, `${path} must be an object of names`));
    return out;
  }
  const keys = Object.keys(obj);
  if (keys.length > MAX_ENTRIES) issues.push(bad(path, `${path} has more than ${MAX_ENTRIES} entries`));
  for (const key of keys.slice(0, MAX_ENTRIES)) {
    const v = obj[key];
    if (!keyOk.test(key)) issues.push(bad(`${path}.${key}`, `${JSON.stringify(key)} is not a valid name in ${path}`));
    else if (typeof v !== "string" || v === "" || v.length > 256) {
      issues.push(bad(`${path}.${key}`, `${path}.${key} must name a record field (a non-empty dotted path)`));
    } else out[key] = v;
  }
  return out;
}

/**
 * Checks a mapping from configuration, with one issue (code FORMAT_BAD_MAPPING, `path` naming
 * the entry) for each problem: unknown keys, names that are not names, a timestamp format other
 * than epoch_s, epoch_ms or iso, two fields renamed to one name.
 *
 * @example
 * const m = validateJsonMapping({ logsource: { product: "acme" }, timestamp: { field: "t", format: "epoch_ms" },
 *   ecs: { "source.ip": "src" }, rename: {} });
 * if (m.ok) formats.push(createMappedJsonFormat(m.value));
 */
export function validateJsonMapping(raw: unknown): Result<JsonMapping> {
  const root = asObject(raw);
  if (root === undefined) return fail(bad("", "the mapping must be an object"));
  const issues: Issue[] = [];
  for (const key of Object.keys(root)) {
    if (!["logsource", "timestamp", "ecs", "rename"].includes(key))
      issues.push(bad(key, `unknown mapping key ${JSON.stringify(key)}`));
  }
  const logsource: { product?: string; service?: string; category?: string } = {};
  const ls = root.logsource === undefined ? {} : asObject(root.logsource);
  if (ls === undefined) issues.push(bad("logsource", "logsource must be an object"));
  for (const key of Object.keys(ls ?? {})) {
    const v = ls?.[key];
    if (key !== "product" && key !== "service" && key !== "category")
      issues.push(bad(`logsource.${key}`, `unknown log source key ${JSON.stringify(key)}`));
    else if (typeof v !== "string" || !NAME.test(v))
      issues.push(bad(`logsource.${key}`, `logsource.${key} must be a name like "linux" or "proxy"`));
    else logsource[key] = v;
  }
  let timestamp: JsonMapping["timestamp"];
  const ts = typeof root.timestamp === "string" ? { field: root.timestamp, format: "iso" } : root.timestamp;
  if (ts !== undefined) {
    const t = asObject(ts);
    if (t === undefined || typeof t.field !== "string" || t.field === "" || t.field.length > 256) {
      issues.push(bad("timestamp", "timestamp must be a field name or { field, format }"));
    } else if (typeof t.format !== "string" || !FORMATS.includes(t.format)) {
      issues.push(bad("timestamp.format", `timestamp.format must be one of ${FORMATS.join(", ")}`));
    } else timestamp = { field: t.field, format: t.format as TimestampFormat };
  }
  const ecs = stringMap(root.ecs, "ecs", ECS_NAME, issues);
  const rename = stringMap(root.rename, "rename", /^.{1,256}$/s, issues);
  const targets = new Set<string>();
  for (const [from, to] of Object.entries(rename)) {
    if (targets.has(to)) issues.push(bad(`rename.${from}`, `two fields are renamed to ${JSON.stringify(to)}`));
    targets.add(to);
  }
  if (issues.length > 0) return fail(...issues);
  return ok(timestamp === undefined ? { logsource, ecs, rename } : { logsource, timestamp, ecs, rename });
}

function timeOf(v: unknown, format: TimestampFormat): string | undefined {
  if (format === "iso") return typeof v === "string" ? isoFromText(v) : undefined;
  const n =
    typeof v === "number" ? v : typeof v === "string" && /^\d{1,16}(\.\d{1,9})?$/.test(v) ? Number(v) : Number.NaN;
  return isoFromEpochSeconds(format === "epoch_ms" ? n / 1000 : n);
}

function mappedEcs(fields: Readonly<Record<string, unknown>>, ecs: Readonly<Record<string, string>>): EcsFields {
  const out: EcsFields = {};
  for (const [target, from] of Object.entries(ecs)) {
    const v = lookupPath(fields, from);
    if (target.endsWith(".ip")) putIp(out, target, v);
    else if (target.endsWith(".port")) putPort(out, target, v);
    else if (typeof v === "number" && Number.isFinite(v)) out[target] = v;
    else if (typeof v === "string" && v !== "") out[target] = v;
  }
  return out;
}

/**
 * A LogFormat (`json-mapped`, or the id configuration gives it) for JSON records whose layout a
 * mapping describes (validateJsonMapping):
 * records keep their fields (renamed ones under their new names), get the mapping's log source,
 * time and ECS fields. Without a mapping it maps nothing: no log source, no time, no ECS fields.
 */
export function createMappedJsonFormat(mapping: JsonMapping, id = "json-mapped"): LogFormat {
  const { product, service, category } = mapping.logsource;
  const logsource: EventLogSource = {
    ...(product !== undefined ? { product } : {}),
    ...(service !== undefined ? { service } : {}),
    categories: category !== undefined ? [category] : [],
  };
  const renames = Object.entries(mapping.rename);
  const read = (value: unknown, context: ParseContext, line: number): Result<readonly ParsedEvent[]> => {
    const record = asObject(value);
    if (record === undefined) return fail(notAnObject(value, context, line));
    let fields: Record<string, unknown> = record;
    if (renames.length > 0) {
      fields = { ...record };
      for (const [from, to] of renames) {
        const v = lookupPath(record, from);
        if (v === undefined) continue;
        if (Object.hasOwn(fields, from)) delete fields[from];
        fields[to] = v;
      }
    }
    let timestamp: string | undefined;
    if (mapping.timestamp !== undefined) {
      const { field, format } = mapping.timestamp;
      const v = lookupPath(record, field);
      if (v !== undefined) {
        timestamp = timeOf(v, format);
        if (timestamp === undefined) {
          const message = `${field} ${JSON.stringify(v).slice(0, 60)} is not a time in ${format}`;
          return fail(formatIssue("FORMAT_BAD_FIELD", message, context.source, line, field));
        }
      }
    }
    const doc = new LookupDocument(fields);
    const event = timestamp === undefined ? { logsource, doc, raw: value } : { logsource, timestamp, doc, raw: value };
    return ok([{ event, ecs: mappedEcs(record, mapping.ecs), fields }]);
  };
  const empty = mapping === EMPTY_JSON_MAPPING;
  return {
    id,
    title: empty
      ? "Generic JSON mapped by configuration (no mapping configured: no log source, time or ECS fields)"
      : "Generic JSON mapped by configuration",
    logsources: [
      empty
        ? "none (no mapping configured)"
        : `product: ${product ?? "-"}, service: ${service ?? "-"}, category: ${category ?? "-"}`,
    ],
    parseText: (text, context = {}) => jsonOutcomes(text, context, { read }),
    parseValue: (value, context = {}) => read(value, context, 1),
    // Any JSON could be mapped JSON: never claimed by sniffing, only when named.
    sniff: () => false,
  };
}
