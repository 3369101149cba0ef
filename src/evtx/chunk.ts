import { TocsinError } from "../core/index.js";
import { createChunkContext } from "./binxml/context.js";
import { parseBinXml } from "./binxml/parser.js";
import { renderJson } from "./binxml/render-json.js";
import { renderXml } from "./binxml/render-xml.js";
import type { JsonObject } from "./binxml/text.js";
import { CHUNK_DATA_OFFSET, type ChunkHeader, readChunkHeader } from "./chunk-header.js";
import { FILE_HEADER_SIZE } from "./file-header.js";
import { type EvtxIssue, type EvtxIssueCode, type EvtxPlace, evtxIssue } from "./issues.js";
import { DEFAULT_LIMITS, type EvtxLimits } from "./limits.js";
import { findNextRecord, readRecordHeader } from "./record.js";

/** One parsed event record. `event` is a JSON object, or an XML string with `format: "xml"`. */
export interface EvtxRecord<E = JsonObject> {
  /** The EVTX record identifier (EventRecordID). */
  readonly recordId: number;
  /** 0-based chunk index in the file. */
  readonly chunk: number;
  /** Byte offset of the record in the file. */
  readonly offset: number;
  /** When the record was written, ISO 8601 UTC with microseconds. */
  readonly timestamp: string;
  readonly event: E;
}

/** A record or the issue that took its place; the stream goes on either way. */
export type EvtxResult<E = JsonObject> =
  | { readonly ok: true; readonly record: EvtxRecord<E> }
  | { readonly ok: false; readonly issue: EvtxIssue };

/** Output format of records. */
export type EvtxFormat = "json" | "xml";

/** Options shared by the chunk and file parsers. */
export interface ParseOptions {
  /** File name used in issue places. */
  readonly file?: string;
  /** Limits that bound work on hostile input. */
  readonly limits?: Partial<EvtxLimits>;
  /** Skip a chunk whose header or data CRC32 does not match (default: warn and parse it). */
  readonly strictChecksums?: boolean;
}

/** Options of `parseChunk`. */
export interface ParseChunkOptions extends ParseOptions {
  /** Byte offset of the chunk in its file (default: 4096 + index × 65536). */
  readonly fileOffset?: number;
}

/** Resolves partial limits against the defaults. */
export function resolveLimits(limits: Partial<EvtxLimits> | undefined): EvtxLimits {
  return limits ? { ...DEFAULT_LIMITS, ...limits } : DEFAULT_LIMITS;
}

function isZero(b: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (b[i] !== 0) return false;
  return true;
}

/** The number of records a chunk header declares (last − first + 1), or 0 when implausible. */
export function declaredRecordCount(h: ChunkHeader): number {
  const n = h.lastRecordNumber - h.firstRecordNumber + 1;
  return n > 0 && n < 65536 ? n : 0;
}

/**
 * Parses one chunk (normally 64 KiB; a shorter, truncated chunk is parsed as far as it goes),
 * yielding a result per record in order. Never throws for bad input.
 *
 * @example
 * for (const r of parseChunk(bytes.subarray(4096, 4096 + 65536), 0)) if (r.ok) console.log(r.record.event);
 */
