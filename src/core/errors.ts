/** Where an error points: a file and line, a record offset, a field. Every part is optional. */
export interface Place {
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  /** 0-based index of a record within its file or stream. */
  readonly record?: number;
  /** Byte offset within a file. */
  readonly offset?: number;
  readonly field?: string;
}

/** Renders a place as `file:line:column record N offset N field F`, leaving out what is unknown. */
export function formatPlace(place: Place | undefined): string {
  if (!place) return "";
  const parts: string[] = [];
  if (place.file !== undefined) {
    let s = place.file;
    if (place.line !== undefined) s += `:${place.line}`;
    if (place.line !== undefined && place.column !== undefined) s += `:${place.column}`;
    parts.push(s);
  }
  if (place.record !== undefined) parts.push(`record ${place.record}`);
  if (place.offset !== undefined) parts.push(`offset ${place.offset}`);
  if (place.field !== undefined) parts.push(`field ${place.field}`);
  return parts.join(" ");
}

/**
 * The one error root of Tocsin. `code` is stable and listed in docs/errors.md.
 *
 * @example
 * throw new TocsinError("SIGMA_BAD_CONDITION", "unexpected token ')'", { place: { file, line } });
 */
export class TocsinError extends Error {
  readonly code: string;
  readonly place: Place | undefined;

  constructor(code: string, message: string, options: { place?: Place; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "TocsinError";
    this.code = code;
    this.place = options.place;
  }

  /** The message prefixed with its place, as printed to people. */
  describe(): string {
    const where = formatPlace(this.place);
    return where ? `${where}: ${this.message} [${this.code}]` : `${this.message} [${this.code}]`;
  }
}

/** An expected failure, carried as data rather than thrown. */
export interface Issue {
  readonly code: string;
  readonly message: string;
  readonly place?: Place;
  /** Path inside a structured document, such as `detection.selection.Image|endswith`. */
  readonly path?: string;
}

/**
 * Issues as one line for a reason or a message: their messages joined by `; `, each prefixed by
 * its path (`timestamp.format: ...`) when `withPath` is set and it has one.
 */
export function describeIssues(issues: readonly Issue[], options: { readonly withPath?: boolean } = {}): string {
  return issues.map((i) => (options.withPath && i.path ? `${i.path}: ${i.message}` : i.message)).join("; ");
}

/** A value or the issues that prevented it. */
export type Result<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly issues: readonly Issue[] };

/** Builds a successful result. */
export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

/** Builds a failed result from one or more issues. */
export function fail<T>(...issues: Issue[]): Result<T> {
  return { ok: false, issues };
}
