import type { Issue, Result } from "../../core/index.js";
import { type ParseContext, type ParseOutcome, type ParsedEvent, formatIssue } from "../parser.js";
import { DEFAULT_JSON_LIMITS, type JsonLimits, splitJson } from "./split.js";

/** How a JSON log format reads one value. */
export interface JsonReader {
  /**
   * The records a container value holds (CloudTrail's `{"Records": [...]}`), read one outcome
   * each; undefined when the value is itself one record.
   */
  readonly expand?: (value: unknown) => readonly unknown[] | undefined;
  /** The events of one record, or why it is refused. `line` is where the record starts. */
  readonly read: (value: unknown, context: ParseContext, line: number) => Result<readonly ParsedEvent[]>;
  /** Bounds on one record; DEFAULT_JSON_LIMITS when left out. */
  readonly limits?: JsonLimits;
}

/** At most this many records are read out of one container value. */
export const MAX_EXPANDED_RECORDS = 1_000_000;

const PROBLEMS: Readonly<Record<string, [string, string]>> = {
  truncated: ["FORMAT_TRUNCATED", "the text ends inside this JSON record"],
  "too-long": ["FORMAT_LIMIT", "JSON record over the length limit"],
  "too-deep": ["FORMAT_LIMIT", "JSON record nested deeper than the limit"],
};

function failed(line: number, record: number, issues: readonly Issue[], text: string): ParseOutcome {
  return { ok: false, line, record, issues, text };
}

/**
 * Reads every JSON value of a text (NDJSON, concatenated or pretty-printed values, one
 * top-level array) into one outcome per record. A value that does not parse, or breaks the
 * limits, is one failed outcome with a FORMAT_* issue naming its line; reading goes on.
 *
 * @example yield* jsonOutcomes(text, context, { read: (v, c, line) => eveEvents(v, c, line) });
 */
export function* jsonOutcomes(text: string, context: ParseContext, reader: JsonReader): Generator<ParseOutcome> {
  const limits = reader.limits ?? DEFAULT_JSON_LIMITS;
  let record = 0;
  for (const span of splitJson(text, limits)) {
    if (span.problem !== undefined) {
      // Only the start of a refused value is kept: it may be megabytes long.
      const own = text.slice(span.start, Math.min(span.end, span.start + 4096));
      const [code, message] = PROBLEMS[span.problem] as [string, string];
      yield failed(span.line, record++, [formatIssue(code, message, context.source, span.line)], own);
      continue;
    }
    const slice = text.slice(span.start, span.end);
    let value: unknown;
    try {
      value = JSON.parse(slice);
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      const issue = formatIssue("FORMAT_BAD_JSON", `invalid JSON: ${why}`, context.source, span.line);
      yield failed(span.line, record++, [issue], slice.slice(0, 4096));
      continue;
    }
    const items = reader.expand?.(value);
    if (items === undefined) {
      yield outcome(reader.read(value, context, span.line), span.line, record++, slice);
      continue;
    }
    let count = 0;
    for (const item of items) {
      if (++count > MAX_EXPANDED_RECORDS) {
        const issue = formatIssue(
          "FORMAT_LIMIT",
          `over ${MAX_EXPANDED_RECORDS} records in one value`,
          context.source,
          span.line,
        );
        yield failed(span.line, record++, [issue], "");
        break;
      }
      yield itemOutcome(reader.read(item, context, span.line), span.line, record++, item);
    }
  }
}

/**
 * The outcome of one record of a container. Its own text is not in the input as such: it is
 * written out of the value, at once for a refused record (its dead letter needs it) and only when
 * asked for an accepted one (most never are), which saves serialising every record of a file.
 */
function itemOutcome(
  result: Result<readonly ParsedEvent[]>,
  line: number,
  record: number,
  item: unknown,
): ParseOutcome {
  if (!result.ok) return { ok: false, line, record, issues: result.issues, text: JSON.stringify(item) ?? "" };
  let text: string | undefined;
  return {
    ok: true,
    line,
    record,
    events: result.value,
    get text(): string {
      text ??= JSON.stringify(item) ?? "";
      return text;
    },
  };
}

function outcome(result: Result<readonly ParsedEvent[]>, line: number, record: number, text: string): ParseOutcome {
  return result.ok
    ? { ok: true, line, record, events: result.value, text }
    : { ok: false, line, record, issues: result.issues, text };
}

/** The object a record must be, or undefined (the caller refuses it with FORMAT_NOT_AN_OBJECT). */
export function asObject(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** The issue of a record that is not a JSON object. */
export function notAnObject(value: unknown, context: ParseContext, line: number): Issue {
  const kind = value === null ? "null" : Array.isArray(value) ? "an array" : typeof value;
  return formatIssue("FORMAT_NOT_AN_OBJECT", `a record must be a JSON object, not ${kind}`, context.source, line);
}

/**
 * `parseValue` of a JSON reader: a container's records all read (the first refused one fails the
 * whole value, since a Result has no room for partial success), or the value as one record.
 */
export function readValue(value: unknown, context: ParseContext, reader: JsonReader): Result<readonly ParsedEvent[]> {
  const items = reader.expand?.(value);
  if (items === undefined) return reader.read(value, context, 1);
  const events: ParsedEvent[] = [];
  for (const item of items.slice(0, MAX_EXPANDED_RECORDS)) {
    const one = reader.read(item, context, 1);
    if (!one.ok) return one;
    events.push(...one.value);
  }
  return { ok: true, value: events };
}