export function parseChunk(
  bytes: Uint8Array,
  chunkIndex: number,
  opts?: ParseChunkOptions & { readonly format?: "json" },
): Generator<EvtxResult<JsonObject>>;
export function parseChunk(
  bytes: Uint8Array,
  chunkIndex: number,
  opts: ParseChunkOptions & { readonly format: "xml" },
): Generator<EvtxResult<string>>;
export function parseChunk(
  bytes: Uint8Array,
  chunkIndex: number,
  opts?: ParseChunkOptions & { readonly format?: EvtxFormat },
): Generator<EvtxResult<JsonObject | string>>;
export function* parseChunk(
  bytes: Uint8Array,
  chunkIndex: number,
  opts: ParseChunkOptions & { readonly format?: EvtxFormat } = {},
): Generator<EvtxResult<JsonObject | string>> {
  const file = opts.file;
  const base = opts.fileOffset ?? FILE_HEADER_SIZE + chunkIndex * 65536;
  const place = (offset: number, record?: number): EvtxPlace => ({
    file,
    chunk: chunkIndex,
    offset: base + offset,
    record,
  });
  const issue = (
    code: EvtxIssueCode,
    message: string,
    offset: number,
    record?: number,
    severity: "error" | "warning" = "error",
  ): EvtxResult<never> => ({
    ok: false,
    issue: evtxIssue(code, message, place(offset, record), severity),
  });
  // A checksum mismatch is only a warning unless checksums are strict (then the chunk stops).
  const checksumIssue = (code: EvtxIssueCode, message: string, offset: number): EvtxResult<never> =>
    issue(code, message, offset, undefined, opts.strictChecksums ? "error" : "warning");
  const header = readChunkHeader(bytes);
  if (!header) {
    yield issue(bytes.length < CHUNK_DATA_OFFSET ? "EVTX_TRUNCATED" : "EVTX_BAD_CHUNK", "no valid chunk header", 0);
    return;
  }
  if (!header.headerChecksumValid) {
    yield checksumIssue("EVTX_CHUNK_HEADER_CHECKSUM", "chunk header CRC32 mismatch", 124);
    if (opts.strictChecksums) return;
  }
  let end = header.freeSpaceOffset;
  if (end < CHUNK_DATA_OFFSET || end > 65536) {
    yield issue(
      "EVTX_BAD_CHUNK",
      `free space offset ${end} out of range; reading the whole chunk`,
      48,
      undefined,
      "warning",
    );
    end = bytes.length;
  } else if (end > bytes.length) {
    yield issue("EVTX_TRUNCATED", `chunk data ends at ${end} but only ${bytes.length} bytes are present`, bytes.length);
    end = bytes.length;
  } else if (header.dataChecksumValid === false) {
    yield checksumIssue("EVTX_CHUNK_DATA_CHECKSUM", "record data CRC32 mismatch", 52);
    if (opts.strictChecksums) return;
  }
  const limits = resolveLimits(opts.limits);
  const ctx = createChunkContext(bytes, limits);
  const xml = opts.format === "xml";
  let off = CHUNK_DATA_OFFSET;
  let handled = 0;
  while (off + 24 <= end) {
    const rh = readRecordHeader(bytes, off, end);
    if (typeof rh === "string") {
      if (isZero(bytes, off, Math.min(end, off + 24))) break; // slack after the last record
      const next = findNextRecord(bytes, off + 1, end);
      yield issue(
        "EVTX_BAD_RECORD",
        `${rh} at chunk offset ${off}${next < 0 ? "; rest of chunk skipped" : `; resuming at ${next}`}`,
        off,
      );
      if (next < 0) break;
      off = next;
      continue;
    }
    handled++;
    try {
      const nodes = parseBinXml(ctx, off + 24, off + rh.size - 4);
      const event = xml ? renderXml(nodes, limits) : renderJson(nodes, limits);
      yield {
        ok: true,
        record: { recordId: rh.recordId, chunk: chunkIndex, offset: base + off, timestamp: rh.timestamp, event },
      };
    } catch (e) {
      const code = e instanceof TocsinError ? (e.code as EvtxIssueCode) : "EVTX_BAD_BINXML";
      const at = e instanceof TocsinError && e.place?.offset !== undefined ? ` (chunk offset ${e.place.offset})` : "";
      // Anything but a TocsinError is a parser bug met on odd input: still contained, but named.
      const msg =
        e instanceof TocsinError
          ? e.message
          : `internal error: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`;
      const copy = rh.sizeCopyOk ? "" : "; the size copy at its end does not match either";
      yield issue(code, `record ${rh.recordId}: ${msg}${at}${copy}`, off, rh.recordId);
      if (!rh.sizeCopyOk) {
        // The size itself is suspect: look for the next well-formed record instead.
        const next = findNextRecord(bytes, off + 1, end);
        if (next < 0) break;
        off = next;
        continue;
      }
    }
    off += rh.size;
  }
  const declared = declaredRecordCount(header);
  if (handled < declared) {
    yield issue(
      "EVTX_RECORDS_MISSING",
      `header declares ${declared} records (${header.firstRecordNumber}..${header.lastRecordNumber}) but ${declared - handled} could not be found`,
      off,
    );
  }
}
