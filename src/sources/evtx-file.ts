import { open } from "node:fs/promises";
import type { EvtxFormat, EvtxResult, JsonObject, ParseEvtxOptions } from "../evtx/index.js";
import { CHUNK_SIZE, FILE_HEADER_SIZE, evtxIssue, parseEvtx } from "../evtx/index.js";

/** Options of `readEvtxFile`. */
export interface ReadEvtxFileOptions extends Omit<ParseEvtxOptions, "file" | "startOffset"> {
  readonly format?: EvtxFormat;
  /** First byte to read (a chunk boundary, past the file header); default 0, the whole file. */
  readonly start?: number;
  /** Byte after the last one to read; default the end of the file. */
  readonly end?: number;
  /** Chunks read per system call (default 4: a 256 KiB buffer). */
  readonly readChunks?: number;
}

/** Chunks read from disk at once by default (256 KiB): few system calls, bounded memory. */
export const DEFAULT_READ_CHUNKS = 4;

/**
 * Reads `[start, end)` of a file into one reused buffer: the 4 KiB header first, then
 * `chunks` × 64 KiB at a time, so chunks arrive whole and are parsed in place.
 */
export async function* readFilePieces(
  path: string,
  start = 0,
  end = Number.POSITIVE_INFINITY,
  signal?: AbortSignal,
  chunks = DEFAULT_READ_CHUNKS,
): AsyncGenerator<Uint8Array> {
  const handle = await open(path, "r");
  try {
    const buffer = new Uint8Array(CHUNK_SIZE * Math.min(64, Math.max(1, chunks)));
    let pos = start;
    let first = start === 0;
    while (pos < end && !signal?.aborted) {
      const want = Math.min(first ? FILE_HEADER_SIZE : buffer.length, end - pos);
      first = false;
      const { bytesRead } = await handle.read(buffer, 0, want, pos);
      if (bytesRead === 0) break;
      pos += bytesRead;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

/**
 * Streams the records of an `.evtx` file from disk with memory bounded by a few chunks.
 * A file that cannot be opened or read yields one `EVTX_READ_FAILED` issue.
 *
 * @example
 * for await (const r of readEvtxFile("Security.evtx")) if (r.ok) console.log(r.record.event);
 */
export function readEvtxFile(
  path: string,
  opts?: ReadEvtxFileOptions & { readonly format?: "json" },
): AsyncGenerator<EvtxResult<JsonObject>>;
export function readEvtxFile(
  path: string,
  opts: ReadEvtxFileOptions & { readonly format: "xml" },
): AsyncGenerator<EvtxResult<string>>;
export function readEvtxFile(path: string, opts?: ReadEvtxFileOptions): AsyncGenerator<EvtxResult<JsonObject | string>>;
export async function* readEvtxFile(
  path: string,
  opts: ReadEvtxFileOptions = {},
): AsyncGenerator<EvtxResult<JsonObject | string>> {
  const start = opts.start ?? 0;
  try {
    const pieces = readFilePieces(path, start, opts.end, opts.signal, opts.readChunks);
    yield* parseEvtx(pieces, { ...opts, file: path, startOffset: start === 0 ? undefined : start });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    yield { ok: false, issue: evtxIssue("EVTX_READ_FAILED", `cannot read ${path}: ${message}`, { file: path }) };
  }
}
