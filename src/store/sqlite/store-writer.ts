import type { Database, Statement } from "better-sqlite3";
import type { IngestBatch } from "../../ingest/index.js";
import { BlockWriter } from "./event-blocks.js";
import { TimeIndexWriter } from "./event-times.js";
import type { ScheduleOptions } from "./deferred-index.js";
import { AlertKeyWriter } from "./alert-keys.js";
import {
  ALERT_INSERT,
  ALERT_WIDTH,
  type BatchRows,
  EVENT_INSERT,
  EVENT_WIDTH,
  LETTER_INSERT,
  LETTER_WIDTH,
  type RowValue,
  batchRows,
} from "./batch-rows.js";

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
  private readonly inTransaction: (batches: readonly BatchRows[]) => void;
  /**
   * Commits several batches, as their rows (see batch-rows.ts), in one transaction, so they share
   * one sync to disk (group commit). All or none of them are written.
   */
  readonly commitMany: (batches: readonly BatchRows[]) => void;

  constructor(db: Database, deferred: DeferredIndexOptions = {}) {
    this.insertEvent = db.prepare(EVENT_INSERT);
    this.insertAlert = db.prepare(ALERT_INSERT);
    this.insertLetter = db.prepare(LETTER_INSERT);
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
    this.inTransaction = db.transaction((batches: readonly BatchRows[]) => {
      this.blocks.reset();
      for (const batch of batches) {
        this.writeEvents(batch.events);
        this.writeAlerts(batch.alerts);
        this.writeLetters(batch.letters);
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
  }

  /** Commits a batch: its events, alerts and dead letters together, or nothing of it. */
  commit(batch: IngestBatch): void {
    this.commitMany([batchRows(batch)]);
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

  private writeEvents(rows: readonly RowValue[]): void {
    for (let r = 0; r + EVENT_WIDTH <= rows.length; r += EVENT_WIDTH) {
      const seq = Number(this.insertEvent.run(rows.slice(r, r + EVENT_WIDTH)).lastInsertRowid);
      this.blocks.add(
        seq,
        rows[r + 1] as string,
        rows[r + 3] as number,
        rows[r + 8] as string | null,
        rows[r + 9] as string | null,
      );
      this.times.noteInserted(seq);
    }
  }

  private writeAlerts(rows: readonly (RowValue | readonly string[])[]): void {
    // The last value of each row is the alert's keys, kept for the alert_keys index, not bound.
    const bound = ALERT_WIDTH - 1;
    for (let r = 0; r + ALERT_WIDTH <= rows.length; r += ALERT_WIDTH) {
      const { lastInsertRowid } = this.insertAlert.run(rows.slice(r, r + bound));
      this.keys.noteInserted(rows[r + bound] as readonly string[], Number(lastInsertRowid));
    }
  }

  private writeLetters(rows: readonly RowValue[]): void {
    for (let r = 0; r + LETTER_WIDTH <= rows.length; r += LETTER_WIDTH)
      this.insertLetter.run(rows.slice(r, r + LETTER_WIDTH));
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
