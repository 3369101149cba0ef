import type { Alert } from "../alerts/index.js";
import type { EventLogSource } from "../core/index.js";
import type { Level } from "../sigma/index.js";

/** An event about to be stored: normalised, with its id, times, ECS fields and original record. */
export interface NewEvent {
  readonly id: string;
  /** ISO 8601 UTC event time (the time it was received when the record has none). */
  readonly timestamp: string;
  /** ISO 8601 UTC time Tocsin received it; retention counts from it. */
  readonly receivedAt: string;
  readonly logsource: EventLogSource;
  readonly format: string;
  readonly ecs: Readonly<Record<string, string | number>>;
  /** The original record as JSON text (for Windows XML, the XML text as a JSON string). */
  readonly rawJson: string;
  /**
   * The format's own fields as JSON text, for records kept as text (syslog, Zeek TSV, auth.log,
   * CEF...), so that they can be queried by those names as JSON records are by theirs.
   */
  readonly fieldsJson?: string;
}

/** A stored event as read back. */
export interface StoredEvent {
  readonly id: string;
  readonly timestamp: string;
  readonly receivedAt: string;
  readonly logsource: EventLogSource;
  readonly format: string;
  readonly ecs: Readonly<Record<string, string | number>>;
  readonly raw: unknown;
  /** The format's own fields, for records kept as text (see NewEvent.fieldsJson). */
  readonly fields?: Readonly<Record<string, unknown>>;
}

/** A page of results, newest first, and the cursor of the next page when there is one. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly next?: string;
}

/** Filters of an event query. Times are ISO 8601; `from` inclusive, `to` exclusive. */
export interface EventQuery {
  readonly from?: string;
  readonly to?: string;
  readonly product?: string;
  readonly service?: string;
  readonly category?: string;
  /** The format id the events were read as (`syslog`, `zeek`, `evtx-json`...). */
  readonly format?: string;
  /**
   * Field equality filters: ECS names (`host.name`) read the ECS fields; other names are Sigma
   * fields of the original record (`EventID`, `Image`) or the fields a log format read from a
   * text record (`query`, `id.orig_h`, `msg`), compared as text, case-insensitively.
   */
  readonly fields?: Readonly<Record<string, string>>;
  readonly limit: number;
  readonly cursor?: string;
}

/** Where events are kept. */
export interface EventStore {
  /** Appends events durably: when the promise resolves they survive a crash. */
  appendEvents(events: readonly NewEvent[]): Promise<void>;
  queryEvents(query: EventQuery): Promise<Page<StoredEvent>>;
  getEvent(id: string): Promise<StoredEvent | undefined>;
  countEvents(): Promise<number>;
  /**
   * Retention: deletes the events received on UTC days before the day of `time` (ISO 8601),
   * whole days at a time; returns how many.
   */
  pruneEventsBefore(time: string): Promise<number>;
}

/** Filters of an alert query. */
export interface AlertQuery {
  readonly from?: string;
  readonly to?: string;
  readonly ruleId?: string;
  readonly level?: Level;
  readonly minLevel?: Level;
  /** An entity value (host, user, ip...), matched exactly, case-insensitively. */
  readonly entity?: string;
  readonly limit: number;
  readonly cursor?: string;
}

/** Where alerts are kept. */
export interface AlertStore {
  appendAlerts(alerts: readonly Alert[]): Promise<void>;
  queryAlerts(query: AlertQuery): Promise<Page<Alert>>;
  getAlert(id: string): Promise<Alert | undefined>;
  countAlerts(): Promise<number>;
}

/** A record that could not be parsed or normalised, kept with the reason. */
export interface DeadLetter {
  readonly id: string;
  readonly receivedAt: string;
  /** 0-based index of the record in its batch. */
  readonly index: number;
  /** 1-based line of the record in the batch body, when known. */
  readonly line?: number;
  readonly code: string;
  readonly reason: string;
  readonly format?: string;
  /** The record's text, cut to a bounded length. */
  readonly record: string;
}

/** Where dead letters are kept. */
export interface DeadLetterStore {
  appendDeadLetters(letters: readonly DeadLetter[]): Promise<void>;
  queryDeadLetters(query: { readonly limit: number; readonly cursor?: string }): Promise<Page<DeadLetter>>;
  countDeadLetters(): Promise<number>;
  /** Retention: deletes the dead letters received before `time` (ISO 8601); returns how many. */
  pruneDeadLettersBefore(time: string): Promise<number>;
}

/** Small named JSON values: engine state, disabled rules, tokens. */
export interface StateStore {
  getState<T>(key: string): Promise<T | undefined>;
  putState(key: string, value: unknown): Promise<void>;
  /** Stores a value already written as JSON text (large state made in slices). */
  putStateText(key: string, json: string): Promise<void>;
}

/** What one ingested batch leaves behind. */
export interface IngestBatch {
  readonly events: readonly NewEvent[];
  readonly alerts: readonly Alert[];
  readonly deadLetters: readonly DeadLetter[];
}

/**
 * Commits a batch's events, alerts and dead letters together, durably, so an acknowledged
 * batch is whole after a crash and no alert points at a missing event.
 */
export interface IngestWriter {
  commitBatch(batch: IngestBatch): Promise<void>;
  /**
   * Whether commits can be made now; `reason` says why not, or what last went wrong. A store that
   * cannot fail apart from its calls need not say.
   */
  health?(): { readonly ok: boolean; readonly reason?: string };
}

/** Every port an adapter gives, as one store. */
export interface TocsinStore extends EventStore, AlertStore, DeadLetterStore, StateStore, IngestWriter {
  close(): Promise<void>;
}
