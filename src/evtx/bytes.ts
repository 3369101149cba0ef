/** Little-endian readers and string decoders over a chunk's bytes, without copying. */

const UTF16 = new TextDecoder("utf-16le");
const LATIN1 = new TextDecoder("latin1");

/**
 * Decodes `count` UTF-16LE code units at `offset`. Short strings are built from char codes,
 * which is cheaper than a TextDecoder call; lone surrogates come out as in the source.
 */
export function readUtf16(bytes: Uint8Array, offset: number, count: number): string {
  if (count <= 0) return "";
  if (count <= 24) {
    let s = "";
    for (let i = 0; i < count; i++) {
      const p = offset + i * 2;
      s += String.fromCharCode((bytes[p] as number) | ((bytes[p + 1] as number) << 8));
    }
    return s;
  }
  return UTF16.decode(bytes.subarray(offset, offset + count * 2));
}

/** Decodes a UTF-16LE string of `size` bytes, dropping trailing NUL characters. */
export function readUtf16Sized(bytes: Uint8Array, offset: number, size: number): string {
  let count = size >>> 1;
  while (count > 0 && bytes[offset + count * 2 - 2] === 0 && bytes[offset + count * 2 - 1] === 0) count--;
  return readUtf16(bytes, offset, count);
}

/** Decodes an ANSI (code page) string of `size` bytes as Windows-1252, dropping trailing NULs. */
export function readAnsi(bytes: Uint8Array, offset: number, size: number): string {
  let end = offset + size;
  while (end > offset && bytes[end - 1] === 0) end--;
  return LATIN1.decode(bytes.subarray(offset, end));
}

/** Reads an unsigned 16-bit little-endian integer. */
export function u16(b: Uint8Array, o: number): number {
  return (b[o] as number) | ((b[o + 1] as number) << 8);
}

/** Reads an unsigned 32-bit little-endian integer. */
export function u32(b: Uint8Array, o: number): number {
  return (
    ((b[o] as number) | ((b[o + 1] as number) << 8) | ((b[o + 2] as number) << 16)) + (b[o + 3] as number) * 0x1000000
  );
}

/** Reads an unsigned 64-bit little-endian integer as a number (exact below 2^53). */
export function u64n(b: Uint8Array, o: number): number {
  return u32(b, o) + u32(b, o + 4) * 0x100000000;
}

/** Reads an unsigned 64-bit little-endian integer exactly. */
export function u64(b: Uint8Array, o: number): bigint {
  return (BigInt(u32(b, o + 4)) << 32n) | BigInt(u32(b, o));
}

/** Whether `bytes` holds the ASCII signature `sig` (with any trailing NUL it includes) at `offset`. */
export function hasSignature(bytes: Uint8Array, offset: number, sig: Uint8Array): boolean {
  if (offset < 0 || offset + sig.length > bytes.length) return false;
  for (let i = 0; i < sig.length; i++) if (bytes[offset + i] !== sig[i]) return false;
  return true;
}

/** `ElfFile\0`, the file header signature. */
export const FILE_SIGNATURE = new Uint8Array([0x45, 0x6c, 0x66, 0x46, 0x69, 0x6c, 0x65, 0x00]);
/** `ElfChnk\0`, the chunk header signature. */
export const CHUNK_SIGNATURE = new Uint8Array([0x45, 0x6c, 0x66, 0x43, 0x68, 0x6e, 0x6b, 0x00]);
