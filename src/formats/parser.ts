import type { Event, Issue, Result } from "../core/index.js";

/** ECS fields of an event, flat with dotted names (`source.ip`, `process.command_line`). */
export type EcsRecord = Readonly<Record<string, string | number>>;

/**
 * One event a log format made of a record: the Event the engine sees (log source, time, a
 * Document over `fields`), its ECS entity fields, and the format's own fields as parsed.
 */
export interface ParsedEvent {
  readonly event: Event;
  readonly ecs: EcsRecord;
  /**
   * The format's own fields, named as the format and Sigma's rules for its log source name them
   * (Zeek's `id.orig_h`, CloudTrail's `eventName`, syslog's `hostname`/`msg`): what `event.doc`
   * reads and what `tocsin parse` prints beside the ECS fields.
   */
  readonly fields: Readonly<Record<string, unknown>>;
  /**
   * The id of the format that read the record, when it is not the one that was called: a CEF,
   * LEEF, auth or audit record inside a syslog message is stored as `cef`, `leef`, `linux-auth`
   * or `auditd`.
   */
  readonly format?: string;
}

/**
 * What a format made of one record of a text: the events (some records, such as a Zeek header
 * line or an auditd record whose event is not complete yet, give none) or why it was refused.
 * `line` is 1-based, `record` the 0-based index of the record in the text; `text` is the
 * record's own text, kept for dead letters and for `--original`.
 */
export type ParseOutcome =
  | {
      readonly ok: true;
      readonly line: number;
      readonly record: number;
      readonly events: readonly ParsedEvent[];
      readonly text: string;
    }
  | {
      readonly ok: false;
      readonly line: number;
      readonly record: number;
      readonly issues: readonly Issue[];
      readonly text: string;
    };

/** What the caller knows of a text's origin; parsers put it in issues' places. */
export interface ParseContext {
  /** The file or stream name, for issue places. */
  readonly source?: string;
  /** The time to assume when a record carries no year or no time zone (syslog RFC 3164): ms since the epoch. */
  readonly now?: number;
}

/**
 * A log format: pure functions from text (or already-parsed JSON values) to events. Stateful
 * formats (Zeek TSV's header lines, auditd's multi-record events) keep their state within one
 * `parseText` call, so a whole file or a whole request body is one call. No I/O.
 *
 * @example
 * for (const o of LOG_FORMATS.zeek.parseText(text, { source: "conn.log" })) {
 *   if (o.ok) for (const e of o.events) engine.match(e.event);
 *   else deadLetter(o.text, o.issues);
 * }
 */
export interface LogFormat {
  /** The name used by `--format`, `?format=` and configuration. */
  readonly id: string;
  /** One line for people: what the format is. */
  readonly title: string;
  /** The Sigma log sources its events can have, for docs and `tocsin parse --help`. */
  readonly logsources: readonly string[];
  /** Reads a whole text: every record in it, in order, one outcome each. Never throws on bad input. */
  parseText(text: string, context?: ParseContext): Iterable<ParseOutcome>;
  /**
   * For formats whose records are JSON values: one record already parsed (an NDJSON line, an
   * item of a HEC or `_bulk` request). Formats whose records are text leave it out.
   */
  parseValue?(value: unknown, context?: ParseContext): Result<readonly ParsedEvent[]>;
  /**
   * True when a sample (the first non-blank line of a text, at most 4 KiB) is plainly of this
   * format; used to pick a format when none is named. Cheap, and false when unsure.
   */
  sniff(sample: string): boolean;
}

/** An issue with the FORMAT_* code and place conventions of docs/errors.md. */
export function formatIssue(
  code: string,
  message: string,
  source: string | undefined,
  line: number,
  field?: string,
): Issue {
  return {
    code,
    message,
    place: {
      ...(source !== undefined ? { file: source } : {}),
      line,
      ...(field !== undefined ? { field } : {}),
    },
  };
}
