import type { Event } from "../core/index.js";
import { jsonRecords, splitWindowsXml } from "../formats/index.js";

/** How a batch body is laid out. */
export type BodyKind = "ndjson" | "json-array" | "xml";

/** An event a LogFormat has already made of a record: the pipeline stores and matches it as is. */
export interface PreparedEvent {
  readonly event: Event;
  /** The format id stored with the event (`syslog`, `zeek`, `winlogbeat`...). */
  readonly format: string;
  readonly ecs: Readonly<Record<string, string | number>>;
  /** The format's own fields, for `tocsin parse`. */
  readonly fields?: Readonly<Record<string, unknown>>;
}

/** One record cut out of a batch body: its value, or why it could not be read. */
export type DecodedRecord =
  | {
      readonly ok: true;
      readonly index: number;
      readonly line: number;
      /** A parsed JSON value, or for XML bodies the text of one `<Event>` document. */
      readonly value: unknown;
      /** The record's own text when it is at hand (NDJSON lines, XML documents), to store as is. */
      readonly text?: string;
      /** Set when a LogFormat already parsed the record (see format-decode.ts): not normalised again. */
      readonly prepared?: PreparedEvent;
    }
  | {
      readonly ok: false;
      readonly index: number;
      readonly line: number;
      readonly code: string;
      readonly reason: string;
      readonly text: string;
      /** The format that refused the record, kept on its dead letter. */
      readonly format?: string;
    };

/**
 * Tells the layout of a body: a content type naming XML or a body starting with `<` is XML,
 * `[` a JSON array, anything else newline-delimited JSON (or JSON objects one after another).
 */
export function bodyKind(body: string, contentType?: string): BodyKind {
  const type = (contentType ?? "").toLowerCase();
  if (type.includes("xml")) return "xml";
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0xfeff) continue;
    if (c === 0x3c) return "xml";
    if (c === 0x5b) return "json-array";
    return "ndjson";
  }
  return "ndjson";
}

const SNIPPET = 4096;

/** Cuts a record's text to a bounded length for dead letters. */
export function snippet(text: string): string {
  return text.length > SNIPPET ? `${text.slice(0, SNIPPET)}…` : text;
}

/**
 * Splits a batch body into records, each with its 0-based index and 1-based line. A record that
 * does not parse is returned with its reason and the others go on.
 *
 * @example for (const r of decodeBatch('{"a":1}\n{bad\n')) console.log(r.ok, r.index);
 */
export function decodeBatch(body: string, contentType?: string): DecodedRecord[] {
  const kind = bodyKind(body, contentType);
  if (kind === "xml") return decodeXml(body);
  if (kind === "ndjson") {
    const lines = decodeLines(body);
    if (lines) return lines;
  }
  return decodeJson(body);
}

/**
 * Newline-delimited JSON, one record a line, each line kept as the record's text. Returns
 * undefined when the first record spans lines (pretty-printed objects), which decodeJson reads.
 */
function decodeLines(body: string): DecodedRecord[] | undefined {
  // The text between line feeds, the last piece included even when empty.
  const lines = body.split("\n");
  const first = lines.find((text) => text.trim() !== "");
  return first !== undefined && opensMultiLineRecord(first) ? undefined : [...lineRecords(lines)];
}

/**
 * True when the first non-blank line of a body is a lone `{`: its first record spans lines
 * (pretty-printed objects), so the body is read as JSON, not line by line.
 */
export function opensMultiLineRecord(firstLine: string): boolean {
  return firstLine.trim() === "{";
}

/**
 * The records of NDJSON lines, one at a time, as they are read: a parsed value lives only as
 * long as its consumer keeps it, not for the whole batch. Blank lines are skipped but counted.
 */
export function* lineRecords(lines: Iterable<string>): Generator<DecodedRecord> {
  let index = 0;
  let line = 0;
  for (let text of lines) {
    line++;
    if (text.endsWith("\r")) text = text.slice(0, -1);
    if (text.trim() === "") continue;
    let record: DecodedRecord;
    try {
      record = { ok: true, index, line, value: JSON.parse(text) as unknown, text };
    } catch (error) {
      record = { ok: false, index, line, code: "INGEST_BAD_JSON", reason: jsonReason(error), text: snippet(text) };
    }
    index++;
    yield record;
  }
}

function jsonReason(error: unknown): string {
  return `not valid JSON: ${error instanceof Error ? error.message : String(error)}`;
}

function decodeJson(body: string): DecodedRecord[] {
  const out: DecodedRecord[] = [];
  for (const r of jsonRecords(body, "body")) {
    if (r.ok) out.push({ ok: true, index: r.record, line: r.line, value: r.value });
    else {
      out.push({
        ok: false,
        index: r.record,
        line: r.line,
        code: "INGEST_BAD_JSON",
        reason: r.issue.message,
        text: snippet(lineAt(body, r.line)),
      });
    }
  }
  return out;
}

function lineAt(body: string, line: number): string {
  let start = 0;
  for (let l = 1; l < line; l++) {
    const n = body.indexOf("\n", start);
    if (n === -1) return "";
    start = n + 1;
  }
  const end = body.indexOf("\n", start);
  return body.slice(start, end === -1 ? body.length : end);
}

function decodeXml(body: string): DecodedRecord[] {
  const slices = splitWindowsXml(body);
  if (slices.length === 0) {
    return [
      {
        ok: false,
        index: 0,
        line: 1,
        code: "INGEST_NO_EVENTS",
        reason: "the XML holds no <Event>",
        text: snippet(body),
      },
    ];
  }
  return slices.map((s, index) => ({ ok: true, index, line: s.line, value: s.text, text: s.text }));
}
