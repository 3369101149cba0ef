import { u32, u64n } from "./bytes.js";
import { fileTimeToMillis, formatFileTime } from "./binxml/value-format.js";

/** Size of the fixed record header before the BinXML event. */
export const RECORD_HEADER_SIZE = 24;

/** The fixed part of an event record. */
export interface RecordHeader {
  /** Offset of the record in its chunk. */
  readonly offset: number;
  readonly size: number;
  readonly recordId: number;
  /** When the record was written, ISO 8601 (µs). */
  readonly timestamp: string;
  /** The same instant in milliseconds since the Unix epoch. */
  readonly millis: number;
  /** Whether the size is repeated in the record's last four bytes, as it should be. */
  readonly sizeCopyOk: boolean;
}

/** Whether the record signature `**\0\0` is at `off`. */
export function hasRecordSignature(b: Uint8Array, off: number): boolean {
  return b[off] === 0x2a && b[off + 1] === 0x2a && b[off + 2] === 0 && b[off + 3] === 0;
}

/**
 * Reads the record header at chunk offset `off`, checking the signature, that the size fits
 * before `end` (`sizeCopyOk` tells whether the size is repeated at the end). Returns a reason string
 * when the record is damaged.
 */
export function readRecordHeader(b: Uint8Array, off: number, end: number): RecordHeader | string {
  if (off + RECORD_HEADER_SIZE > end) return "record header runs past the end of the chunk data";
  if (!hasRecordSignature(b, off)) return "missing record signature";
  const size = u32(b, off + 4);
  if (size < RECORD_HEADER_SIZE + 4) return `record size ${size} is too small`;
  if (off + size > end) return `record size ${size} runs past the end of the chunk data`;
  const lo = u32(b, off + 16);
  const hi = u32(b, off + 20);
  return {
    offset: off,
    size,
    recordId: u64n(b, off + 8),
    timestamp: formatFileTime(lo, hi),
    millis: fileTimeToMillis(lo, hi),
    sizeCopyOk: u32(b, off + size - 4) === size,
  };
}

/** Finds the next offset after `from` (and before `end`) that holds a well-formed record header. */
export function findNextRecord(b: Uint8Array, from: number, end: number): number {
  for (let p = from; p + RECORD_HEADER_SIZE <= end; p++) {
    if (b[p] !== 0x2a || !hasRecordSignature(b, p)) continue;
    const h = readRecordHeader(b, p, end);
    if (typeof h !== "string" && h.sizeCopyOk) return p;
  }
  return -1;
}
