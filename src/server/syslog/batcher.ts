import type { DecodedRecord, IngestPipeline } from "../../ingest/index.js";
import { snippet } from "../../ingest/index.js";
import type { ListenerMetrics } from "../listener-metrics.js";

/** One entry waiting for the next batch: a message to parse, or a frame already refused. */
type Pending =
  | { readonly kind: "message"; readonly text: string; readonly source: string }
  | { readonly kind: "refused"; readonly code: string; readonly reason: string; readonly text: string };

/** Options of SyslogBatcher. */
export interface SyslogBatcherOptions {
  readonly pipeline: Pick<IngestPipeline, "ingestDecoded">;
  /** Makes one message into records; `index` is its place in the batch. */
  readonly parse: (text: string, index: number, source: string) => DecodedRecord[];
  readonly metrics: ListenerMetrics;
  /** Messages a batch holds at most (default 1,000). */
  readonly maxBatch?: number;
  /** Milliseconds a message waits at most before its batch is stored (default 200). */
  readonly intervalMs?: number;
  /** Messages waiting at most; more are refused (UDP drops them, TCP stops reading). Default 50,000. */
  readonly maxQueued?: number;
  /** Called when a batch could not be stored. */
  readonly onError?: (error: unknown, messages: number) => void;
}

/**
 * Gathers syslog messages from every listener into batches for the durable ingest path: a batch
 * is stored every `intervalMs` or as soon as `maxBatch` messages wait, one batch at a time. The
 * queue is bounded; when it is full, `add` refuses and listeners wait for `onDrain`.
 *
 * @example
 * const batcher = new SyslogBatcher({ pipeline, parse: syslogRecords, metrics });
 * if (!batcher.add(text, "udp://10.0.0.5")) metrics.syslogDroppedBusy++;
 */
export class SyslogBatcher {
  private queue: Pending[] = [];
  private readonly maxBatch: number;
  private readonly maxQueued: number;
  private readonly timer: NodeJS.Timeout;
  private running: Promise<void> | undefined;
  private drains: (() => void)[] = [];
  private closed = false;

  constructor(private readonly options: SyslogBatcherOptions) {
    this.maxBatch = Math.max(1, options.maxBatch ?? 1000);
    this.maxQueued = Math.max(this.maxBatch, options.maxQueued ?? 50_000);
    this.timer = setInterval(() => this.kick(), Math.max(10, options.intervalMs ?? 200));
    this.timer.unref();
  }

  /** Messages waiting. */
  get queued(): number {
    return this.queue.length;
  }

  /** True when the queue is full: listeners should stop reading until onDrain. */
  get full(): boolean {
    return this.queue.length >= this.maxQueued;
  }

  /**
   * Queues a message; false (and nothing queued) when the queue is full or closed. `force`
   * queues past the limit: a stream listener finishing the chunk it has read before it pauses.
   */
  add(text: string, source: string, force = false): boolean {
    if (this.closed || (this.full && !force)) return false;
    this.queue.push({ kind: "message", text, source });
    if (this.queue.length >= this.maxBatch) this.kick();
    return true;
  }

  /** Queues a frame that was refused before parsing (too large, truncated), to be dead-lettered. */
  refuse(code: string, reason: string, text: string): void {
    if (this.closed) return;
    // Refusals are few (one per bad frame) and bounded by the connections; they never wait on a full queue.
    this.queue.push({ kind: "refused", code, reason, text: snippet(text) });
    if (this.queue.length >= this.maxBatch) this.kick();
  }

  /** Calls `listener` once, the next time the queue has room. */
  onDrain(listener: () => void): void {
    if (!this.full) listener();
    else this.drains.push(listener);
  }

  /** Stores everything queued now; resolves when it is stored (or failed and was logged). */
  async flush(): Promise<void> {
    while (this.queue.length > 0 || this.running) {
      this.kick();
      await this.running;
    }
  }

  /** Stops the timer and stores what is queued. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    await this.flush();
  }

  private kick(): void {
    if (this.running || this.queue.length === 0) return;
    const batch = this.queue.splice(0, this.maxBatch);
    this.running = this.store(batch).finally(() => {
      this.running = undefined;
      this.wake();
      if (this.queue.length >= this.maxBatch) this.kick();
    });
  }

  private wake(): void {
    if (this.full || this.drains.length === 0) return;
    const drains = this.drains;
    this.drains = [];
    for (const d of drains) d();
  }

  private async store(batch: readonly Pending[]): Promise<void> {
    const records: DecodedRecord[] = [];
    batch.forEach((p, index) => {
      if (p.kind === "refused") {
        records.push({ ok: false, index, line: 1, code: p.code, reason: p.reason, text: p.text, format: "syslog" });
        return;
      }
      try {
        for (const r of this.options.parse(p.text, index, p.source)) records.push(r);
      } catch (error) {
        // A parser bug must not lose the batch: the message is kept as a dead letter.
        const reason = `the syslog parser failed: ${error instanceof Error ? error.message : String(error)}`;
        records.push({ ok: false, index, line: 1, code: "SYSLOG_PARSE_FAILED", reason, text: snippet(p.text) });
      }
    });
    try {
      await this.options.pipeline.ingestDecoded(records);
    } catch (error) {
      this.options.metrics.syslogLost += batch.length;
      this.options.onError?.(error, batch.length);
    }
  }
}
