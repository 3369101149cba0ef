import type { Database } from "better-sqlite3";
import type { Alert } from "../../alerts/index.js";
import type { AlertQuery, DeadLetter, EventQuery, Page, StoredEvent } from "../../ingest/index.js";
import { type Level, levelRank } from "../../sigma/index.js";
import { decodeCursor, encodeCursor } from "../cursor.js";
import { blockKey, blocksNewestFirst } from "./event-blocks.js";
import { eventWhere } from "./event-query.js";

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

const EVENT_COLUMNS = "seq, id, ts, received, product, service, categories, format, ecs, raw, fields";

/** The store's queries, over one connection: the main thread's, or the reader thread's. */
export class StoreReads {
  constructor(private readonly db: Database) {}

  /**
   * Events newest first by event time, through the time index; a query naming a host or a user
   * walks instead the blocks that list it (see eventsOfEntities).
   */
  queryEvents(q: EventQuery): Page<StoredEvent> {
    const where = eventWhere(q);
    const after = decodeCursor(q.cursor);
    // The filters and order both plans share: `WHERE …` and `ORDER BY … LIMIT ?`.
    let filter = where.sql;
    const params = [...where.params];
    if (after) {
      filter += " AND (ts < ? OR (ts = ? AND seq < ?))";
      params.push(after.key, after.key, Number(after.id));
    }
    const sql = `${filter} ORDER BY ts DESC, seq DESC LIMIT ?`;
    params.push(q.limit + 1);
    const keys: string[] = [];
    for (const [name, value] of Object.entries(q.fields ?? {})) {
      if (name === "host.name") keys.push(blockKey("host", value));
      if (name === "user.name") keys.push(blockKey("user", value));
    }
    // Walking blocks takes several statements: one read transaction gives them one snapshot, so
    // a block found is not pruned, nor a newer one committed, before its events are read.
    const rows =
      keys.length > 0
        ? this.db.transaction(() => this.eventsOfEntities(q, keys, after?.key, sql, params))()
        : (this.db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE ${sql}`).all(...params) as EventRow[]);
    const chosen = rows.slice(0, q.limit);
    const last = chosen[chosen.length - 1];
    const items = chosen.map(toStored);
    return rows.length > q.limit && last
      ? { items, next: encodeCursor({ key: last.ts, id: String(last.seq) }) }
      : { items };
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
    cursorTime: string | undefined,
    sql: string,
    params: readonly unknown[],
  ): EventRow[] {
    const inBlock = this.db.prepare(`SELECT seq, ts FROM events WHERE seq BETWEEN ? AND ? AND ${sql}`);
    const blocks = blocksNewestFirst(this.db, {
      ...(q.from !== undefined ? { from: q.from } : {}),
      ...(q.to !== undefined ? { to: q.to } : {}),
      ...(cursorTime !== undefined ? { atOrBefore: cursorTime } : {}),
      keys,
    });
    const want = q.limit + 1;
    let best: { seq: number; ts: string }[] = [];
    for (const block of blocks) {
      const cut = best.length >= want ? (best[want - 1] as { ts: string }).ts : undefined;
      if (cut !== undefined && block.max_ts < cut) break;
      const found = inBlock.all(block.first_seq, block.last_seq, ...params) as { seq: number; ts: string }[];
      if (found.length > 0) best = newestOf(best, found, want);
    }
    const row = this.db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE seq = ?`);
    return best.map((c) => row.get(c.seq) as EventRow);
  }

  getEvent(id: string): StoredEvent | undefined {
    const row = this.db.prepare(`SELECT ${EVENT_COLUMNS} FROM events WHERE id = ?`).get(id) as EventRow | undefined;
    return row ? toStored(row) : undefined;
  }

  countEvents(): number {
    return (this.db.prepare("SELECT count(*) AS n FROM events").get() as { n: number }).n;
  }

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
    if (q.entity !== undefined) add("seq IN (SELECT alert_seq FROM alert_entities WHERE value = ?)", q.entity);
    const after = decodeCursor(q.cursor);
    if (after) add("seq < ?", Number(after.id));
    const sql = `SELECT seq, body FROM alerts WHERE ${parts.length ? parts.join(" AND ") : "1"} ORDER BY seq DESC LIMIT ?`;
    const rows = this.db.prepare(sql).all(...params, q.limit + 1) as { seq: number; body: string }[];
    return pageOf(rows, q.limit, (r) => JSON.parse(r.body) as Alert);
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
