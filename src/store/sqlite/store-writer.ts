import type { Database, Statement } from "better-sqlite3";
import type { Alert } from "../../alerts/index.js";
import type { DeadLetter, IngestBatch, NewEvent } from "../../ingest/index.js";
import { levelRank } from "../../sigma/index.js";
import { DAY_MS } from "../cursor.js";
import { BlockWriter } from "./event-blocks.js";
import { TimeIndexWriter } from "./event-times.js";
import type { ScheduleOptions } from "./deferred-index.js";
import { AlertKeyWriter, keyText, keysOfAlert } from "./alert-keys.js";

/**
 * A batch's events as the columns of their rows, made where the batch is made. A writer thread
 * is handed batches through postMessage, which copies an array of strings for a fraction of what
 * it costs to copy as many objects of a dozen fields each (their ECS fields an object more), and
 * the copy the writer receives costs as little less to rebuild: measured on 500 Sysmon events,
 * 1.2 µs an event to post as objects and 2.5 to receive, against 0.4 and 0.7 as columns.
 */
export interface EventRows {
  readonly id: readonly string[];
  readonly timestamp: readonly string[];
  readonly receivedAt: readonly string[];
  readonly product: readonly (string | null)[];
  readonly service: readonly (string | null)[];
  /** Each event's categories as `,a,b,`, as the column holds them. */
  readonly categories: readonly string[];
  readonly format: readonly string[];
  readonly host: readonly (string | null)[];
  readonly user: readonly (string | null)[];
  readonly ecsJson: readonly string[];
  readonly rawJson: readonly string[];
  readonly fieldsJson: readonly (string | null)[];
}

/** An ingest batch with its events as rows (see EventRows), as the writer takes it. */
export interface RowBatch {
  readonly events: EventRows;
  readonly alerts: IngestBatch["alerts"];
  readonly deadLetters: IngestBatch["deadLetters"];
}

function textOrNull(value: string | number | undefined): string | null {
  return value === undefined ? null : String(value);
}

/** The rows of a batch's events. */
export function eventRows(events: readonly NewEvent[]): EventRows {
  return {
    id: events.map((e) => e.id),
    timestamp: events.map((e) => e.timestamp),
    receivedAt: events.map((e) => e.receivedAt),
    product: events.map((e) => e.logsource.product ?? null),
    service: events.map((e) => e.logsource.service ?? null),
    categories: events.map((e) => `,${e.logsource.categories.join(",")},`),
    format: events.map((e) => e.format),
    host: events.map((e) => textOrNull(e.ecs["host.name"])),
    user: events.map((e) => textOrNull(e.ecs["user.name"])),
    ecsJson: events.map((e) => JSON.stringify(e.ecs)),
    rawJson: events.map((e) => e.rawJson),
    fieldsJson: events.map((e) => e.fieldsJson ?? null),
  };
}

/** A batch as the writer takes it. */
export function rowBatch(batch: IngestBatch): RowBatch {
  return { events: eventRows(batch.events), alerts: batch.alerts, deadLetters: batch.deadLetters };
}

/** Most rows one retention step deletes: each step is its own short transaction. */
const RETENTION_CHUNK = 10_000;

/** What retention prunes: the events of days before a UTC day, or the dead letters received before a time. */
export type PruneTarget =
  | { readonly table: "events"; readonly day: number }
  | { readonly table: "dead_letters"; readonly before: string };

/**
 * Every write of the store: ingest batches, each in one transaction, named state, and the
 * retention deletes. With a writer thread all of them run there, on its connection: a write on
 * another connection would wait for the writer's lock, holding up the thread it runs on.
 */
export class StoreWriter {
  private readonly insertEvent: Statement;
  private readonly insertAlert: Statement;
  private readonly insertLetter: Statement;
  private readonly upsertState: Statement;
  private readonly pruneLetters: Statement;
  private readonly blocks: BlockWriter;
  private readonly times: TimeIndexWriter;
  private readonly keys: AlertKeyWriter;
  private readonly inTransaction: (batches: readonly RowBatch[]) => void;
  /** Commits a batch: its events, alerts and dead letters together, or nothing of it. */
  readonly commit: (batch: RowBatch) => void;
  /**
   * Commits several batches in one transaction, so they share one sync to disk (group commit).
   * All or none of them are written.
   */
  readonly commitMany: (batches: readonly RowBatch[]) => void;

