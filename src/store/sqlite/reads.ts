import type { Database } from "better-sqlite3";
import type { Alert } from "../../alerts/index.js";
import type { AlertQuery, DeadLetter, EventQuery, Page, StoredEvent } from "../../ingest/index.js";
import { type Level, levelRank } from "../../sigma/index.js";
import { decodeCursor, encodeCursor } from "../cursor.js";
import { blockKey, blocksNewestFirst } from "./event-blocks.js";
import { eventWhere } from "./event-query.js";
import { readTimeMark } from "./event-times.js";
import { SEEN_END, entityKey, keyPattern, keysOfAlert, readAlertMark, ruleKey, seenKey } from "./alert-keys.js";

interface EventRow {
  seq: number;
  id: string;
  ts: string;
  received: string;
  product: string | null;
  service: string | null;
  categories: string;
  format: string;
  ecs: string;
  raw: string;
  fields: string | null;
}

/** An event chosen by time before its whole row is read. */
interface Candidate {
  readonly seq: number;
  readonly ts: string;
}

/** A cursor's position: the time and `seq` of the last event of the page before. */
interface Cursor {
  readonly ts: string;
  readonly seq: number;
}

type EventWhere = ReturnType<typeof eventWhere>;

/** Most alerts of a time range sorted by `seq` to answer a query; a wider range is read along the alerts. */
const RANGE_SORT_LIMIT = 10_000;

interface AlertRow {
  readonly seq: number;
  readonly body: string;
}

interface ParsedAlert {
  readonly seq: number;
  readonly alert: Alert;
}

function parseAlert(row: AlertRow): ParsedAlert {
  return { seq: row.seq, alert: JSON.parse(row.body) as Alert };
}

const EVENT_COLUMNS = "seq, id, ts, received, product, service, categories, format, ecs, raw, fields";

/** The store's queries, over one connection: the main thread's, or the reader thread's. */
export class StoreReads {
  constructor(private readonly db: Database) {}

  /**
   * Events newest first by event time, through the time index (see eventsByTime); a query naming
   * a host or a user walks instead the blocks that list it (see eventsOfEntities).
   */
  queryEvents(q: EventQuery): Page<StoredEvent> {
    const where = eventWhere(q);
    const after = decodeCursor(q.cursor);
    const keys: string[] = [];
    for (const [name, value] of Object.entries(q.fields ?? {})) {
      if (name === "host.name") keys.push(blockKey("host", value));
      if (name === "user.name") keys.push(blockKey("user", value));
    }
    const cursor = after ? { ts: after.key, seq: Number(after.id) } : undefined;
    // The query's filters and the cursor's position, as both plans test each event.
    const filter: EventWhere = cursor
      ? { sql: `${where.sql} AND (ts, seq) < (?, ?)`, params: [...where.params, cursor.ts, cursor.seq] }
      : where;
    // Both plans take several statements: one read transaction gives them one snapshot, so that
    // a block or the time index's mark is not moved, nor a newer batch committed, between them.
    const rows = this.db.transaction(() =>
      keys.length > 0 ? this.eventsOfEntities(q, keys, filter, cursor) : this.eventsByTime(q, filter, cursor),
    )();
    const chosen = rows.slice(0, q.limit);
    const last = chosen[chosen.length - 1];
    const items = chosen.map(toStored);
    return rows.length > q.limit && last
      ? { items, next: encodeCursor({ key: last.ts, id: String(last.seq) }) }
      : { items };
  }

  /**
   * The first `limit + 1` events of a query, from two places merged: the events up to the time
   * index's mark through `event_times`, read newest first and stopping at the limit; and those
   * stored since (at most a few tens of thousands, see event-times.ts), read directly.
   */
  private eventsByTime(q: EventQuery, filter: EventWhere, cursor: Cursor | undefined): EventRow[] {
    const want = q.limit + 1;
    const mark = readTimeMark(this.db);
    const indexed: string[] = ["t.event_seq <= ?"];
    const indexedParams: unknown[] = [mark];
    if (q.from !== undefined) {
      indexed.push("t.time >= ?");
      indexedParams.push(q.from);
    }
    if (q.to !== undefined) {
      indexed.push("t.time < ?");
      indexedParams.push(q.to);
    }
    if (cursor) {
      indexed.push("(t.time, t.event_seq) < (?, ?)");
      indexedParams.push(cursor.ts, cursor.seq);
    }
    // CROSS JOIN keeps event_times the outer loop, so its order is the result's and no sort is made.
    // Its own time and cursor bounds (`indexed`) give the range of its key to read.
    const head = this.db
      .prepare(
        `SELECT e.seq AS seq, e.ts AS ts FROM event_times t CROSS JOIN events e ON e.seq = t.event_seq
         WHERE ${indexed.join(" AND ")} AND ${filter.sql} ORDER BY t.time DESC, t.event_seq DESC LIMIT ?`,
      )
      .all(...indexedParams, ...filter.params, want) as Candidate[];
    const tail = this.db
      .prepare(`SELECT seq, ts FROM events WHERE seq > ? AND ${filter.sql} ORDER BY ts DESC, seq DESC LIMIT ?`)
      .all(mark, ...filter.params, want) as Candidate[];
    return this.readWhole(newestOf(head, tail, want));
  }

