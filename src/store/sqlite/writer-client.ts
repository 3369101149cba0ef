import type { Worker } from "node:worker_threads";
import type { IngestBatch } from "../../ingest/index.js";
import type { WriterReply, WriterRequest } from "./writer-thread.js";

/** Restarts of the writer allowed within RESTART_WINDOW_MS before the store gives up on it. */
const MOST_RESTARTS = 5;
const RESTART_WINDOW_MS = 60_000;

/** What the store reports of its writer. */
export interface WriterHealth {
  readonly ok: boolean;
  /** Why it is not ok; the last failure while it is. */
  readonly reason?: string;
  /** Times the writer thread stopped and was started again. */
  readonly restarts: number;
}

/**
 * The main thread's side of the SQLite writer thread: sends batches, settles each one's promise
 * with the thread's answer, and starts a new thread when the one running dies (an out-of-memory
 * in the thread, a native fault, a terminate). The batches in flight when it died are failed,
 * never answered as written, so their clients send them again. A thread that keeps dying, more
 * than five times in a minute, is not started again: the store then reports itself unhealthy,
 * and every commit fails with the reason, until the process is restarted.
 */
export class WriterClient {
  /** What the writer thread did: batches committed, and the most it committed in one transaction. */
  readonly stats = { batches: 0, largestGroup: 0 };
  private worker: Worker;
  private readonly pending = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  private nextRequest = 0;
  private restarts: number[] = [];
  private restartCount = 0;
  private lastFailure: string | undefined;
  /** Set when the writer is given up on, or closed: every request fails with it. */
  private stopped: Error | undefined;

  constructor(private readonly start: () => Worker) {
    this.worker = this.launch();
  }

  private launch(): Worker {
    const worker = this.start();
    worker.on("message", (reply: WriterReply) => {
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.pending.delete(reply.id);
      if (reply.ok) {
        this.stats.batches++;
        this.stats.largestGroup = Math.max(this.stats.largestGroup, reply.group ?? 1);
        p.resolve();
      } else p.reject(new Error(reply.error));
    });
    let failure: Error | undefined;
    worker.on("error", (error) => {
      failure = error;
    });
    worker.on("exit", (code) => {
      if (worker !== this.worker) return;
      this.died(failure ?? new Error(`the SQLite writer thread stopped (exit code ${code})`));
    });
    return worker;
  }

  private died(error: Error): void {
    this.lastFailure = error.message;
    const failed = [...this.pending.values()];
    this.pending.clear();
    for (const p of failed) p.reject(error);
    if (this.stopped) return;
    const now = Date.now();
    this.restarts = this.restarts.filter((t) => now - t < RESTART_WINDOW_MS);
    if (this.restarts.length >= MOST_RESTARTS) {
      this.stopped = new Error(
        `the SQLite writer thread stopped ${MOST_RESTARTS + 1} times within a minute and is not started again: ${error.message}`,
      );
      return;
    }
    this.restarts.push(now);
    this.restartCount++;
    this.worker = this.launch();
  }

  health(): WriterHealth {
    if (this.stopped) return { ok: false, reason: this.stopped.message, restarts: this.restartCount };
    return this.lastFailure === undefined
      ? { ok: true, restarts: this.restartCount }
      : { ok: true, reason: this.lastFailure, restarts: this.restartCount };
  }

  commit(batch: IngestBatch): Promise<void> {
    return this.request({ batch });
  }

  private request(body: { batch: IngestBatch } | { close: true }): Promise<void> {
    if (this.stopped) return Promise.reject(this.stopped);
    const id = this.nextRequest++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, ...body } as WriterRequest);
    });
  }

  /** Lets the thread finish what it was sent, close its connection, and end. */
  async close(): Promise<void> {
    if (this.stopped) return;
    try {
      await this.request({ close: true });
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
