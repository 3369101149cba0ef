import type { Result } from "../../core/index.js";
import { type ParseContext, type ParseOutcome, type ParsedEvent, formatIssue } from "../parser.js";
import { checkLine, textLines } from "./lines.js";

/** What a line format made of one line: its events, or a FORMAT_* code, a reason and the field at fault. */
export type LineResult =
  | { readonly ok: true; readonly events: readonly ParsedEvent[] }
  | { readonly ok: false; readonly code: string; readonly reason: string; readonly field?: string };

/** Reads one line (already checked for length and encoding) with the time to assume for yearless dates. */
export type LineParser = (line: string, now: number) => LineResult;

/**
 * Runs a line parser over every non-blank line of a text, refusing over-long and badly encoded
 * lines first, and gives one outcome per line; a bad line never stops the ones after it.
 */
export function* lineOutcomes(
  text: string,
  context: ParseContext | undefined,
  parse: LineParser,
): Generator<ParseOutcome> {
  const now = context?.now ?? Date.now();
  for (const l of textLines(text)) {
    const refused = checkLine(l.text, context?.source, l.line);
    if (refused) {
      yield { ok: false, line: l.line, record: l.record, issues: [refused], text: l.text };
      continue;
    }
    const r = parse(l.text, now);
    if (r.ok) yield { ok: true, line: l.line, record: l.record, events: r.events, text: l.text };
    else {
      const issue = formatIssue(r.code, r.reason, context?.source, l.line, r.field);
      yield { ok: false, line: l.line, record: l.record, issues: [issue], text: l.text };
    }
  }
}

/** One message (no newline framing) through a line parser, as a Result whose issues name line 1. */
export function parseOneLine(
  text: string,
  context: ParseContext | undefined,
  parse: LineParser,
): Result<readonly ParsedEvent[]> {
  const refused = checkLine(text, context?.source, 1);
  if (refused) return { ok: false, issues: [refused] };
  const r = parse(text, context?.now ?? Date.now());
  if (r.ok) return { ok: true, value: r.events };
  return { ok: false, issues: [formatIssue(r.code, r.reason, context?.source, 1, r.field)] };
}