  /**
   * The first `limit + 1` events of a query naming hosts or users (`keys`), found through the
   * blocks that list them: each block, greatest event time first, gives its own best (time and
   * `seq` only, by `seq` range), and the walk stops at the first block whose greatest time is
   * below the last of the best found so far. Only those are then read whole.
   */
  private eventsOfEntities(
    q: EventQuery,
    keys: readonly string[],
    filter: EventWhere,
    cursor: Cursor | undefined,
  ): EventRow[] {
    const inBlock = this.db.prepare(
      `SELECT seq, ts FROM events WHERE seq BETWEEN ? AND ? AND ${filter.sql} ORDER BY ts DESC, seq DESC LIMIT ?`,
    );
    const want = q.limit + 1;
    const params = [...filter.params, want];
    const blocks = blocksNewestFirst(this.db, {
      ...(q.from !== undefined ? { from: q.from } : {}),
      ...(q.to !== undefined ? { to: q.to } : {}),
      ...(cursor !== undefined ? { atOrBefore: cursor.ts } : {}),
      keys,
    });
    let best: Candidate[] = [];
    for (const block of blocks) {
      const cut = best.length >= want ? (best[want - 1] as Candidate).ts : undefined;
      if (cut !== undefined && block.max_ts < cut) break;
      const found = inBlock.all(block.first_seq, block.last_seq, ...params) as Candidate[];
      if (found.length > 0) best = newestOf(best, found, want);
    }
    return this.readWhole(best);
  }

  /** The whole rows of the events chosen, in their order. */
  private readWhole(chosen: readonly Candidate[]): EventRow[] {
    const row = this.db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE seq = ?`);
    return chosen.map((c) => row.get(c.seq) as EventRow);
  }

  getEvent(id: string): StoredEvent | undefined {
    const row = this.db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE id = ?`).get(id) as EventRow | undefined;
    return row ? toStored(row) : undefined;
  }

  countEvents(): number {
    return (this.db.prepare("SELECT count(*) AS n FROM events").get() as { n: number }).n;
  }

  /**
   * Alerts newest first (by `seq`). A query naming an entity or a rule reads the alerts up to the
   * alert keys' mark through their key (see alert-keys.ts), and the few stored since directly.
   */
  queryAlerts(q: AlertQuery): Page<Alert> {
    const parts: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, ...values: unknown[]) => {
      parts.push(sql);
      params.push(...values);
    };
    if (q.from !== undefined) add("last_seen >= ?", q.from);
    if (q.to !== undefined) add("last_seen < ?", q.to);
    if (q.ruleId !== undefined) add("rule_id = ?", q.ruleId);
    if (q.level !== undefined) add("level = ?", q.level);
    if (q.minLevel !== undefined) add("level_rank >= ?", levelRank(q.minLevel as Level));
    const after = decodeCursor(q.cursor);
    if (after) add("seq < ?", Number(after.id));
    const where = parts.length ? parts.join(" AND ") : "1";
    const want = q.limit + 1;
    const key = q.entity !== undefined ? entityKey(q.entity) : q.ruleId !== undefined ? ruleKey(q.ruleId) : undefined;
    const scan = () =>
      this.db
        .prepare(`SELECT seq, body FROM alerts WHERE ${where} ORDER BY seq DESC LIMIT ?`)
        .all(...params, want) as AlertRow[];
    if (key === undefined && q.from === undefined && q.to === undefined) {
      return pageOf(scan(), q.limit, (r) => parseAlert(r).alert);
    }
    const found = this.db.transaction(() => {
      const mark = readAlertMark(this.db);
      // The alerts past the mark are all newer than those before it: they come first.
      const recent = this.alertsPastMark(mark, key, where, params, want);
      if (recent.length >= want) return recent;
      let keyed: AlertRow[];
      if (key !== undefined) {
        // CROSS JOIN keeps alert_keys the outer loop: its order (`seq` within the key) is the result's.
        keyed = this.db
          .prepare(
            `SELECT a.seq AS seq, a.body AS body FROM alert_keys k CROSS JOIN alerts a ON a.seq = k.alert_seq
             WHERE k.key = ? AND k.alert_seq <= ? AND ${where} ORDER BY k.alert_seq DESC LIMIT ?`,
          )
          .all(key, mark, ...params, want - recent.length) as AlertRow[];
      } else {
        // A time range: through its keys when it holds few alerts (sorted here by `seq`), else
        // along the alerts newest first, where matches are then common enough to come soon.
        const low = seenKey(q.from ?? "");
        const high = q.to !== undefined ? seenKey(q.to) : SEEN_END;
        const inRange = this.db
          .prepare(
            "SELECT count(*) AS n FROM (SELECT 1 FROM alert_keys WHERE key >= ? AND key < ? AND alert_seq <= ? LIMIT ?)",
          )
          .get(low, high, mark, RANGE_SORT_LIMIT + 1) as { n: number };
        if (inRange.n > RANGE_SORT_LIMIT) return scan().map(parseAlert);
        keyed = this.db
          .prepare(
            `SELECT a.seq AS seq, a.body AS body FROM alert_keys k CROSS JOIN alerts a ON a.seq = k.alert_seq
             WHERE k.key >= ? AND k.key < ? AND k.alert_seq <= ? AND ${where} ORDER BY a.seq DESC LIMIT ?`,
          )
          .all(low, high, mark, ...params, want - recent.length) as AlertRow[];
      }
      return [...recent, ...keyed.map(parseAlert)];
    })();
    return pageOf(found, q.limit, (r) => r.alert);
  }

  /**
   * The first `want` alerts past the alert keys' mark passing `where` (and naming `key`). They have
   * no entries in alert_keys yet and are found by their key text (see keyText); an entity value
   * holding the separator could match a key it is not, so each is checked against its keys.
   */
  private alertsPastMark(
    mark: number,
    key: string | undefined,
    where: string,
    params: readonly unknown[],
    want: number,
  ): ParsedAlert[] {
    const read = (limit: number) =>
      (
        this.db
          .prepare(
            `SELECT seq, body FROM alerts WHERE seq > ?${key !== undefined ? " AND instr(keys, ?) > 0" : ""}
             AND ${where} ORDER BY seq DESC LIMIT ?`,
          )
          .all(mark, ...(key !== undefined ? [keyPattern(key)] : []), ...params, limit) as AlertRow[]
      ).map(parseAlert);
    const isKeyed = ({ alert }: ParsedAlert) => key === undefined || keysOfAlert(alert).includes(key);
    const found = read(want);
    const recent = found.filter(isKeyed);
    // Only when a false match took a place of the first `want` are the rest read.
    return found.length === want && recent.length < want ? read(-1).filter(isKeyed).slice(0, want) : recent;
  }

  getAlert(id: string): Alert | undefined {
    const row = this.db.prepare("SELECT body FROM alerts WHERE id = ?").get(id) as { body: string } | undefined;
    return row ? (JSON.parse(row.body) as Alert) : undefined;
  }

  countAlerts(): number {
    return (this.db.prepare("SELECT count(*) AS n FROM alerts").get() as { n: number }).n;
  }

  queryDeadLetters(q: { limit: number; cursor?: string }): Page<DeadLetter> {
    const after = decodeCursor(q.cursor);
    const rows = (
      after
        ? this.db
            .prepare("SELECT seq, body FROM dead_letters WHERE seq < ? ORDER BY seq DESC LIMIT ?")
            .all(Number(after.id), q.limit + 1)
        : this.db.prepare("SELECT seq, body FROM dead_letters ORDER BY seq DESC LIMIT ?").all(q.limit + 1)
    ) as { seq: number; body: string }[];
    return pageOf(rows, q.limit, (r) => JSON.parse(r.body) as DeadLetter);
  }

  countDeadLetters(): number {
    return (this.db.prepare("SELECT count(*) AS n FROM dead_letters").get() as { n: number }).n;
  }
}

