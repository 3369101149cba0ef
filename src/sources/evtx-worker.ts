import type { EvtxFormat, EvtxIssue, EvtxLimits, EvtxResult, JsonObject } from "../evtx/index.js";
import { CHUNK_SIZE } from "../evtx/index.js";
import { readEvtxFile } from "./evtx-file.js";

/** A byte range of one file: 0 (header included) or a chunk boundary, to `end`. */
export interface EvtxRange {
  readonly path: string;
  readonly start: number;
  readonly end: number;
}

/** How ranges are parsed. */
export interface EvtxRangeOptions {
  readonly format?: EvtxFormat;
  readonly limits?: Partial<EvtxLimits>;
  readonly strictChecksums?: boolean;
}

/** One unit of parallel work: a chunk-aligned byte range of one file. */
export interface EvtxRangeTask extends EvtxRange, EvtxRangeOptions {}

/** Several ranges (small files, or pieces of a large one) parsed by one worker call. */
export interface EvtxBatchTask extends EvtxRangeOptions {
  readonly ranges: readonly EvtxRange[];
}

function readRange(range: EvtxRange, opts: EvtxRangeOptions): AsyncGenerator<EvtxResult<JsonObject | string>> {
  return readEvtxFile(range.path, {
    start: range.start,
    end: range.end,
    format: opts.format,
    limits: opts.limits,
    strictChecksums: opts.strictChecksums,
    // A range is small (a few chunks): read it in as few calls as possible.
    readChunks: Math.ceil((range.end - range.start) / CHUNK_SIZE),
  });
}

/**
 * Parses a batch of ranges in a worker thread and returns, as JSON text, one result array
 * per range. One string crosses threads far faster than a structured clone of many small
 * objects, and serialising each result as it comes lets the objects die young (run by
 * piscina under the name `parseEvtxBatchJson`).
 */
export async function parseEvtxBatchJson(task: EvtxBatchTask): Promise<string> {
  let text = "[";
  for (const range of task.ranges) {
    text += text.length === 1 ? "[" : ",[";
    let first = true;
    for await (const r of readRange(range, task)) {
      text += first ? JSON.stringify(r) : `,${JSON.stringify(r)}`;
      first = false;
    }
    text += "]";
  }
  return `${text}]`;
}

/** A range's records as text (one JSON object, or one XML event, per line) and its issues. */
export interface EvtxRangeText {
  readonly text: string;
  readonly records: number;
  readonly issues: readonly EvtxIssue[];
}

/**
 * Parses a batch of ranges and returns each range's records already rendered as text lines,
 * with its issues beside: the fast path for printing, as the main thread has nothing left to
 * decode (run by piscina under the name `parseEvtxBatchText`).
 */
export async function parseEvtxBatchText(task: EvtxBatchTask): Promise<EvtxRangeText[]> {
  const out: EvtxRangeText[] = [];
  for (const range of task.ranges) {
    let text = "";
    let records = 0;
    const issues: EvtxIssue[] = [];
    for await (const r of readRange(range, task)) {
      if (r.ok) {
        records++;
        const e = r.record.event;
        text += typeof e === "string" ? `${e}\n` : `${JSON.stringify(e)}\n`;
      } else issues.push(r.issue);
    }
    out.push({ text, records, issues });
  }
  return out;
}

/**
 * Parses one range of a file and returns its results in order.
 *
 * @example
 * const results = await parseEvtxRange({ path: "big.evtx", start: 4096 + 16 * 65536, end: 4096 + 32 * 65536 });
 */
export async function parseEvtxRange(task: EvtxRangeTask): Promise<EvtxResult<JsonObject | string>[]> {
  const out: EvtxResult<JsonObject | string>[] = [];
  for await (const r of readRange(task, task)) out.push(r);
  return out;
}
