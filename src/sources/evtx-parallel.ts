import { stat } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Piscina } from "piscina";
import type { EvtxFormat, EvtxIssue, EvtxLimits, EvtxResult, JsonObject } from "../evtx/index.js";
import { CHUNK_SIZE, FILE_HEADER_SIZE, evtxIssue } from "../evtx/index.js";
import type { EvtxBatchTask, EvtxRange, EvtxRangeText } from "./evtx-worker.js";

/** Options of `createEvtxPool`. */
export interface EvtxPoolOptions {
  /** Worker threads (default: all cores). */
  readonly threads?: number;
}

/** Options of a parallel read. */
export interface ParallelReadOptions {
  readonly format?: EvtxFormat;
  readonly limits?: Partial<EvtxLimits>;
  readonly strictChecksums?: boolean;
  readonly signal?: AbortSignal;
  /**
   * Chunks per worker call (default 16 = 1 MiB): a large file is cut into ranges this big, and
   * small files are grouped until a call has this much to read.
   */
  readonly chunksPerTask?: number;
}

/** A result tagged with the file it came from. */
export interface EvtxFileResult<E = JsonObject> {
  readonly file: string;
  readonly result: EvtxResult<E>;
}

/** One range's records as text lines, with the issues met in it. */
export interface EvtxFileText {
  readonly file: string;
  readonly text: string;
  readonly records: number;
  readonly issues: readonly EvtxIssue[];
}

/** A pool of worker threads parsing EVTX files; close it when done. */
export interface EvtxPool {
  /** Results of all files, file after file, each file's records in order. */
  readFiles(paths: readonly string[], opts?: ParallelReadOptions): AsyncGenerator<EvtxFileResult<JsonObject | string>>;
  /**
   * Records of all files as text, one rendered event per line (JSON, or XML with
   * `format: "xml"`), file after file and range after range, with each range's issues: the
   * fast path for printing, since the main thread decodes nothing.
   */
  readFilesText(paths: readonly string[], opts?: ParallelReadOptions): AsyncGenerator<EvtxFileText>;
  /** Number of worker threads. */
  readonly threads: number;
  close(): Promise<void>;
}

function workerSetup(): { filename: string; execArgv: string[] } {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith(".ts")) {
    // Running from source (tests, benchmarks): a small ESM shim registers tsx in the worker.
    return { filename: here.replace(/evtx-parallel\.ts$/, "evtx-worker-dev.mjs"), execArgv: [] };
  }
  return { filename: here.replace(/evtx-parallel\.js$/, "evtx-worker.js"), execArgv: [] };
}

/** A batch of work and the file each of its ranges belongs to; `error` for a file that cannot be read. */
interface Batch {
  readonly task: EvtxBatchTask;
  readonly errors: readonly { readonly file: string; readonly message: string }[];
}

const MAX_FILES_PER_BATCH = 64;

/** Cuts files into chunk-aligned ranges and groups small ones, so each worker call has real work. */
async function* batchesOf(paths: readonly string[], opts: ParallelReadOptions): AsyncGenerator<Batch> {
  const span = Math.max(1, opts.chunksPerTask ?? 16) * CHUNK_SIZE;
  const options = { format: opts.format, limits: opts.limits, strictChecksums: opts.strictChecksums };
  let ranges: EvtxRange[] = [];
  let bytes = 0;
  for (const path of paths) {
    let size: number;
    try {
      size = (await stat(path)).size;
    } catch (e) {
      if (ranges.length > 0) yield { task: { ...options, ranges }, errors: [] };
      ranges = [];
      bytes = 0;
      yield {
        task: { ...options, ranges: [] },
        errors: [{ file: path, message: e instanceof Error ? e.message : String(e) }],
      };
      continue;
    }
    let start = 0;
    for (;;) {
      const end = Math.min(size, start === 0 ? FILE_HEADER_SIZE + span : start + span);
      ranges.push({ path, start, end });
      bytes += end - start;
      if (bytes >= span || ranges.length >= MAX_FILES_PER_BATCH) {
        yield { task: { ...options, ranges }, errors: [] };
        ranges = [];
        bytes = 0;
      }
      if (end >= size) break;
      start = end;
    }
  }
  if (ranges.length > 0) yield { task: { ...options, ranges }, errors: [] };
}

