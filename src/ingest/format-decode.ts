import { type Event, type Issue, describeIssues } from "../core/index.js";
import {
  type IngestFormat,
  type JsonEventOptions,
  LOG_FORMATS,
  type LogFormat,
  type ParseContext,
  type ParseOutcome,
  type ParsedEvent,
  detectJsonFormat,
  normaliseRecord,
  sniffFormat,
} from "../formats/index.js";
import { type DecodedRecord, type PreparedEvent, decodeBatch, snippet } from "./decode.js";

/** The record shapes normaliseRecord reads (Windows events and generic JSON). */
export const WINDOWS_FORMATS: readonly IngestFormat[] = ["evtx-json", "windows-xml", "winlogbeat", "json"];

/** How a body is to be read: by normaliseRecord (Windows shapes, generic JSON) or by a LogFormat. */
export type FormatChoice =
  | { readonly kind: "windows"; readonly format?: IngestFormat }
  | { readonly kind: "log"; readonly format: LogFormat };

/** Formats a deployment adds by configuration (generic JSON with a field mapping), by id. */
export type ConfiguredFormats = Readonly<Record<string, LogFormat>>;

/** Every format id ingest accepts: the Windows shapes, each registered LogFormat, then configured ones. */
export function knownFormats(configured: ConfiguredFormats = {}): string[] {
  return [
    ...WINDOWS_FORMATS,
    ...Object.keys(LOG_FORMATS).filter((id) => !WINDOWS_FORMATS.includes(id as IngestFormat)),
    ...Object.keys(configured),
  ];
}

/** The format named by an id (built in, or configured), or undefined when no format has it. */
export function formatById(id: string, configured: ConfiguredFormats = {}): FormatChoice | undefined {
  if (WINDOWS_FORMATS.includes(id as IngestFormat)) return { kind: "windows", format: id as IngestFormat };
  const format = Object.hasOwn(LOG_FORMATS, id)
    ? LOG_FORMATS[id]
    : Object.hasOwn(configured, id)
      ? configured[id]
      : undefined;
  return format ? { kind: "log", format } : undefined;
}

/**
 * True when a body is JSON or Windows XML by its first character (`{`, `[`, or `<` not followed
 * by a digit: `<34>` opens a syslog message) or its content type.
 */
export function looksStructured(body: string, contentType?: string): boolean {
  const type = (contentType ?? "").toLowerCase();
  if (type.includes("xml") || type.includes("json")) return true;
  for (let i = 0; i < body.length && i < 65_536; i++) {
    const c = body.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0xfeff) continue;
    if (c === 0x7b || c === 0x5b) return true;
    if (c === 0x3c) {
      const next = body.charCodeAt(i + 1);
      return !(next >= 0x30 && next <= 0x39);
    }
    return false;
  }
  return false;
}

/** The first non-blank line of a text, at most 4 KiB of it: what LogFormat.sniff reads. */
export function firstLine(text: string): string {
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf("\n", start);
    if (end === -1) end = text.length;
    const line = text.slice(start, Math.min(end, start + 4096)).replace(/\r$/, "");
    if (line.trim() !== "") return line;
    start = end + 1;
  }
  return "";
}

/** Makes one ParsedEvent a prepared record the pipeline stores as is. */
export function preparedOf(e: ParsedEvent, format: string, fallbackTime?: string): PreparedEvent {
  return { event: timed(e.event, fallbackTime), format: e.format ?? format, ecs: e.ecs, fields: e.fields };
}

/** The event, given the fallback time when it carries none. */
function timed(event: Event, fallbackTime: string | undefined): Event {
  return event.timestamp === undefined && fallbackTime !== undefined ? { ...event, timestamp: fallbackTime } : event;
}

/** Options of outcomeRecords. */
export interface OutcomeOptions {
  /** The event time of events that carry none (a HEC envelope's `time`), ISO 8601. */
  readonly fallbackTime?: string;
  /** Added to each record's index, when several texts make one batch. */
  readonly indexBase?: number;
}

/**
 * Turns a LogFormat's outcomes into decoded records: one prepared record per event (with the
 * event's raw value, its ECS and format fields), one refused record per bad record with its
 * first issue's code, every issue's message, its line and text, marked with the format id.
 */
export function outcomeRecords(
  outcomes: Iterable<ParseOutcome>,
  format: string,
  options: OutcomeOptions = {},
  out: DecodedRecord[] = [],
): DecodedRecord[] {
  const base = options.indexBase ?? 0;
  for (const o of outcomes) {
    const index = base + o.record;
    if (!o.ok) {
      const record = refused({ index, line: o.line }, o.issues, "FORMAT_UNRECOGNISED", o.text, format);
      out.push(record.reason === "" ? { ...record, reason: `not a ${format} record` } : record);
      continue;
    }
    for (const e of o.events) {
      const raw = e.event.raw;
      out.push({
        ok: true,
        index,
        line: o.line,
        value: raw,
        ...(typeof raw === "string" ? { text: raw } : {}),
        prepared: preparedOf(e, format, options.fallbackTime),
      });
    }
  }
  return out;
}

/** Options of decodeBody. */
export interface DecodeBodyOptions {
  readonly format?: FormatChoice;
  readonly contentType?: string;
  readonly context?: ParseContext;
}

