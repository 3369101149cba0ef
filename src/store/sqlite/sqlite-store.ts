import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { Worker } from "node:worker_threads";
import BetterSqlite3 from "better-sqlite3";
import type { Database } from "better-sqlite3";
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
import { DAY_MS } from "../cursor.js";
import { batchRows } from "./batch-rows.js";
import { type DeferredIndexOptions, type PruneTarget, StoreWriter, configure } from "./store-writer.js";
import type { CheckpointOptions } from "./checkpoint-thread.js";
import { migrate } from "./migrations.js";
import type { ReaderRequest } from "./reader-thread.js";
import { type ReadMethod, StoreReads } from "./reads.js";
import { ThreadClient, type ThreadHealth } from "./thread-client.js";
import type { WriterOptions, WriterRequest } from "./writer-thread.js";

/** Options of SqliteStore. */
export interface SqliteStoreOptions extends DeferredIndexOptions {
  /** The database file (created with its folder), or `:memory:`. */
  readonly path: string;
  /**
   * `FULL` (default): a commit is on disk when it returns, through a power cut; `NORMAL`: it
   * survives a crash of the process but not of the machine.
   */
  readonly synchronous?: "FULL" | "NORMAL";
  /**
   * Commit ingest batches on a writer thread with its own connection (default false), so
   * SQLite's work runs beside parsing and detection on the main thread. It also runs the
   * queries on a reader thread, so a long query never holds up ingest.
   */
  readonly writerThread?: boolean;
  /** Longest a query on the reader thread may run before it is stopped (default 30 s; 0: no limit). */
  readonly queryTimeoutMs?: number;
}

/** What a commit resolves with, once the writer thread has answered. */
const done = (): void => undefined;

/** How often the checkpoint thread copies the WAL into the database. */
const CHECKPOINT_INTERVAL_MS = 200;
/** Page size of new databases. */
const PAGE_SIZE = 8192;
const QUERY_TIMEOUT_MS = 30_000;

/**
 * The embedded store: every port in one SQLite database (better-sqlite3, WAL mode). A batch's
 * events, alerts and dead letters are written in one transaction, synced before it returns.
 *
 * @example const store = openSqliteStore({ path: "tocsin-data/tocsin.db" });
 */
export class SqliteStore implements TocsinStore {
  readonly db: Database;
  /** The writes of the main connection, used when there is no writer thread. */
  private readonly writes: StoreWriter;
  /** What the writer thread did: batches committed, and the most it committed in one transaction. */
  readonly writerStats = { batches: 0, largestGroup: 0 };
  /** The writer and reader threads, when the store runs them. */
  readonly writer: ThreadClient<WriterRequest> | undefined;
  readonly reader: ThreadClient<ReaderRequest> | undefined;
  private readonly checkpointer: Worker | undefined;
  private readonly reads: StoreReads;
  private readonly queryTimeoutMs: number;

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
    this.writes = new StoreWriter(this.db, options);
    this.reads = new StoreReads(this.db);
    this.queryTimeoutMs = options.queryTimeoutMs ?? QUERY_TIMEOUT_MS;
    if (options.writerThread && options.path !== ":memory:") {
      this.writer = new ThreadClient(
        "writer",
        () =>
          startThread("writer-thread", {
            path: options.path,
            synchronous,
            ...(options.timeIndex ? { timeIndex: options.timeIndex } : {}),
            ...(options.alertKeys ? { alertKeys: options.alertKeys } : {}),
          } satisfies WriterOptions),
        (reply) => {
          // Only batches are answered with their group.
          if (reply.group === undefined) return;
          this.writerStats.batches++;
          this.writerStats.largestGroup = Math.max(this.writerStats.largestGroup, reply.group);
        },
      );
      this.reader = new ThreadClient("reader", () => startThread("reader-thread", { path: options.path }));
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
    // Events and alerts a crash left past the marks of their deferred indexes; a writer thread does this itself.
    if (!this.writer) this.writes.catchUpIndexes();
  }

  /** Whether commits and queries can be made: false once a thread of the store has been given up on. */
  health(): ThreadHealth {
    const threads = [this.writer?.health(), this.reader?.health()].filter((h) => h !== undefined);
    const failing = threads.find((h) => !h.ok);
    const restarts = threads.reduce((n, h) => n + h.restarts, 0);
    if (failing) return { ...failing, restarts };
    const reason = threads.find((h) => h.reason !== undefined)?.reason;
    return reason === undefined ? { ok: this.db.open, restarts } : { ok: this.db.open, reason, restarts };
  }

