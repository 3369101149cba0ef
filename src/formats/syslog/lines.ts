import type { Issue } from "../../core/index.js";
import { formatIssue } from "../parser.js";

/**
 * The longest record the line formats (syslog, CEF, LEEF, auth.log, auditd) accept: 256 KiB.
 * RFC 5424 section 6.1 lets receivers refuse past 2048 octets and most relays cut at 64 KiB; a
 * longer line is refused with FORMAT_LIMIT rather than parsed.
 */
export const MAX_LINE_LENGTH = 256 * 1024;

/** One non-blank line of a text: its 1-based line number, 0-based record index and text (no CR/LF). */
export interface TextLine {
  readonly line: number;
  readonly record: number;
  readonly text: string;
}

/**
 * Splits a text into its non-blank lines (LF or CRLF), numbering lines from 1 and records from 0.
 * Slicing only: a huge line costs one scan, and the caller refuses it with checkLine.
 *
 * @example for (const l of textLines("a\n\nb")) console.log(l.line, l.text); // 1 a, 3 b
 */
export function* textLines(text: string): Generator<TextLine> {
  let start = 0;
  let line = 1;
  let record = 0;
  const n = text.length;
  while (start <= n) {
    let end = text.indexOf("\n", start);
    if (end === -1) end = n;
    let stop = end;
    if (stop > start && text.charCodeAt(stop - 1) === 0x0d) stop--;
    if (stop > start) {
      const slice = text.slice(start, stop);
      if (slice.trim() !== "") yield { line, record: record++, text: slice };
    }
    start = end + 1;
    line++;
  }
}

/** Index of the first U+FFFD (what a lenient UTF-8 decoder puts for bad bytes) or lone surrogate, else -1. */
export function badEncodingAt(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xd800) continue;
    if (c === 0xfffd) return i;
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        i++;
        continue;
      }
      return i;
    }
    if (c >= 0xdc00 && c <= 0xdfff) return i;
  }
  return -1;
}

/**
 * The issue that refuses a record before it is parsed: longer than MAX_LINE_LENGTH
 * (FORMAT_LIMIT) or not valid UTF-8 (FORMAT_BAD_ENCODING: a U+FFFD replacement character
 * or a lone surrogate, which is what invalid bytes become once decoded); undefined when it is fine.
 */
export function checkLine(text: string, source: string | undefined, line: number): Issue | undefined {
  if (text.length > MAX_LINE_LENGTH) {
    return formatIssue(
      "FORMAT_LIMIT",
      `record of ${text.length} characters is longer than the ${MAX_LINE_LENGTH} allowed`,
      source,
      line,
    );
  }
  const bad = badEncodingAt(text);
  if (bad !== -1) {
    return formatIssue(
      "FORMAT_BAD_ENCODING",
      `invalid UTF-8 at character ${bad + 1}: the record holds bytes that do not decode (U+FFFD or a lone surrogate)`,
      source,
      line,
    );
  }
  return undefined;
}
