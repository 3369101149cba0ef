import type { Database } from "better-sqlite3";

// What the two indexes written after their rows are stored share (event-times.ts, alert-keys.ts):
// a mark saying up to which row an index is complete, and when the writer brings it up to date.

/** The tables that hold a deferred index's mark: rows with a greater `seq` are not indexed yet. */
export type MarkTable = "event_times_mark" | "alert_keys_mark";

/** Reads a deferred index's mark. */
export function readMark(db: Database, table: MarkTable): number {
  const row = db.prepare(`SELECT upto FROM ${table} WHERE id = 1`).get() as { upto: number } | undefined;
  return row?.upto ?? 0;
}

/**
 * Runs an indexing step, never throwing: a step that fails leaves its mark where it was, to be
 * tried again later, and queries read what waits past the mark directly.
 */
export function tolerating(step: () => void): void {
  try {
    step();
  } catch {
    // Tried again after the next commit, or at the next start.
  }
}

/** When a deferred index is brought up to date: how many rows waiting start a step, and after how long idle. */
export interface ScheduleOptions {
  readonly every?: number;
  readonly idleMs?: number;
}

/**
 * When a deferred index is brought up to date: at once after commits that leave `every` rows or
 * more waiting, else once the writer has been idle `idleMs`. Runs between commits, never inside
 * one, so that no batch waits for it.
 */
export class IndexSchedule {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly step: () => void,
    private readonly every: number,
    private readonly idleMs: number,
  ) {}

  /** After commits, with `waiting` rows past the mark. */
  afterCommit(waiting: number): void {
    if (waiting >= this.every) this.runNow();
    else if (waiting > 0 && this.timer === undefined) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        tolerating(this.step);
      }, this.idleMs);
      // Never what keeps a process alive: the writer's close runs the step.
      this.timer.unref();
    }
  }

  /** Runs the step now (tolerating a failure), and forgets a waiting timer. */
  runNow(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    tolerating(this.step);
  }
}
