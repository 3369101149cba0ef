import { describe, expect, it } from "vitest";
import { crc32 } from "./crc32.js";

function naive(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return ~c >>> 0;
}

describe("crc32", () => {
  it("gives the standard check value for 123456789", () => {
    expect(crc32(new TextEncoder().encode("123456789"))).toBe(0xcbf43926);
  });

  it("matches a bit-by-bit CRC on every length and offset, and continues across ranges", () => {
    const bytes = Uint8Array.from({ length: 300 }, (_, i) => (i * 131 + 7) & 0xff);
    for (let start = 0; start < 9; start++) {
      for (let end = start; end < 300; end += 7) {
        expect(crc32(bytes, start, end)).toBe(naive(bytes.subarray(start, end)));
      }
    }
    expect(crc32(bytes, 100, 300, crc32(bytes, 0, 100))).toBe(naive(bytes));
  });
});
