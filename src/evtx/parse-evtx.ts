import type { JsonObject } from "./binxml/text.js";
import { CHUNK_SIGNATURE } from "./bytes.js";
import { type EvtxFormat, type EvtxResult, type ParseOptions, parseChunk } from "./chunk.js";
import { CHUNK_SIZE, isChunk } from "./chunk-header.js";
import { ByteWindow } from "./byte-window.js";
import { FILE_HEADER_SIZE, readFileHeader } from "./file-header.js";
import { evtxIssue } from "./issues.js";

/** Options of `parseEvtx`. */
export interface ParseEvtxOptions extends ParseOptions {
  /** Stops the stream (without an error) when aborted. */
  readonly signal?: AbortSignal;
  /**
   * The source starts at this file offset, on a chunk boundary, with no file header: used to
   * parse a range of a file's chunks on its own (for example in a worker thread).
   */
  readonly startOffset?: number;
}

/** Where the first `ElfChnk\0` at or after `from` lies in `b`, or -1. */
export function findChunkSignature(b: Uint8Array, from: number): number {
  for (let i = b.indexOf(0x45, from); i >= 0 && i + 8 <= b.length; i = b.indexOf(0x45, i + 1)) {
    let ok = true;
    for (let j = 1; j < 8; j++) {
      if (b[i + j] !== CHUNK_SIGNATURE[j]) {
        ok = false;
        break;
      }
    }
    if (ok) return i;
  }
  return -1;
}

function isZero(b: Uint8Array): boolean {
  let i = 0;
  if (b.byteOffset % 4 === 0) {
    // Unused chunk slots are common: test them a word at a time.
    const words = new Int32Array(b.buffer, b.byteOffset, b.length >>> 2);
    for (let w = 0; w < words.length; w++) if (words[w] !== 0) return false;
    i = words.length * 4;
  }
  for (; i < b.length; i++) if (b[i] !== 0) return false;
  return true;
}

function chunkIndexAt(offset: number): number {
  return offset >= FILE_HEADER_SIZE ? Math.floor((offset - FILE_HEADER_SIZE) / CHUNK_SIZE) : 0;
}

/**
 * Streams the records of an EVTX file, in file order, as one result per record (or per
 * problem). Memory stays within a few chunks whatever the file size; damaged headers,
 * chunks and records become issues and parsing goes on. Never throws for bad input.
 *
 * @example
 * for await (const r of parseEvtx(bytes, { file: "Security.evtx" })) {
 *   if (r.ok) console.log(r.record.recordId, r.record.event);
 *   else console.warn(r.issue.message);
 * }
 */
export function parseEvtx(
  source: AsyncIterable<Uint8Array> | Uint8Array,
  opts?: ParseEvtxOptions & { readonly format?: "json" },
): AsyncGenerator<EvtxResult<JsonObject>>;
export function parseEvtx(
  source: AsyncIterable<Uint8Array> | Uint8Array,
  opts: ParseEvtxOptions & { readonly format: "xml" },
): AsyncGenerator<EvtxResult<string>>;
export function parseEvtx(
  source: AsyncIterable<Uint8Array> | Uint8Array,
  opts?: ParseEvtxOptions & { readonly format?: EvtxFormat },
): AsyncGenerator<EvtxResult<JsonObject | string>>;
export async function* parseEvtx(
  source: AsyncIterable<Uint8Array> | Uint8Array,
  opts: ParseEvtxOptions & { readonly format?: EvtxFormat } = {},
): AsyncGenerator<EvtxResult<JsonObject | string>> {
  try {
    yield* parseStream(source, opts);
  } catch (e) {
    // Only the byte source can fail here (parsing problems are already results).
    const message = e instanceof Error ? e.message : String(e);
    yield { ok: false, issue: evtxIssue("EVTX_READ_FAILED", `reading failed: ${message}`, { file: opts.file }) };
  }
}

async function* parseStream(
  source: AsyncIterable<Uint8Array> | Uint8Array,
  opts: ParseEvtxOptions & { readonly format?: EvtxFormat },
): AsyncGenerator<EvtxResult<JsonObject | string>> {
  const file = opts.file;
  const signal = opts.signal;
  const win = new ByteWindow(source);
  if (opts.startOffset === undefined) {
    const head = await win.take(FILE_HEADER_SIZE);
    if (head.length === 0) {
      yield { ok: false, issue: evtxIssue("EVTX_TRUNCATED", "empty file", { file, offset: 0 }) };
      return;
    }
    const hr = readFileHeader(head, file);
    if (!hr.ok) {
      const at = findChunkSignature(head, 0);
      yield { ok: false, issue: { ...hr.issue, message: `${hr.issue.message}; scanning for chunks` } };
      if (at >= 0) win.unread(head.subarray(at));
    } else if (hr.warning) yield { ok: false, issue: hr.warning };
  } else win.position = opts.startOffset;
  let scanning = false;
  while (!signal?.aborted) {
    const pos = win.position;
    const data = await win.take(CHUNK_SIZE);
    if (data.length === 0) break;
    if (isChunk(data)) {
      scanning = false;
      for (const r of parseChunk(data, chunkIndexAt(pos), { ...opts, fileOffset: pos })) {
        if (signal?.aborted) return;
        yield r;
      }
      continue;
    }
    if (isZero(data)) continue; // an unused chunk slot
    const at = findChunkSignature(data, 1);
    if (!scanning) {
      yield {
        ok: false,
        issue: evtxIssue("EVTX_BAD_CHUNK", `no chunk signature at offset ${pos}; scanning for the next chunk`, {
          file,
          offset: pos,
          chunk: chunkIndexAt(pos),
        }),
      };
    }
    scanning = at < 0;
    if (at >= 0) win.unread(data.subarray(at));
    else if (data.length > 8) win.unread(data.subarray(data.length - 7));
    else break;
  }
}
