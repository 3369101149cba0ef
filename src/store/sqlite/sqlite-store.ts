import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { Worker } from "node:worker_threads";
import BetterSqlite3 from "better-sqlite3";
import type { Database, Statement } from "better-sqlite3";
import type { Alert } from "../../alerts/index.js";
import type {
  AlertQuery,
  DeadLetter,
  EventQuery,
  IngestBatch,
  NewEvent,
  Page,
  StoredEvent,
  TocsinStore,
} from "../../ingest/index.js";
import { type Level, levelRank } from "../../sigma/index.js";
import { DAY_MS, decodeCursor, encodeCursor } from "../cursor.js";
import { BatchWriter, configure } from "./batch-writer.js";
import type { CheckpointOptions } from "./checkpoint-thread.js";
import { eventWhere } from "./event-query.js";
import { migrate } from "./migrations.js";
import { WriterClient, type WriterHealth } from "./writer-client.js";

/** Options of SqliteStore. */
export interface SqliteStoreOptions {
  /** The database file (created with its folder), or `:memory:`. */
  readonly path: string;
  /**
   * `FULL` (default): a commit is on disk when it returns, through a power cut; `NORMAL`: it
   * survives a crash of the process but not of the machine.
   */
  readonly synchronous?: "FULL" | "NORMAL";
  /**
   * Commit ingest batches on a writer thread with its own connection (default false), so
   * SQLite's work runs beside parsing and detection on the main thread.
   */
  readonly writerThread?: boolean;
}

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

const RETENTION_CHUNK = 10_000;
/** How often the checkpoint thread copies the WAL into the database. */
const CHECKPOINT_INTERVAL_MS = 200;
/** Page size of new databases. */
const PAGE_SIZE = 8192;

/**
 * The embedded store: every port in one SQLite database (better-sqlite3, WAL mode). A batch's
 * events, alerts and dead letters are written in one transaction, synced before it returns.
 *
 * @example const store = openSqliteStore({ path: "tocsin-data/tocsin.db" });
 */
export class SqliteStore implements TocsinStore {
  readonly db: Database;
  private readonly commit: (batch: IngestBatch) => void;
  /** The writer thread, when commits run on one. */
  readonly writer: WriterClient | undefined;
  private readonly checkpointer: Worker | undefined;

  constructor(options: SqliteStoreOptions) {
    if (options.path !== ":memory:") mkdirSync(dirname(options.path), { recursive: true });
    const synchronous = options.synchronous ?? "FULL";
    this.db = new BetterSqlite3(options.path);
    // A new database gets 8 KiB pages (an existing one keeps its size): fewer WAL frames, each
    // one write for its header and one for its page, and here system calls cost more than
    // bytes. Measured on ingest batches: 40% fewer writes, commit CPU 28 -> 23 µs an event, the
    // same time to disk; 16 KiB saved 1 µs more but wrote 40% more bytes and took 15% longer.
    this.db.pragma(`page_size = ${PAGE_SIZE}`);
    configure(this.db, synchronous);
    migrate(this.db);
    this.commit = new BatchWriter(this.db).commit;
    if (options.writerThread && options.path !== ":memory:") {
      this.writer = new WriterClient(() => startThread("writer-thread", { path: options.path, synchronous }));
      this.checkpointer = startThread("checkpoint-thread", {
        path: options.path,
        synchronous,
        intervalMs: CHECKPOINT_INTERVAL_MS,
      } satisfies CheckpointOptions);
      // Only an aid to the writer (whose own checkpoints keep the WAL bounded): it never keeps
      // the process alive, and should it fail, nothing waits on it.
      this.checkpointer.unref();
      this.checkpointer.on("error", () => {});
    }
  }

  /** Whether commits can be made: false once the writer thread has been given up on. */
  health(): WriterHealth {
    return this.writer?.health() ?? { ok: this.db.open, restarts: 0 };
  }

  async commitBatch(batch: IngestBatch): Promise<void> {
    if (this.writer) return this.writer.commit(batch);
    this.commit(batch);
  }

  async appendEvents(events: readonly NewEvent[]): Promise<void> {
    await this.commitBatch({ events, alerts: [], deadLetters: [] });
  }

  async queryEvents(q: EventQuery): Promise<Page<StoredEvent>> {
    const where = eventWhere(q);
    const after = decodeCursor(q.cursor);
    let sql = `SELECT seq, id, ts, received, product, service, categories, format, ecs, raw, fields FROM events WHERE ${where.sql}`;
    const params = [...where.params];
    if (after) {
      sql += " AND (ts < ? OR (ts = ? AND seq < ?))";
      params.push(after.key, after.key, Number(after.id));
    }
    sql += " ORDER BY ts DESC, seq DESC LIMIT ?";
    params.push(q.limit + 1);
    const rows = this.db.prepare(sql).all(...params) as EventRow[];
    const chosen = rows.slice(0, q.limit);
    const last = chosen[chosen.length - 1];
    const items = chosen.map(toStored);
    return rows.length > q.limit && last
      ? { items, next: encodeCursor({ key: last.ts, id: String(last.seq) }) }
      : { items };
  }

