import type { Database, Statement } from "better-sqlite3";
import type { TimeIndexWriter } from "./event-times.js";

/**
 * Most events one block covers. Smaller blocks narrow what a query reads (a rare host's events are
 * read block by block); larger ones cost fewer summary rows. At 2,048, a block costs its writer
 * a few rows where per-event indexes cost three entries an event.
 */
export const BLOCK_EVENTS = 2048;

/** The entity columns a block lists the values of, and the key prefix of each. */
export type BlockKeyKind = "host" | "user";

/**
 * SQLite's NOCASE and lower() fold ASCII letters only; block keys are folded the same way, so a
 * key written here and a filter value folded for a query agree with the `host = ?` row test.
 */
export function blockKey(kind: BlockKeyKind, value: string): string {
  return `${kind}:${/[A-Z]/.test(value) ? value.replace(/[A-Z]+/g, (m) => m.toLowerCase()) : value}`;
}

/**
 * Writes the summaries of runs of events as a transaction stores them, and deletes the oldest
 * with their events for retention: per block of consecutive
 * events (same day received, at most BLOCK_EVENTS), its range of `seq`, the least and greatest
 * event time, and the distinct hosts and users it holds. Queries by host or user and retention
 * go by these instead of three index entries per event (day, host and user), which cost the
 * writer more than the rest of an event's row: entries of (host, time) and (user, time) land all
 * over their indexes, so each commit dirtied pages throughout them.
 */
export class BlockWriter {
  private readonly insertBlock: Statement;
  private readonly insertKey: Statement;
  private readonly oldest: Statement;
  private readonly deleteEvents: Statement;
  private readonly deleteBlock: Statement;
  private readonly deleteKeys: Statement;
  private readonly pruneStep: (block: { first_seq: number; last_seq: number }, chunk: number) => number;
  private first = -1;
  private last = -1;
  private count = 0;
  private minTs = "";
  private maxTs = "";
  private day = 0;
  private readonly hosts = new Set<string>();
  private readonly users = new Set<string>();

  constructor(
    db: Database,
    private readonly times: TimeIndexWriter,
  ) {
    this.insertBlock = db.prepare(
      "INSERT INTO event_blocks (first_seq, last_seq, min_ts, max_ts, day) VALUES (?, ?, ?, ?, ?)",
    );
    this.insertKey = db.prepare("INSERT OR IGNORE INTO event_block_keys (first_seq, key) VALUES (?, ?)");
    // Blocks are numbered in the order they were received: the first is the oldest. Retention
    // stops at the first block not yet due rather than read on through every block of the store
    // (should the clock have gone back, a later block waits until those before it are due).
    this.oldest = db.prepare("SELECT first_seq, last_seq, day FROM event_blocks ORDER BY first_seq LIMIT 1");
    this.deleteEvents = db.prepare(
      "DELETE FROM events WHERE seq IN (SELECT seq FROM events WHERE seq BETWEEN ? AND ? ORDER BY seq LIMIT ?)",
    );
    this.deleteBlock = db.prepare("DELETE FROM event_blocks WHERE first_seq = ?");
    this.deleteKeys = db.prepare("DELETE FROM event_block_keys WHERE first_seq = ?");
    // One transaction a step, so that an event never outlives its time entry nor a block its events.
    this.pruneStep = db.transaction((block: { first_seq: number; last_seq: number }, chunk: number) => {
      this.times.deleteEntries(block.first_seq, block.last_seq, chunk);
      const { changes } = this.deleteEvents.run(block.first_seq, block.last_seq, chunk);
      if (changes < chunk) {
        this.deleteKeys.run(block.first_seq);
        this.deleteBlock.run(block.first_seq);
      }
      return changes;
    });
  }

