import { zeekText } from "./values.js";

/** Most fields one Zeek record may have (TSV columns or flattened JSON keys). */
export const MAX_ZEEK_FIELDS = 1024;

/** Keys the JSON writers add that are not log fields: the path goes to the log source. */
const META = new Set(["_path", "_write_ts", "_system_name"]);

function canonicalScalar(v: unknown): unknown {
  if (typeof v === "string") return v === "" ? undefined : zeekText(v, false);
  if (typeof v === "number") return Number.isFinite(v) ? v : undefined;
  if (typeof v === "boolean") return v;
  return undefined;
}

interface Sink {
  readonly out: Record<string, unknown>;
  count: number;
}

/** Adds one (possibly nested) value; false when over the depth or field limits. */
function put(sink: Sink, key: string, v: unknown, depth: number): boolean {
  if (v === null || v === undefined) return true;
  const out = sink.out;
  if (Array.isArray(v)) {
    const items: unknown[] = [];
    for (const item of v) {
      const c = canonicalScalar(item);
      if (c !== undefined) items.push(c);
    }
    if (items.length > 0) out[key] = items;
    return ++sink.count <= MAX_ZEEK_FIELDS;
  }
  if (typeof v === "object") {
    // Nested records (`"id": {"orig_h": ...}`) read as Zeek's dotted names, as the writers flatten them.
    if (depth >= 8) return false;
    for (const [k, inner] of Object.entries(v as Record<string, unknown>)) {
      if (!put(sink, `${key}.${k}`, inner, depth + 1)) return false;
    }
    return true;
  }
  if (++sink.count > MAX_ZEEK_FIELDS) return false;
  const c = canonicalScalar(v);
  if (c !== undefined) out[key] = c;
  return true;
}

/** A Zeek JSON record made canonical, with its `_path` when it names one. */
export interface ZeekJsonRecord {
  readonly path: string | undefined;
  readonly fields: Record<string, unknown>;
}

/**
 * Makes a record of Zeek's JSON writer (or of the json-streaming-logs package) read like the
 * same record of the TSV writer: nested objects flattened to dotted names, `\xHH` escapes
 * decoded, ISO 8601 times as epoch seconds, and empty strings, empty lists and nulls left out.
 * Returns a reason instead when the record is nested too deep or has too many fields.
 */
export function canonicalZeekJson(record: Record<string, unknown>): ZeekJsonRecord | string {
  const sink: Sink = { out: {}, count: 0 };
  for (const key in record) {
    if (META.has(key)) continue;
    if (!put(sink, key, record[key], 0)) {
      return sink.count > MAX_ZEEK_FIELDS ? `more than ${MAX_ZEEK_FIELDS} fields` : "nested deeper than 8 levels";
    }
  }
  const fields = sink.out;
  const path = record._path;
  return { path: typeof path === "string" && /^[A-Za-z0-9_-]{1,64}$/.test(path) ? path : undefined, fields };
}
