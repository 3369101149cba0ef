import type { Database, Statement, Transaction } from "better-sqlite3";
import { IndexSchedule, type ScheduleOptions, readMark } from "./deferred-index.js";

/**
 * Events indexed by time after they are stored, many at a time, instead of in the transaction of
 * each batch. An index on `events (ts)` took an entry per event in every commit, and events whose
 * times are spread out (old logs sent again, hosts with slow clocks, the benchmark's replayed
 * samples) put those entries on a different page each: a commit of a thousand such events
 * rewrote hundreds of index pages. Here `event_times` gets the events after the last indexed one
 * (the mark) in time order, once INDEX_EVERY of them are waiting or the writer has been idle for
 * a moment, so each page takes many entries at once. Queries read the few events past the mark
 * directly (see StoreReads.queryEvents); the mark moves in the same transaction as the entries it
 * covers, so a reader's snapshot never sees one without the other.
 */
export const INDEX_EVERY = 32_768;

/** How long the writer waits after a commit before it indexes a smaller tail. */
export const INDEX_IDLE_MS = 1000;

/** Reads the mark: events with a greater `seq` are not in `event_times` yet. */
export function readTimeMark(db: Database): number {
  return readMark(db, "event_times_mark");
}

/** The writer's side of the time index: it keeps the mark, and indexes the events past it. */
export class TimeIndexWriter {
  private readonly writeMark: Statement;
  private readonly indexPast: Statement;
  private readonly maxSeq: Statement;
  private readonly deleteRange: Statement;
  private readonly index: Transaction<() => void>;
  private readonly schedule: IndexSchedule;
  private mark: number;
  /** The greatest `seq` inserted since the mark was last moved up (an estimate of the tail). */
  private newest: number;
  private markLowered = false;

  constructor(
    private readonly db: Database,
    options: ScheduleOptions = {},
  ) {
    this.writeMark = db.prepare("UPDATE event_times_mark SET upto = ? WHERE id = 1");
    // In time order, so that entries for one page arrive together. OR IGNORE: after a failed
    // transaction the mark kept here may be lower than the stored one (see noteInserted).
    this.indexPast = db.prepare(
      "INSERT OR IGNORE INTO event_times (time, event_seq) SELECT ts, seq FROM events WHERE seq > ? ORDER BY ts, seq",
    );
    this.maxSeq = db.prepare("SELECT coalesce(max(seq), 0) AS n FROM events");
    this.deleteRange = db.prepare(
      `DELETE FROM event_times WHERE (time, event_seq) IN
         (SELECT ts, seq FROM events WHERE seq BETWEEN ? AND ? ORDER BY seq LIMIT ?)`,
    );
    this.mark = readTimeMark(db);
    this.newest = (this.maxSeq.get() as { n: number }).n;
    this.index = db.transaction(() => {
      const upto = (this.maxSeq.get() as { n: number }).n;
      this.indexPast.run(this.mark);
      this.writeMark.run(upto);
      this.mark = upto;
      this.newest = upto;
    });
    // IMMEDIATE: it reads the greatest `seq` before it writes, so it takes the write lock first.
    this.schedule = new IndexSchedule(
      () => this.index.immediate(),
      options.every ?? INDEX_EVERY,
      options.idleMs ?? INDEX_IDLE_MS,
    );
  }

  /** Events stored past the mark, as far as this writer knows. */
  pending(): number {
    return Math.max(0, this.newest - this.mark);
  }

  /**
   * Counts an event inserted with `seq`, in its batch's transaction. `seq` is one more than the
   * greatest stored, so it is at or below the mark only when every event after the mark was
   * deleted (retention emptied the store): the mark then goes down with it, in the same
   * transaction, or the new events would be taken as indexed.
   */
  noteInserted(seq: number): void {
    if (seq <= this.mark) {
      this.mark = seq - 1;
      this.newest = seq;
      this.markLowered = true;
    } else if (seq > this.newest) this.newest = seq;
  }

  /** Ends a batch's transaction: writes a lowered mark. */
  beforeCommit(): void {
    if (!this.markLowered) return;
    this.writeMark.run(this.mark);
    this.markLowered = false;
  }

  /** After commits: indexes the events past the mark when due (see IndexSchedule). */
  afterCommit(): void {
    this.schedule.afterCommit(this.pending());
  }

  /** Indexes every event past the mark now, and stops the idle timer; a failure leaves the mark where it was. */
  catchUp(): void {
    this.schedule.runNow();
  }

  /** Deletes the entries of up to `limit` events of a `seq` range, before retention deletes the events. */
  deleteEntries(first: number, last: number, limit: number): void {
    this.deleteRange.run(first, last, limit);
  }

  /** After a transaction that failed: the mark as stored (the next commit lowers it again if it must). */
  reset(): void {
    this.markLowered = false;
    this.mark = readTimeMark(this.db);
  }
}