  /**
   * Deletes up to `chunk` events of the oldest block, when it was received before `day`, and the
   * block with its keys once its events are gone. Returns the events deleted, undefined when no
   * block is due.
   */
  pruneOldest(day: number, chunk: number): number | undefined {
    const block = this.oldest.get() as { first_seq: number; last_seq: number; day: number } | undefined;
    if (!block || block.day >= day) return undefined;
    return this.pruneStep(block, chunk);
  }

  /** Forgets a block begun in a transaction that failed. */
  reset(): void {
    this.first = -1;
    this.count = 0;
    this.hosts.clear();
    this.users.clear();
  }

  /** Counts an event just inserted with `seq` into the open block, closing it first when it must. */
  add(seq: number, ts: string, day: number, host: string | null, user: string | null): void {
    if (this.first !== -1 && (day !== this.day || this.count >= BLOCK_EVENTS || seq !== this.last + 1)) this.close();
    if (this.first === -1) {
      this.first = seq;
      this.minTs = ts;
      this.maxTs = ts;
      this.day = day;
    } else if (ts < this.minTs) this.minTs = ts;
    else if (ts > this.maxTs) this.maxTs = ts;
    this.last = seq;
    this.count++;
    if (host !== null) this.hosts.add(host);
    if (user !== null) this.users.add(user);
  }

  /** Writes the open block's summary; called before its transaction commits. */
  close(): void {
    if (this.first === -1) return;
    this.insertBlock.run(this.first, this.last, this.minTs, this.maxTs, this.day);
    const keys = new Set<string>();
    for (const h of this.hosts) keys.add(blockKey("host", h));
    for (const u of this.users) keys.add(blockKey("user", u));
    for (const k of keys) this.insertKey.run(this.first, k);
    this.reset();
  }
}

/** A block as queries read it. */
export interface BlockRow {
  readonly first_seq: number;
  readonly last_seq: number;
  readonly max_ts: string;
}

/** What limits the blocks a query reads: its time range, its cursor's time, and entity keys. */
export interface BlockFilter {
  readonly from?: string;
  readonly to?: string;
  /** Events at or before this time only (a cursor's position). */
  readonly atOrBefore?: string;
  readonly keys: readonly string[];
}

/** Blocks fetched from the database at a time while a query walks them. */
const BLOCK_PAGE = 256;

/**
 * The blocks that may hold events passing `filter`, greatest event time first, fetched a page at
 * a time (better-sqlite3 runs no other statement on a connection while one iterates).
 */
export function* blocksNewestFirst(db: Database, filter: BlockFilter): Generator<BlockRow> {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (filter.from !== undefined) {
    parts.push("max_ts >= ?");
    params.push(filter.from);
  }
  if (filter.to !== undefined) {
    parts.push("min_ts < ?");
    params.push(filter.to);
  }
  if (filter.atOrBefore !== undefined) {
    parts.push("min_ts <= ?");
    params.push(filter.atOrBefore);
  }
  for (const key of filter.keys) {
    parts.push("first_seq IN (SELECT first_seq FROM event_block_keys WHERE key = ?)");
    params.push(key);
  }
  const where = parts.length > 0 ? parts.join(" AND ") : "1";
  const first = db.prepare(
    `SELECT first_seq, last_seq, max_ts FROM event_blocks WHERE ${where} ORDER BY max_ts DESC, first_seq DESC LIMIT ?`,
  );
  const after = db.prepare(
    `SELECT first_seq, last_seq, max_ts FROM event_blocks WHERE ${where}
     AND (max_ts < ? OR (max_ts = ? AND first_seq < ?)) ORDER BY max_ts DESC, first_seq DESC LIMIT ?`,
  );
  let page = first.all(...params, BLOCK_PAGE) as BlockRow[];
  while (page.length > 0) {
    yield* page;
    if (page.length < BLOCK_PAGE) return;
    const last = page[page.length - 1] as BlockRow;
    page = after.all(...params, last.max_ts, last.max_ts, last.first_seq, BLOCK_PAGE) as BlockRow[];
  }
}
