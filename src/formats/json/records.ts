import { type Issue, TocsinError } from "../../core/index.js";
import { DEFAULT_JSON_LIMITS, type JsonSpan, splitJson } from "./split.js";

/** One record read from a JSON text, or the reason it could not be read, with its place. */
export type JsonRecord =
  | { readonly ok: true; readonly value: unknown; readonly record: number; readonly line: number }
  | { readonly ok: false; readonly issue: Issue; readonly record: number; readonly line: number };

function issue(file: string, line: number, record: number, message: string, code = "JSON_BAD_RECORD"): Issue {
  return { code, message, place: { file, line, record } };
}

const PROBLEMS: Readonly<Record<NonNullable<JsonSpan["problem"]>, (line: number) => string>> = {
  truncated: (line) => `truncated JSON: record starting at line ${line} never ends`,
  "too-long": () => `record longer than ${DEFAULT_JSON_LIMITS.maxRecordLength} characters: skipped to the next line`,
  "too-deep": () => `record nested deeper than ${DEFAULT_JSON_LIMITS.maxDepth} levels: skipped to the next line`,
};

/** True when the text opens a top-level array that its last character does not close. */
function arrayLeftOpen(text: string): boolean {
  const first = text.trimStart();
  if (!first.startsWith("[")) return false;
  return !text.trimEnd().endsWith("]");
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
  let record = 0;
  for (const span of splitJson(text)) {
    record = span.record + 1;
    if (span.problem !== undefined) {
      const code = span.problem === "truncated" ? "JSON_TRUNCATED" : "JSON_BAD_RECORD";
      const message = PROBLEMS[span.problem](span.line);
      yield {
        ok: false,
        issue: issue(file, span.line, span.record, message, code),
        record: span.record,
        line: span.line,
      };
      if (span.problem === "truncated") return;
      continue;
    }
    try {
      yield { ok: true, value: JSON.parse(text.slice(span.start, span.end)), record: span.record, line: span.line };
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      yield {
        ok: false,
        issue: issue(file, span.line, span.record, `invalid JSON: ${why}`),
        record: span.record,
        line: span.line,
      };
    }
  }
  if (arrayLeftOpen(text)) {
    const line = text.split("\n").length;
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
