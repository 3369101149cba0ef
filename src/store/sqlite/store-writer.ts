import type { Database, Statement } from "better-sqlite3";
import type { Alert } from "../../alerts/index.js";
import type { DeadLetter, IngestBatch, NewEvent } from "../../ingest/index.js";
import { levelRank } from "../../sigma/index.js";
import { DAY_MS } from "../cursor.js";
import { BlockWriter } from "./event-blocks.js";
import { TimeIndexWriter } from "./event-times.js";
import type { ScheduleOptions } from "./deferred-index.js";
import { AlertKeyWriter, keyText, keysOfAlert } from "./alert-keys.js";

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
  private readonly inTransaction: (batches: readonly IngestBatch[]) => void;
  /** Commits a batch: its events, alerts and dead letters together, or nothing of it. */
  readonly commit: (batch: IngestBatch) => void;
  /**
   * Commits several batches in one transaction, so they share one sync to disk (group commit).
   * All or none of them are written.
   */
  readonly commitMany: (batches: readonly IngestBatch[]) => void;

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
    this.inTransaction = db.transaction((batches: readonly IngestBatch[]) => {
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

  private writeEvents(events: readonly NewEvent[]): void {
    let day = -1;
    let dayOf = "";
    for (const e of events) {
      if (e.receivedAt !== dayOf) {
        dayOf = e.receivedAt;
        day = Math.floor(Date.parse(e.receivedAt) / DAY_MS);
      }
      const hostValue = e.ecs["host.name"];
      const userValue = e.ecs["user.name"];
      const host = hostValue === undefined ? null : String(hostValue);
      const user = userValue === undefined ? null : String(userValue);
      const { lastInsertRowid } = this.insertEvent.run(
        e.id,
        e.timestamp,
        e.receivedAt,
        day,
        e.logsource.product ?? null,
        e.logsource.service ?? null,
        `,${e.logsource.categories.join(",")},`,
        e.format,
        host,
        user,
        JSON.stringify(e.ecs),
        e.rawJson,
        e.fieldsJson ?? null,
      );
      const seq = Number(lastInsertRowid);
      this.blocks.add(seq, e.timestamp, day, host, user);
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
