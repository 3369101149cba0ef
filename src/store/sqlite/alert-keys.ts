import type { Database, Statement } from "better-sqlite3";
import type { Alert } from "../../alerts/index.js";
import { IndexSchedule, type ScheduleOptions, readMark, tolerating } from "./deferred-index.js";

/**
 * Alerts found by rule, by entity and by the time last seen through `alert_keys` (key, alert),
 * written many alerts at a time instead of index entries in each batch's transaction. An alert
 * names a rule, a time and several entities (hosts, users, files, hashes, addresses), whose
 * entries landed all over their indexes: a commit with a hundred alerts rewrote hundreds of index
 * pages. The writer keeps the keys of the alerts past the mark in memory and writes them sorted
 * once KEYS_EVERY alerts wait or it has been idle a moment; queries find the alerts past the mark
 * by their key text (see keyText and StoreReads.queryAlerts). The mark moves in the transaction
 * that writes the keys it covers.
 */
export const KEYS_EVERY = 4096;

/** How long the writer waits after a commit before it writes the keys of fewer alerts. */
export const KEYS_IDLE_MS = 1000;

/** The key of a rule's alerts. */
export function ruleKey(ruleId: string): string {
  return `rule:${ruleId}`;
}

/** The key of an entity's alerts: its value in lower case, as queries by entity compare it. */
export function entityKey(value: string): string {
  return `entity:${value.toLowerCase()}`;
}

/** The key of an alert last seen at `time`: keys of a time range sort as their times. */
export function seenKey(time: string): string {
  return `seen:${time}`;
}

/** Above every seen key (";" follows ":"). */
export const SEEN_END = "seen;";

/** Every key an alert is found by, each once. */
export function keysOfAlert(alert: Pick<Alert, "rule" | "entities" | "lastSeen">): string[] {
  return [
    ...new Set([ruleKey(alert.rule.id), seenKey(alert.lastSeen), ...alert.entities.map((e) => entityKey(e.value))]),
  ];
}

/**
 * An alert's keys as one text stored with it, each key between two separators: queries find the
 * alerts of a key among those past the mark with `instr(keys, keyPattern(key))`, without parsing
 * their bodies. The separator is U+0001; an entity value holding it could match a key it is not,
 * so queries check each alert found this way against its keys.
 */
export function keyText(keys: readonly string[]): string {
  return `${KEY_SEPARATOR}${keys.join(KEY_SEPARATOR)}${KEY_SEPARATOR}`;
}

/** What `instr` looks for in an alert's key text. */
export function keyPattern(key: string): string {
  return `${KEY_SEPARATOR}${key}${KEY_SEPARATOR}`;
}

const KEY_SEPARATOR = "\u0001";

/** Reads the mark: alerts with a greater `seq` have no keys yet. */
export function readAlertMark(db: Database): number {
  return readMark(db, "alert_keys_mark");
}

/** The writer's side of the alert keys. */
export class AlertKeyWriter {
  private readonly insertKey: Statement;
  private readonly writeMark: Statement;
  private readonly alertsPast: Statement;
  private readonly write: (entries: readonly (readonly [string, number])[], upto: number) => void;
  private readonly schedule: IndexSchedule;
  /**
   * (key, seq) of the alerts past the mark, in `seq` order: first those committed (`committedEntries`
   * of them, of `committedAlerts` alerts), then those of the open transaction.
   */
  private pending: [string, number][] = [];
  private committedEntries = 0;
  private alerts = 0;
  private committedAlerts = 0;

  constructor(
    private readonly db: Database,
    options: ScheduleOptions = {},
  ) {
    this.insertKey = db.prepare("INSERT OR IGNORE INTO alert_keys (key, alert_seq) VALUES (?, ?)");
    this.writeMark = db.prepare("UPDATE alert_keys_mark SET upto = ? WHERE id = 1");
    this.alertsPast = db.prepare("SELECT seq, body FROM alerts WHERE seq > ? ORDER BY seq");
    this.write = db.transaction((entries: readonly (readonly [string, number])[], upto: number) => {
      for (const [key, seq] of entries) this.insertKey.run(key, seq);
      this.writeMark.run(upto);
    });
    this.schedule = new IndexSchedule(() => this.flush(), options.every ?? KEYS_EVERY, options.idleMs ?? KEYS_IDLE_MS);
  }

  /** Counts an alert inserted with `seq` and its keys (keysOfAlert), in its batch's transaction. */
  noteInserted(keys: readonly string[], seq: number): void {
    for (const key of keys) this.pending.push([key, seq]);
    this.alerts++;
  }

  /** Takes the alerts of a transaction that committed as waiting for their keys. */
  committed(): void {
    this.committedEntries = this.pending.length;
    this.committedAlerts = this.alerts;
  }

  /** After commits: writes the keys of the alerts waiting when due (see IndexSchedule). */
  afterCommit(): void {
    this.schedule.afterCommit(this.committedAlerts);
  }

  /** After a transaction that failed: forgets its alerts. */
  reset(): void {
    this.pending.length = this.committedEntries;
    this.alerts = this.committedAlerts;
  }

  /** Writes the keys of the committed alerts past the mark now, and stops the idle timer. */
  writeWaiting(): void {
    this.schedule.runNow();
  }

  /** Writes the keys of alerts stored past the mark before this writer began (a crash left them). */
  catchUp(): void {
    tolerating(() => {
      const rows = this.alertsPast.all(readAlertMark(this.db)) as { seq: number; body: string }[];
      const last = rows[rows.length - 1];
      if (!last) return;
      const entries: [string, number][] = [];
      for (const row of rows) {
        for (const key of keysOfAlert(JSON.parse(row.body) as Alert)) entries.push([key, row.seq]);
      }
      this.write(entries.sort(byKeyThenSeq), last.seq);
    });
  }

  /** Writes the committed keys, sorted so that each page takes its entries together; the mark goes to the last. */
  private flush(): void {
    const last = this.pending[this.committedEntries - 1];
    if (!last) return;
    this.write(this.pending.slice(0, this.committedEntries).sort(byKeyThenSeq), last[1]);
    this.pending = this.pending.slice(this.committedEntries);
    this.committedEntries = 0;
    this.alerts -= this.committedAlerts;
    this.committedAlerts = 0;
  }
}

function byKeyThenSeq(a: readonly [string, number], b: readonly [string, number]): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1];
}
