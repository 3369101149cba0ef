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

/**
 * The issue that refuses a record before it is parsed: longer than MAX_LINE_LENGTH
 * (FORMAT_LIMIT); undefined when it is fine. Text that held bytes other than UTF-8 (U+FFFD once
 * decoded, or read as Latin-1 by the syslog listeners) is not refused: the rest of the line is
 * parsed and matched, so one bad byte cannot hide an attacker's line from detection, and the
 * stored original shows what came.
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
  return undefined;
}