  /**
   * Not async: a suspended async function keeps its arguments, and the batch, its records' text
   * and ECS fields would then live until the commit is on disk. Through two young-space
   * collections they were moved to the old space (2 MB a collection under load), to be found
   * dead by the next full collection. Here the batch is garbage once the writer thread has its copy.
   */
  commitBatch(batch: IngestBatch): Promise<void> {
    try {
      if (this.writer) return this.writer.request({ rows: batchRows(batch) }).then(done);
      this.writes.commit(batch);
      this.writes.maintainIndexes();
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Runs a query on the reader thread when there is one, under the time limit; else here. */
  private async read<M extends ReadMethod>(
    method: M,
    ...args: Parameters<StoreReads[M]>
  ): Promise<ReturnType<StoreReads[M]>> {
    if (!this.reader) return (this.reads[method] as (...a: unknown[]) => ReturnType<StoreReads[M]>)(...args);
    const reply = await this.reader.request(
      { method, args },
      this.queryTimeoutMs > 0 ? this.queryTimeoutMs : undefined,
    );
    return reply.value as ReturnType<StoreReads[M]>;
  }

  queryEvents(q: EventQuery): Promise<Page<StoredEvent>> {
    return this.read("queryEvents", q);
  }

  getEvent(id: string): Promise<StoredEvent | undefined> {
    return this.read("getEvent", id);
  }

  countEvents(): Promise<number> {
    return this.read("countEvents");
  }

  queryAlerts(q: AlertQuery): Promise<Page<Alert>> {
    return this.read("queryAlerts", q);
  }

  getAlert(id: string): Promise<Alert | undefined> {
    return this.read("getAlert", id);
  }

  countAlerts(): Promise<number> {
    return this.read("countAlerts");
  }

  queryDeadLetters(q: { limit: number; cursor?: string }): Promise<Page<DeadLetter>> {
    return this.read("queryDeadLetters", q);
  }

  countDeadLetters(): Promise<number> {
    return this.read("countDeadLetters");
  }

  async appendEvents(events: readonly NewEvent[]): Promise<void> {
    await this.commitBatch({ events, alerts: [], deadLetters: [] });
  }

  async pruneEventsBefore(time: string): Promise<number> {
    return this.prune({ table: "events", day: Math.floor(Date.parse(time) / DAY_MS) });
  }

  async appendAlerts(alerts: readonly Alert[]): Promise<void> {
    await this.commitBatch({ events: [], alerts, deadLetters: [] });
  }

  async appendDeadLetters(letters: readonly DeadLetter[]): Promise<void> {
    await this.commitBatch({ events: [], alerts: [], deadLetters: letters });
  }

  async pruneDeadLettersBefore(time: string): Promise<number> {
    return this.prune({ table: "dead_letters", before: time });
  }

  /** Deletes what retention names: on the writer thread when there is one, else on this connection. */
  private async prune(target: PruneTarget): Promise<number> {
    if (this.writer) return (await this.writer.request({ prune: target })).value as number;
    return this.writes.prune(target);
  }

  /**
   * The newest of the stored ids, by their text: ids made by createIds sort by the time in them.
   * New ids are made after it (see createIds' `after`).
   */
  newestIds(): string[] {
    return ["events", "alerts", "dead_letters"].flatMap((table) => {
      const row = this.db.prepare(`SELECT max(id) AS id FROM ${table}`).get() as { id: string | null };
      return row.id === null ? [] : [row.id];
    });
  }

  async getState<T>(key: string): Promise<T | undefined> {
    const row = this.db.prepare("SELECT value FROM state WHERE key = ?").get(key) as { value: string } | undefined;
    return row ? (JSON.parse(row.value) as T) : undefined;
  }

  async putState(key: string, value: unknown): Promise<void> {
    await this.putStateText(key, JSON.stringify(value));
  }

  async putStateText(key: string, json: string): Promise<void> {
    if (this.writer) await this.writer.request({ state: { key, json } });
    else this.writes.putState(key, json);
  }

  async close(): Promise<void> {
    if (!this.db.open) return;
    if (this.checkpointer) await stopThread(this.checkpointer);
    await this.reader?.close({ close: true });
    await this.writer?.close({ close: true });
    if (!this.writer) this.writes.close();
    this.db.pragma("wal_checkpoint(TRUNCATE)");
    this.db.close();
  }
}

/** Starts a thread of the store: from the build its .js file, from the sources through tsx. */
function startThread(name: "writer-thread" | "reader-thread" | "checkpoint-thread", workerData: unknown): Worker {
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