/** The issue for a range whose worker call failed. */
function workerFailure(r: EvtxRange, e: unknown): EvtxIssue {
  const message = `worker failed on ${r.path} [${r.start}, ${r.end}): ${e instanceof Error ? e.message : String(e)}`;
  return evtxIssue("EVTX_READ_FAILED", message, { file: r.path, offset: r.start });
}

/** What a windowed read yields for a file it cannot read, and for each range's result. */
interface WindowedOutput<R, Y> {
  unreadable(file: string, issue: EvtxIssue): Y;
  range(range: EvtxRange, result: R): Iterable<Y>;
}

/**
 * Runs `run` on each batch with at most `window` batches in flight and yields, batch after
 * batch in the order they were cut, the unreadable files and then each range's result; stops
 * when `signal` aborts. `run` reports a failed call as results, it never rejects.
 */
async function* runWindowed<R, Y>(
  batches: AsyncIterator<Batch>,
  window: number,
  signal: AbortSignal | undefined,
  run: (batch: Batch) => Promise<readonly R[]>,
  output: WindowedOutput<R, Y>,
): AsyncGenerator<Y> {
  const inFlight: { batch: Batch; results: Promise<readonly R[]> }[] = [];
  let exhausted = false;
  const fill = async (): Promise<void> => {
    while (!exhausted && inFlight.length < window) {
      const next = await batches.next();
      if (next.done) {
        exhausted = true;
        return;
      }
      const batch = next.value;
      inFlight.push({ batch, results: batch.task.ranges.length === 0 ? Promise.resolve([]) : run(batch) });
    }
  };
  await fill();
  while (inFlight.length > 0) {
    if (signal?.aborted) return;
    const head = inFlight.shift() as (typeof inFlight)[number];
    const perRange = await head.results;
    await fill();
    for (const { file, message } of head.batch.errors) {
      yield output.unreadable(file, evtxIssue("EVTX_READ_FAILED", `cannot read ${file}: ${message}`, { file }));
    }
    for (let i = 0; i < perRange.length; i++) {
      for (const item of output.range(head.batch.task.ranges[i] as EvtxRange, perRange[i] as R)) yield item;
    }
  }
}

/**
 * Creates a worker pool that spreads files, and the chunk ranges of large files, over
 * threads with piscina, yielding each file's records in order.
 *
 * @example
 * const pool = createEvtxPool();
 * for await (const { file, result } of pool.readFiles(paths)) if (result.ok) use(file, result.record);
 * await pool.close();
 */
export function createEvtxPool(opts: EvtxPoolOptions = {}): EvtxPool {
  const threads = Math.max(1, opts.threads ?? availableParallelism());
  const { filename, execArgv } = workerSetup();
  const piscina = new Piscina({
    filename,
    name: "parseEvtxBatchJson",
    minThreads: threads,
    maxThreads: threads,
    execArgv,
  });
  type Results = EvtxResult<JsonObject | string>[];
  return {
    threads,
    readFiles(paths, readOpts = {}) {
      const run = (batch: Batch): Promise<Results[]> =>
        (piscina.run(batch.task, { signal: readOpts.signal }) as Promise<string>)
          .then((text) => JSON.parse(text) as Results[])
          .catch((e: unknown) => batch.task.ranges.map((r): Results => [{ ok: false, issue: workerFailure(r, e) }]));
      return runWindowed(batchesOf(paths, readOpts), threads * 2, readOpts.signal, run, {
        unreadable: (file, issue) => ({ file, result: { ok: false, issue } }),
        *range(range, results: Results) {
          for (const result of results) yield { file: range.path, result };
        },
      });
    },
    readFilesText(paths, readOpts = {}) {
      const run = (batch: Batch): Promise<EvtxRangeText[]> =>
        (
          piscina.run(batch.task, { name: "parseEvtxBatchText", signal: readOpts.signal }) as Promise<EvtxRangeText[]>
        ).catch((e: unknown) =>
          batch.task.ranges.map((r) => ({ text: "", records: 0, issues: [workerFailure(r, e)] })),
        );
      return runWindowed(batchesOf(paths, readOpts), threads * 2, readOpts.signal, run, {
        unreadable: (file, issue) => ({ file, text: "", records: 0, issues: [issue] }),
        range: (range, result: EvtxRangeText) => [{ file: range.path, ...result }],
      });
    },
    close: () => piscina.destroy(),
  };
}