/** A decoded body and the format it was read as (undefined: each JSON record by its shape). */
export interface DecodedBody {
  readonly records: DecodedRecord[];
  readonly format?: string;
}

/**
 * Decodes a request body: with a LogFormat, by its parseText; with a Windows shape, by
 * decodeBatch; with none, by the format that sniffs its first line (for a JSON body, only a
 * JSON format: Zeek JSON, Suricata EVE, CloudTrail...), else by decodeBatch as before.
 *
 * @example const { records } = decodeBody("<34>1 2026-11-21T09:00:00Z host app - - - hi\n");
 */
export function decodeBody(body: string, options: DecodeBodyOptions = {}): DecodedBody {
  let choice = options.format;
  if (choice === undefined) {
    const sniffed = sniffFormat(firstLine(body));
    // A JSON or XML body keeps the Windows path unless a JSON format (Zeek, Suricata, CloudTrail...)
    // plainly claims its first line; a text body goes to whichever format claims it.
    if (sniffed && (sniffed.parseValue !== undefined || !looksStructured(body, options.contentType))) {
      choice = { kind: "log", format: sniffed };
    }
  }
  if (choice?.kind === "log") {
    const id = choice.format.id;
    return { records: outcomeRecords(choice.format.parseText(body, options.context), id), format: id };
  }
  return {
    records: decodeBatch(body, options.contentType),
    ...(choice?.format !== undefined ? { format: choice.format } : {}),
  };
}

/**
 * Reads one JSON value a shipper sent (a HEC event object, a `_bulk` document): a Windows shape
 * by normaliseRecord, a value some LogFormat with parseValue plainly claims by that format, any
 * other object as generic JSON (ECS documents included). The result is a decoded record.
 */
export function decodeJsonValue(
  value: unknown,
  place: { readonly index: number; readonly line: number },
  options: {
    readonly jsonOptions?: JsonEventOptions;
    readonly fallbackTime?: string;
    readonly format?: FormatChoice;
    /** Given to the format: its `source` names the log (Zeek's path from `dns.log`). */
    readonly context?: ParseContext;
  } = {},
): DecodedRecord[] {
  const text = typeof value === "string" ? value : jsonText(value);
  if (text === undefined) {
    const reason = `the JSON value is nested deeper than ${MAX_JSON_DEPTH} levels`;
    return [{ ok: false, ...place, code: "FORMAT_LIMIT", reason, text: "(not kept: nested too deeply)" }];
  }
  const choice = options.format ?? claimJson(value, text);
  if (choice?.kind === "log" && choice.format.parseValue) {
    const id = choice.format.id;
    const r = choice.format.parseValue(value, options.context);
    if (!r.ok) return [refused(place, r.issues, "FORMAT_UNRECOGNISED", text, id)];
    return r.value.map((e) => ({ ok: true, ...place, value, text, prepared: preparedOf(e, id, options.fallbackTime) }));
  }
  if (choice?.kind === "log") {
    // A text format named for a JSON value: its text is what the format reads.
    return outcomeRecords(choice.format.parseText(text, options.context), choice.format.id, {
      indexBase: place.index,
      ...fallback(options),
    });
  }
  const windows = choice?.format;
  const n = normaliseRecord(value, windows, options.jsonOptions ?? {});
  if (!n.ok) return [refused(place, n.issues, "INGEST_UNRECOGNISED", text, windows)];
  const prepared: PreparedEvent = { ...n.value, event: timed(n.value.event, options.fallbackTime) };
  return [{ ok: true, ...place, value, text, prepared }];
}

/** A record a format refused: its first issue's code, every issue's message, its text cut short. */
function refused(
  place: { readonly index: number; readonly line: number },
  issues: readonly Issue[],
  fallbackCode: string,
  text: string,
  format: string | undefined,
): DecodedRecord & { ok: false } {
  return {
    ok: false,
    ...place,
    code: issues[0]?.code ?? fallbackCode,
    reason: describeIssues(issues),
    text: snippet(text),
    ...(format !== undefined ? { format } : {}),
  };
}

function fallback(options: { readonly fallbackTime?: string }): OutcomeOptions {
  return options.fallbackTime !== undefined ? { fallbackTime: options.fallbackTime } : {};
}

/** The format that plainly claims a JSON value: Windows shapes first, then LogFormats that read values. */
function claimJson(value: unknown, text: string): FormatChoice | undefined {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
  const windows = detectJsonFormat(value);
  if (windows !== "json") return { kind: "windows", format: windows };
  const sample = text.slice(0, 4096);
  for (const format of Object.values(LOG_FORMATS)) {
    if (format.parseValue && format.sniff(sample)) return { kind: "log", format };
  }
  return undefined;
}

/** JSON values nested deeper than this are refused: serialising them would exhaust the stack. */
export const MAX_JSON_DEPTH = 256;

/** A JSON value's text, or undefined when it is nested deeper than MAX_JSON_DEPTH. */
export function jsonText(value: unknown): string | undefined {
  // Measured without recursion first, so a hostile value cannot overflow the stack here either.
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (node === null || typeof node !== "object") continue;
    if (depth >= MAX_JSON_DEPTH) return undefined;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (child !== null && typeof child === "object") stack.push([child, depth + 1]);
    }
  }
  return JSON.stringify(value) ?? String(value);
}
