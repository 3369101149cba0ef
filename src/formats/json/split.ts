/** Bounds on one JSON record, so no input can make a reader run away. */
export interface JsonLimits {
  /** Longest record, in UTF-16 code units. */
  readonly maxRecordLength: number;
  /** Deepest nesting of objects and arrays. */
  readonly maxDepth: number;
}

/** The limits the JSON log formats use: 8 Mi characters and 256 levels a record. */
export const DEFAULT_JSON_LIMITS: JsonLimits = { maxRecordLength: 8 * 1024 * 1024, maxDepth: 256 };

/**
 * Where one JSON value sits in a text: `start`/`end` offsets, its 1-based first line and its
 * 0-based index, or, when it cannot be a value, why (`truncated`, `too-long`, `too-deep`).
 */
export interface JsonSpan {
  readonly start: number;
  readonly end: number;
  readonly line: number;
  readonly record: number;
  readonly problem?: "truncated" | "too-long" | "too-deep";
}

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

/**
 * Finds the JSON values of a text without parsing them: newline-delimited JSON, values written
 * one after another (pretty-printed or not), or the elements of one top-level array. Strings
 * are skipped whole, so brackets inside them do not count. A value over the limits is reported
 * and skipped: after a too-long or too-deep value, reading resumes at the next line.
 *
 * @example for (const s of splitJson(text)) if (!s.problem) JSON.parse(text.slice(s.start, s.end));
 */
export function* splitJson(text: string, limits: JsonLimits = DEFAULT_JSON_LIMITS): Generator<JsonSpan> {
  const n = text.length;
  let i = 0;
  let line = 1;
  let record = 0;
  let inArray = false;
  while (i < n && isSpace(text.charCodeAt(i))) if (text.charCodeAt(i++) === NEWLINE) line++;
  if (i < n && text.charCodeAt(i) === OPEN_BRACKET) {
    inArray = true;
    i++;
  }
  while (i < n) {
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
    let problem: JsonSpan["problem"];
    let end = -1;
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      let depth = 0;
      const stop = Math.min(n, start + limits.maxRecordLength);
      for (; i < stop; i++) {
        c = text.charCodeAt(i);
        if (c === QUOTE) {
          for (i++; i < stop; i++) {
            const d = text.charCodeAt(i);
            if (d === BACKSLASH) i++;
            else if (d === QUOTE) break;
            else if (d === NEWLINE) line++;
          }
        } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
          if (++depth > limits.maxDepth) {
            problem = "too-deep";
            break;
          }
        } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
          if (--depth === 0) {
            end = ++i;
            break;
          }
        } else if (c === NEWLINE) {
          line++;
        }
      }
      if (end === -1 && problem === undefined) problem = stop < n ? "too-long" : "truncated";
    } else {
      // A scalar: up to the next white space (or comma inside the array).
      while (i < n && !isSpace(text.charCodeAt(i)) && !(inArray && text.charCodeAt(i) === COMMA)) i++;
      end = i;
    }
    if (problem !== undefined) {
      if (problem === "truncated") {
        yield { start, end: n, line: startLine, record, problem };
        return;
      }
      // Skip to the next line and try again from there.
      const next = text.indexOf("\n", i);
      i = next === -1 ? n : next;
      yield { start, end: i, line: startLine, record: record++, problem };
      continue;
    }
    yield { start, end, line: startLine, record: record++ };
  }
}
