import { FILE_SIGNATURE, hasSignature, u16, u32, u64n } from "./bytes.js";
import { crc32 } from "./crc32.js";
import { type EvtxIssue, evtxIssue } from "./issues.js";

/** Size of the file header block; the first chunk starts here. */
export const FILE_HEADER_SIZE = 4096;

/** The EVTX file header (first 128 bytes of the 4 KiB header block). */
export interface FileHeader {
  readonly firstChunkNumber: number;
  readonly lastChunkNumber: number;
  readonly nextRecordId: number;
  readonly headerSize: number;
  readonly minorVersion: number;
  readonly majorVersion: number;
  readonly headerBlockSize: number;
  readonly chunkCount: number;
  /** 0x1 dirty (not closed cleanly), 0x2 full. */
  readonly flags: number;
  readonly checksum: number;
  /** Whether the stored CRC32 of bytes 0..120 matches. */
  readonly checksumValid: boolean;
}

/** A parsed header, or the issue that prevented it; a bad checksum is a warning beside the header. */
export type FileHeaderResult =
  | { readonly ok: true; readonly header: FileHeader; readonly warning?: EvtxIssue }
  | { readonly ok: false; readonly issue: EvtxIssue };

/**
 * Reads the file header from the start of an EVTX file.
 *
 * @example
 * const r = readFileHeader(bytes);
 * if (r.ok) console.log(r.header.chunkCount);
 */
export function readFileHeader(bytes: Uint8Array, file?: string): FileHeaderResult {
  const place = { file, offset: 0 };
  if (bytes.length < 128)
    return {
      ok: false,
      issue: evtxIssue("EVTX_TRUNCATED", `file of ${bytes.length} bytes has no complete header`, place),
    };
  if (!hasSignature(bytes, 0, FILE_SIGNATURE))
    return { ok: false, issue: evtxIssue("EVTX_BAD_FILE_HEADER", "missing ElfFile signature", place) };
  const checksum = u32(bytes, 124);
  const header: FileHeader = {
    firstChunkNumber: u64n(bytes, 8),
    lastChunkNumber: u64n(bytes, 16),
    nextRecordId: u64n(bytes, 24),
    headerSize: u32(bytes, 32),
    minorVersion: u16(bytes, 36),
    majorVersion: u16(bytes, 38),
    headerBlockSize: u16(bytes, 40),
    chunkCount: u16(bytes, 42),
    flags: u32(bytes, 120),
    checksum,
    checksumValid: crc32(bytes, 0, 120) === checksum,
  };
  if (!header.checksumValid) {
    return {
      ok: true,
      header,
      warning: evtxIssue("EVTX_FILE_HEADER_CHECKSUM", "file header CRC32 mismatch", place, "warning"),
    };
  }
  return { ok: true, header };
}