  async getEvent(id: string): Promise<StoredEvent | undefined> {
    const row = this.db
      .prepare(
        "SELECT seq, id, ts, received, product, service, categories, format, ecs, raw, fields FROM events WHERE id = ?",
      )
      .get(id) as EventRow | undefined;
    return row ? toStored(row) : undefined;
  }

  async countEvents(): Promise<number> {
    return (this.db.prepare("SELECT count(*) AS n FROM events").get() as { n: number }).n;
  }

  async pruneEventsBefore(time: string): Promise<number> {
    const day = Math.floor(Date.parse(time) / DAY_MS);
    return deleteInChunks(
      this.db.prepare("DELETE FROM events WHERE seq IN (SELECT seq FROM events WHERE day < ? ORDER BY day LIMIT ?)"),
      day,
    );
  }

  async appendAlerts(alerts: readonly Alert[]): Promise<void> {
    await this.commitBatch({ events: [], alerts, deadLetters: [] });
  }

  async queryAlerts(q: AlertQuery): Promise<Page<Alert>> {
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

  async getAlert(id: string): Promise<Alert | undefined> {
    const row = this.db.prepare("SELECT body FROM alerts WHERE id = ?").get(id) as { body: string } | undefined;
    return row ? (JSON.parse(row.body) as Alert) : undefined;
  }

  async countAlerts(): Promise<number> {
    return (this.db.prepare("SELECT count(*) AS n FROM alerts").get() as { n: number }).n;
  }

  async appendDeadLetters(letters: readonly DeadLetter[]): Promise<void> {
    await this.commitBatch({ events: [], alerts: [], deadLetters: letters });
  }

  async queryDeadLetters(q: { limit: number; cursor?: string }): Promise<Page<DeadLetter>> {
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

  async countDeadLetters(): Promise<number> {
    return (this.db.prepare("SELECT count(*) AS n FROM dead_letters").get() as { n: number }).n;
  }

  async pruneDeadLettersBefore(time: string): Promise<number> {
    // Letters are numbered as they arrive, so the old ones come first in `seq` order and each
    // chunk stops at its limit without reading the letters that stay.
    return deleteInChunks(
      this.db.prepare(
        "DELETE FROM dead_letters WHERE seq IN (SELECT seq FROM dead_letters WHERE received < ? ORDER BY seq LIMIT ?)",
      ),
      time,
    );
  }

  async getState<T>(key: string): Promise<T | undefined> {
    const row = this.db.prepare("SELECT value FROM state WHERE key = ?").get(key) as { value: string } | undefined;
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  async putState(key: string, value: unknown): Promise<void> {
    this.db
      .prepare("INSERT INTO state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
      .run(key, JSON.stringify(value));
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    if (this.checkpointer) await stopThread(this.checkpointer);
    await this.writer?.close();
    this.db.pragma("wal_checkpoint(TRUNCATE)");
    this.db.close();
  }
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

/** Starts a thread of the store: from the build its .js file, from the sources through tsx. */
function startThread(name: "writer-thread" | "checkpoint-thread", workerData: unknown): Worker {
  const here = new URL(import.meta.url);
  const file = here.pathname.endsWith(".ts") ? new URL(`./${name}-dev.mjs`, here) : new URL(`./${name}.js`, here);
  // Not the parent's loader flags (tsx is registered by the dev shim), but its profiling flags,
  // so `node --cpu-prof` profiles the store's threads too.
  const execArgv = process.execArgv.filter((a) => a.startsWith("--cpu-prof"));
  return new Worker(file, { workerData, execArgv });
}

/** Asks the checkpoint thread to close its connection, and waits for it to end. */
async function stopThread(worker: Worker): Promise<void> {
  // A thread no longer running has the id -1 (it may have failed on its own).
  if (worker.threadId === -1) return;
  const ended = new Promise<void>((resolve) => {
    worker.once("message", () => resolve());
    worker.once("exit", () => resolve());
  });
  worker.postMessage("close");
  await ended;
  await worker.terminate();
}

/** Opens (creating and migrating) the SQLite store. */
export function openSqliteStore(options: SqliteStoreOptions): SqliteStore {
  return new SqliteStore(options);
}

/**
 * Runs a `DELETE … LIMIT ?` statement (its last parameter the chunk size) until it deletes less
 * than a chunk, each chunk its own transaction with a turn of the event loop between, so ingest
 * is never held up for long. Returns the rows deleted.
 */
async function deleteInChunks(remove: Statement, bound: unknown): Promise<number> {
  let total = 0;
  for (;;) {
    const { changes } = remove.run(bound, RETENTION_CHUNK);
    total += changes;
    if (changes < RETENTION_CHUNK) return total;
    await new Promise((resolve) => setImmediate(resolve));
  }
}