  constructor(db: Database, deferred: DeferredIndexOptions = {}) {
    this.insertEvent = db.prepare(
      `INSERT INTO events (id, ts, received, day, product, service, categories, format, host, user, ecs, raw, fields)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertAlert = db.prepare(
      `INSERT INTO alerts (id, rule_id, level, level_rank, first_seen, last_seen, created, body, keys)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertLetter = db.prepare("INSERT INTO dead_letters (id, received, body) VALUES (?, ?, ?)");
    this.upsertState = db.prepare(
      "INSERT INTO state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    );
    this.times = new TimeIndexWriter(db, deferred.timeIndex);
    this.keys = new AlertKeyWriter(db, deferred.alertKeys);
    this.blocks = new BlockWriter(db, this.times);
    // Letters are numbered as they arrive, so the old ones come first in `seq` order and each
    // chunk stops at its limit without reading the letters that stay.
    this.pruneLetters = db.prepare(
      "DELETE FROM dead_letters WHERE seq IN (SELECT seq FROM dead_letters WHERE received < ? ORDER BY seq LIMIT ?)",
    );
    this.inTransaction = db.transaction((batches: readonly RowBatch[]) => {
      this.blocks.reset();
      for (const batch of batches) {
        this.writeEvents(batch.events);
        this.writeAlerts(batch.alerts);
        this.writeLetters(batch.deadLetters);
      }
      this.blocks.close();
      this.times.beforeCommit();
    });
    this.commitMany = (batches) => {
      try {
        this.inTransaction(batches);
      } catch (error) {
        this.times.reset();
        this.keys.reset();
        throw error;
      }
      this.keys.committed();
    };
    this.commit = (batch) => this.commitMany([batch]);
  }

  /**
   * Indexes the events and alerts committed past the marks of the time index and the alert keys
   * once enough of them wait, or else soon. Called after commits are answered, so that no batch's
   * answer waits for it. Never throws (see tolerating in deferred-index.ts).
   */
  maintainIndexes(): void {
    this.times.afterCommit();
    this.keys.afterCommit();
  }

  /**
   * Indexes the events and alerts stored past the marks of the time index and the alert keys (see
   * event-times.ts and alert-keys.ts): those a crash left. Called once a writer is made.
   */
  catchUpIndexes(): void {
    this.times.catchUp();
    this.keys.catchUp();
  }

  /** Indexes what is left and stops the writer's timers; before its connection closes. */
  close(): void {
    this.times.catchUp();
    this.keys.writeWaiting();
  }

  /** Stores a named value, already JSON text. */
  putState(key: string, json: string): void {
    this.upsertState.run(key, json);
  }

  /**
   * Deletes everything `target` names, at most RETENTION_CHUNK rows at a time with a turn of the
   * event loop between, so the thread's other work (batches on the writer thread) goes on
   * meanwhile. Events go a block at a time, oldest first, the block's summary once its events
   * are gone. Returns the rows deleted.
   */
  async prune(target: PruneTarget): Promise<number> {
    let total = 0;
    for (;;) {
      const deleted =
        target.table === "events"
          ? this.blocks.pruneOldest(target.day, RETENTION_CHUNK)
          : this.pruneLetterStep(target.before);
      if (deleted === undefined) return total;
      total += deleted;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  private pruneLetterStep(before: string): number | undefined {
    const { changes } = this.pruneLetters.run(before, RETENTION_CHUNK);
    return changes === 0 ? undefined : changes;
  }

  private writeEvents(rows: EventRows): void {
    let day = -1;
    let dayOf = "";
    for (let i = 0; i < rows.id.length; i++) {
      const receivedAt = rows.receivedAt[i] as string;
      if (receivedAt !== dayOf) {
        dayOf = receivedAt;
        day = Math.floor(Date.parse(receivedAt) / DAY_MS);
      }
      const timestamp = rows.timestamp[i] as string;
      const host = rows.host[i] as string | null;
      const user = rows.user[i] as string | null;
      const { lastInsertRowid } = this.insertEvent.run(
        rows.id[i],
        timestamp,
        receivedAt,
        day,
        rows.product[i],
        rows.service[i],
        rows.categories[i],
        rows.format[i],
        host,
        user,
        rows.ecsJson[i],
        rows.rawJson[i],
        rows.fieldsJson[i],
      );
      const seq = Number(lastInsertRowid);
      this.blocks.add(seq, timestamp, day, host, user);
      this.times.noteInserted(seq);
    }
  }

  private writeAlerts(alerts: readonly Alert[]): void {
    for (const a of alerts) {
      const keys = keysOfAlert(a);
      const { lastInsertRowid } = this.insertAlert.run(
        a.id,
        a.rule.id,
        a.rule.level,
        levelRank(a.rule.level),
        a.firstSeen,
        a.lastSeen,
        a.createdAt,
        JSON.stringify(a),
        keyText(keys),
      );
      this.keys.noteInserted(keys, Number(lastInsertRowid));
    }
  }

  private writeLetters(letters: readonly DeadLetter[]): void {
    for (const d of letters) this.insertLetter.run(d.id, d.receivedAt, JSON.stringify(d));
  }
}

/** When the writer indexes events by time and alerts by rule and entity, after they are stored. */
export interface DeferredIndexOptions {
  /** When the writer indexes stored events by time (see event-times.ts); tests make it often. */
  readonly timeIndex?: ScheduleOptions;
  /** When the writer writes the keys of stored alerts (see alert-keys.ts). */
  readonly alertKeys?: ScheduleOptions;
}

/** Sets the connection options every connection of the store uses. */
export function configure(db: Database, synchronous: "FULL" | "NORMAL"): void {
  db.pragma("journal_mode = WAL");
  db.pragma(`synchronous = ${synchronous}`);
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 10000");
  // Checkpoint less often than the default 1000 pages: fewer, larger copies back to the database.
  db.pragma("wal_autocheckpoint = 10000");
}
