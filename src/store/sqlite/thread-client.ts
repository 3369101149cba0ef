import type { Worker } from "node:worker_threads";
import { TocsinError } from "../../core/index.js";

/** Restarts of a thread allowed within RESTART_WINDOW_MS before the store gives up on it. */
const MOST_RESTARTS = 5;
const RESTART_WINDOW_MS = 60_000;

/** A store thread's answer to one request. */
export type ThreadReply =
  | { readonly id: number; readonly ok: true; readonly value?: unknown; readonly group?: number }
  | { readonly id: number; readonly ok: false; readonly error: string; readonly code?: string };

/** What the store reports of one of its threads. */
export interface ThreadHealth {
  readonly ok: boolean;
  /** Why it is not ok; the last failure while it is. */
  readonly reason?: string;
  /** Times the thread stopped and was started again. */
  readonly restarts: number;
}

interface Pending {
  /** The thread the request was sent to. */
  readonly worker: Worker;
  readonly resolve: (reply: ThreadReply & { ok: true }) => void;
  readonly reject: (e: Error) => void;
  readonly timer: NodeJS.Timeout | undefined;
}

/**
 * The main thread's side of one of the store's threads (the writer, the reader): numbers each
 * request, settles its promise with the thread's answer, and starts a new thread when the one
 * running dies (an out-of-memory in the thread, a native fault, a terminate). The requests in
 * flight when it died are failed, never answered as done. A thread that keeps dying, more than
 * five times in a minute, is not started again: its health then says why, and every request
 * fails with the reason, until the process is restarted.
 *
 * A request may carry a time limit. Past it the request fails with `STORE_QUERY_TIMEOUT` and the
 * thread is ended (SQLite cannot be interrupted from another thread through better-sqlite3) and
 * started again; the others in flight fail with it. Such a restart is deliberate and does not
 * count towards giving up.
 */
export class ThreadClient<Request extends object> {
  private worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextRequest = 0;
  private restarts: number[] = [];
  private restartCount = 0;
  private lastFailure: string | undefined;
  /** Threads ended because a request passed its time limit. */
  private readonly timedOut = new WeakSet<Worker>();
  /** Set when the thread is given up on, or closed: every request fails with it. */
  private stopped: Error | undefined;

  constructor(
    private readonly name: string,
    private readonly start: () => Worker,
    private readonly onAnswered: (reply: ThreadReply & { ok: true }) => void = () => {},
  ) {
    this.worker = this.launch();
  }

  private launch(): Worker {
    const worker = this.start();
    worker.on("message", (reply: ThreadReply) => {
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.pending.delete(reply.id);
      if (p.timer) clearTimeout(p.timer);
      if (reply.ok) {
        this.onAnswered(reply);
        p.resolve(reply);
      } else p.reject(reply.code ? new TocsinError(reply.code, reply.error) : new Error(reply.error));
    });
    let failure: Error | undefined;
    worker.on("error", (error) => {
      failure = error;
    });
    worker.on("exit", (code) => {
      const error = this.timedOut.has(worker)
        ? new TocsinError(
            "STORE_QUERY_TIMEOUT",
            `the SQLite ${this.name} thread was stopped for a query past its time limit; send the request again`,
          )
        : (failure ?? new Error(`the SQLite ${this.name} thread stopped (exit code ${code})`));
      this.failPending(worker, error);
      // A thread replaced on purpose (a time limit) has its successor running already.
      if (worker === this.worker) this.died(error);
    });
    return worker;
  }

  private died(error: Error): void {
    if (this.stopped) return;
    this.lastFailure = error.message;
    const now = Date.now();
    this.restarts = this.restarts.filter((t) => now - t < RESTART_WINDOW_MS);
    if (this.restarts.length >= MOST_RESTARTS) {
      this.stopped = new Error(
        `the SQLite ${this.name} thread stopped ${MOST_RESTARTS + 1} times within a minute and is not started again: ${error.message}`,
      );
      return;
    }
    this.restarts.push(now);
    this.replace();
  }

  /** Starts the next thread; requests from now on go to it. */
  private replace(): void {
    this.restartCount++;
    this.worker = this.launch();
  }

  /** Fails the requests sent to `worker` and not answered. */
  private failPending(worker: Worker, error: Error): void {
    for (const [id, p] of this.pending) {
      if (p.worker !== worker) continue;
      this.pending.delete(id);
      if (p.timer) clearTimeout(p.timer);
      p.reject(error);
    }
  }

  health(): ThreadHealth {
    if (this.stopped) return { ok: false, reason: this.stopped.message, restarts: this.restartCount };
    return this.lastFailure === undefined
      ? { ok: true, restarts: this.restartCount }
      : { ok: true, reason: this.lastFailure, restarts: this.restartCount };
  }

  /** Sends a request and waits for its answer; `timeoutMs` bounds the wait (see the class). */
  request(body: Request, timeoutMs?: number): Promise<ThreadReply & { ok: true }> {
    if (this.stopped) return Promise.reject(this.stopped);
    const id = this.nextRequest++;
    const worker = this.worker;
    return new Promise((resolve, reject) => {
      const timer =
        timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              if (!this.pending.delete(id)) return;
              reject(
                new TocsinError(
                  "STORE_QUERY_TIMEOUT",
                  `the query took longer than ${timeoutMs / 1000} s and was stopped; narrow its time range, or filter on host.name or user.name, which are found through block summaries`,
                ),
              );
              if (worker === this.worker && !this.stopped) {
                this.timedOut.add(worker);
                this.replace();
                void worker.terminate();
              }
            }, timeoutMs);
      this.pending.set(id, { worker, resolve, reject, timer });
      worker.postMessage({ id, ...body });
    });
  }

  /** Sends `closing` (the thread finishes what it was sent and closes its connection), then ends it. */
  async close(closing: Request): Promise<void> {
    if (this.stopped) return;
    try {
      await this.request(closing);
    } catch {
      // The thread died while closing: what it was sent has been answered or failed already.
    } finally {
      this.stopped = new Error("the store is closed");
      await this.worker.terminate();
    }
  }

  /** Ends the running thread as a crash would; for tests of the restart. */
  async crashForTest(): Promise<void> {
    await this.worker.terminate();
  }
}
