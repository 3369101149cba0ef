import { CHUNK_SIGNATURE, hasSignature, u32, u64n } from "./bytes.js";
import { crc32 } from "./crc32.js";

/** Size of a chunk, header included. */
export const CHUNK_SIZE = 65536;
/** Offset of the first record in a chunk (after the header, string and template tables). */
export const CHUNK_DATA_OFFSET = 512;

/** The chunk header (first 512 bytes of a chunk). */
export interface ChunkHeader {
  readonly firstRecordNumber: number;
  readonly lastRecordNumber: number;
  readonly firstRecordId: number;
  readonly lastRecordId: number;
  readonly headerSize: number;
  readonly lastRecordOffset: number;
  /** End of the record data (offset of the free space). */
  readonly freeSpaceOffset: number;
  readonly dataChecksum: number;
  readonly headerChecksum: number;
  readonly flags: number;
  readonly headerChecksumValid: boolean;
  /** Undefined when the free space offset is out of range, so nothing could be checked. */
  readonly dataChecksumValid: boolean | undefined;
}

/** Whether `bytes` starts with the `ElfChnk\0` signature. */
export function isChunk(bytes: Uint8Array, offset = 0): boolean {
  return hasSignature(bytes, offset, CHUNK_SIGNATURE);
}

/**
 * Reads a chunk header and checks its two CRC32s: the header (bytes 0..120 and 128..512)
 * and the record data (512 up to the free space offset). Returns undefined without a
 * signature or when fewer than 512 bytes are present.
 */
export function readChunkHeader(bytes: Uint8Array): ChunkHeader | undefined {
  if (bytes.length < CHUNK_DATA_OFFSET || !isChunk(bytes)) return undefined;
  const freeSpaceOffset = u32(bytes, 48);
  const headerChecksum = u32(bytes, 124);
  const dataChecksum = u32(bytes, 52);
  const headerCrc = crc32(bytes, 128, 512, crc32(bytes, 0, 120));
  const dataOk =
    freeSpaceOffset >= CHUNK_DATA_OFFSET && freeSpaceOffset <= bytes.length && freeSpaceOffset <= CHUNK_SIZE;
  return {
    firstRecordNumber: u64n(bytes, 8),
    lastRecordNumber: u64n(bytes, 16),
    firstRecordId: u64n(bytes, 24),
    lastRecordId: u64n(bytes, 32),
    headerSize: u32(bytes, 40),
    lastRecordOffset: u32(bytes, 44),
    freeSpaceOffset,
    dataChecksum,
    headerChecksum,
    flags: u32(bytes, 120),
    headerChecksumValid: headerCrc === headerChecksum,
    dataChecksumValid: dataOk ? crc32(bytes, CHUNK_DATA_OFFSET, freeSpaceOffset) === dataChecksum : undefined,
  };
}