/** The queries a reader thread answers, by name. */
export const READ_METHODS = [
  "queryEvents",
  "getEvent",
  "countEvents",
  "queryAlerts",
  "getAlert",
  "countAlerts",
  "queryDeadLetters",
  "countDeadLetters",
] as const satisfies readonly (keyof StoreReads)[];

/** The name of one of the queries. */
export type ReadMethod = (typeof READ_METHODS)[number];

/** The first `want` of two lists ordered newest first (time, then `seq`, descending), merged. */
function newestOf<T extends { seq: number; ts: string }>(a: readonly T[], b: readonly T[], want: number): T[] {
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (out.length < want && (i < a.length || j < b.length)) {
    const x = a[i];
    const y = b[j];
    if (y === undefined || (x !== undefined && (x.ts > y.ts || (x.ts === y.ts && x.seq > y.seq)))) {
      out.push(x as T);
      i++;
    } else {
      out.push(y);
      j++;
    }
  }
  return out;
}

function toStored(row: EventRow): StoredEvent {
  return {
    id: row.id,
    timestamp: row.ts,
    receivedAt: row.received,
    logsource: {
      ...(row.product !== null ? { product: row.product } : {}),
      ...(row.service !== null ? { service: row.service } : {}),
      categories: row.categories.split(",").filter((c) => c !== ""),
    },
    format: row.format,
    ecs: JSON.parse(row.ecs) as Record<string, string | number>,
    raw: JSON.parse(row.raw),
    ...(row.fields !== null ? { fields: JSON.parse(row.fields) as Record<string, unknown> } : {}),
  };
}

function pageOf<R extends { seq: number }, T>(rows: readonly R[], limit: number, map: (row: R) => T): Page<T> {
  const chosen = rows.slice(0, limit);
  const last = chosen[chosen.length - 1];
  const items = chosen.map(map);
  return rows.length > limit && last ? { items, next: encodeCursor({ key: "", id: String(last.seq) }) } : { items };
}
