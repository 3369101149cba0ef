import { type Issue, TocsinError } from "../../core/index.js";

/** One record read from a JSON text, or the reason it could not be read, with its place. */
export type JsonRecord =
  | { readonly ok: true; readonly value: unknown; readonly record: number; readonly line: number }
  | { readonly ok: false; readonly issue: Issue; readonly record: number; readonly line: number };

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;
const COMMA = 0x2c;

function isSpace(c: number): boolean {
  return c === 0x20 || c === NEWLINE || c === 0x0d || c === 0x09 || c === 0xfeff;
}

function issue(file: string, line: number, record: number, message: string, code = "JSON_BAD_RECORD"): Issue {
  return { code, message, place: { file, line, record } };
}

/**
 * Splits a JSON text into records: one JSON array of records, newline-delimited JSON, or JSON
 * values written one after another (pretty-printed or not). A record that does not parse is
 * reported with its line and index, and reading goes on with the next one; a truncated last
 * record is reported as such.
 *
 * @example for (const r of jsonRecords(text, "events.json")) if (r.ok) use(r.value);
 */
export function* jsonRecords(text: string, file: string): Generator<JsonRecord> {
  let i = 0;
  let line = 1;
  const n = text.length;
  while (i < n && isSpace(text.charCodeAt(i))) {
    if (text.charCodeAt(i) === NEWLINE) line++;
    i++;
  }
  if (i >= n) return;
  let inArray = false;
  if (text.charCodeAt(i) === OPEN_BRACKET) {
    inArray = true;
    i++;
  }
  let record = 0;
  while (i < n) {
    // Skip white space and, inside the top-level array, the commas between records.
    let c = text.charCodeAt(i);
    while (i < n && (isSpace(c) || (inArray && c === COMMA))) {
      if (c === NEWLINE) line++;
      c = text.charCodeAt(++i);
    }
    if (i >= n) break;
    if (inArray && c === CLOSE_BRACKET) {
      inArray = false;
      i++;
      continue;
    }
    const start = i;
    const startLine = line;
    let depth = 0;
    let end = -1;
    // Find where this value ends: balanced brackets outside strings, or the end of a scalar.
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      for (; i < n; i++) {
        c = text.charCodeAt(i);
        if (c === QUOTE) {
          for (i++; i < n; i++) {
            const d = text.charCodeAt(i);
            if (d === BACKSLASH) i++;
            else if (d === QUOTE) break;
            else if (d === NEWLINE) line++;
          }
        } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
          depth++;
        } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
          depth--;
          if (depth === 0) {
            end = ++i;
            break;
          }
        } else if (c === NEWLINE) {
          line++;
        }
      }
    } else {
      while (i < n && !isSpace(text.charCodeAt(i)) && !(inArray && text.charCodeAt(i) === COMMA)) i++;
      end = i;
    }
    if (end === -1) {
      yield {
        ok: false,
        issue: issue(
          file,
          startLine,
          record,
          `truncated JSON: record starting at line ${startLine} never ends`,
          "JSON_TRUNCATED",
        ),
        record,
        line: startLine,
      };
      return;
    }
    const slice = text.slice(start, end);
    try {
      yield { ok: true, value: JSON.parse(slice), record, line: startLine };
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      yield { ok: false, issue: issue(file, startLine, record, `invalid JSON: ${why}`), record, line: startLine };
    }
    record++;
  }
  if (inArray) {
    yield {
      ok: false,
      issue: issue(file, line, record, "truncated JSON: the array is never closed", "JSON_TRUNCATED"),
      record,
      line,
    };
  }
}

/** Throws when a buffer looks binary (NUL bytes early on), naming the file; JSON never holds NUL. */
export function assertTextual(bytes: Uint8Array, file: string): void {
  const limit = Math.min(bytes.length, 8192);
  for (let i = 0; i < limit; i++) {
    if (bytes[i] === 0) {
      throw new TocsinError("INPUT_BINARY", `binary data at offset ${i}: not a JSON or NDJSON file`, {
        place: { file, offset: i },
      });
    }
  }
}
