import { crc32 } from "./crc32.js";

/**
 * Builds a one-chunk EVTX file around hand-written BinXML, for tests: the file header, a
 * chunk with correct checksums, and one record per entry of `records` (each the BinXML bytes
 * placed at chunk offset 512 + 24 + …). `at` tells each BinXML builder its chunk offset, so
 * it can write in-place names and template definitions.
 */
export function buildEvtx(records: readonly ((at: number) => number[])[]): Uint8Array {
  const file = new Uint8Array(4096 + 65536);
  const dv = new DataView(file.buffer);
  file.set([0x45, 0x6c, 0x66, 0x46, 0x69, 0x6c, 0x65, 0x00], 0);
  dv.setUint32(32, 128, true);
  dv.setUint16(36, 1, true);
  dv.setUint16(38, 3, true);
  dv.setUint16(40, 4096, true);
  dv.setUint16(42, 1, true);
  dv.setUint32(124, crc32(file, 0, 120), true);
  const chunk = file.subarray(4096);
  const cv = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  chunk.set([0x45, 0x6c, 0x66, 0x43, 0x68, 0x6e, 0x6b, 0x00], 0);
  let off = 512;
  records.forEach((build, i) => {
    const body = build(off + 24);
    const size = 24 + body.length + 4;
    chunk.set([0x2a, 0x2a, 0, 0], off);
    cv.setUint32(off + 4, size, true);
    cv.setUint32(off + 8, i + 1, true);
    cv.setUint32(off + 16, 0xd53e8000, true);
    cv.setUint32(off + 20, 0x019db1de, true);
    chunk.set(body, off + 24);
    cv.setUint32(off + size - 4, size, true);
    off += size;
  });
  cv.setUint32(8, 1, true);
  cv.setUint32(16, records.length, true);
  cv.setUint32(24, 1, true);
  cv.setUint32(32, records.length, true);
  cv.setUint32(40, 128, true);
  cv.setUint32(48, off, true);
  cv.setUint32(52, crc32(chunk, 512, off), true);
  cv.setUint32(124, crc32(chunk, 128, 512, crc32(chunk, 0, 120)), true);
  return file;
}

/** Little-endian u16 bytes. */
export const w16 = (v: number): number[] => [v & 0xff, (v >> 8) & 0xff];
/** Little-endian u32 bytes. */
export const w32 = (v: number): number[] => [v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, (v >>> 24) & 0xff];

/** A name structure defined in place: next offset, hash, length, UTF-16, NUL. */
export function nameBytes(name: string): number[] {
  const out = [...w32(0), ...w16(0), ...w16(name.length)];
  for (const c of name) out.push(...w16(c.charCodeAt(0)));
  return [...out, 0, 0];
}

/** An open-start-element token (with dependency id) whose name is defined in place at `at`. */
export function openElement(at: number, name: string, hasAttributes = false): number[] {
  return [hasAttributes ? 0x41 : 0x01, ...w16(0xffff), ...w32(0), ...w32(at + 11), ...nameBytes(name)];
}
