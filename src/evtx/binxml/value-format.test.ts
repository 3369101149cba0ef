import { describe, expect, it } from "vitest";
import { formatBinary, formatFileTime, formatGuid, formatHex, formatSid, formatSystemTime } from "./value-format.js";

function le16(...words: number[]): Uint8Array {
  const b = new Uint8Array(words.length * 2);
  words.forEach((w, i) => {
    b[i * 2] = w & 0xff;
    b[i * 2 + 1] = w >> 8;
  });
  return b;
}

describe("value formats", () => {
  it("formats FILETIME as ISO 8601 with microseconds, dropping the 100 ns digit", () => {
    const ticks = BigInt(Date.UTC(2016, 6, 8, 18, 12, 51)) * 10_000n + 6_816_406n + 116_444_736_000_000_000n;
    expect(formatFileTime(Number(ticks & 0xffffffffn), Number(ticks >> 32n))).toBe("2016-07-08T18:12:51.681640Z");
  });

  it("formats the FILETIME of the Unix epoch", () => {
    expect(formatFileTime(0xd53e8000, 0x019db1de)).toBe("1970-01-01T00:00:00.000000Z");
  });

  it("formats FILETIME zero as 1601-01-01", () => {
    expect(formatFileTime(0, 0)).toBe("1601-01-01T00:00:00.000000Z");
  });

  it("formats SYSTEMTIME fields (skipping the day of week) with microseconds", () => {
    const b = le16(2017, 5, 5, 19, 2, 2, 36, 203);
    expect(formatSystemTime(b, 0)).toBe("2017-05-19T02:02:36.203000Z");
  });

  it("formats a GUID upper-case without braces, mixed-endian as Windows stores it", () => {
    const b = new Uint8Array([
      0x5f, 0x38, 0x70, 0x57, 0x2a, 0xc2, 0xe0, 0x43, 0xbf, 0x4c, 0x06, 0xf5, 0x69, 0x8f, 0xfb, 0xd9,
    ]);
    expect(formatGuid(b, 0)).toBe("5770385F-C22A-43E0-BF4C-06F5698FFBD9");
  });

  it("formats a SID with its sub-authorities", () => {
    const b = new Uint8Array([1, 2, 0, 0, 0, 0, 0, 5, 32, 0, 0, 0, 0x20, 0x02, 0, 0]);
    expect(formatSid(b, 0, b.length)).toBe("S-1-5-32-544");
    expect(formatSid(new Uint8Array([1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0]), 0, 12)).toBe("S-1-5-18");
  });

  it("refuses a SID whose sub-authorities run past its size", () => {
    expect(formatSid(new Uint8Array([1, 5, 0, 0, 0, 0, 0, 5]), 0, 8)).toBeUndefined();
  });

  it("formats hex integers in lower case without leading zeros", () => {
    expect(formatHex(0x3e7)).toBe("0x3e7");
    expect(formatHex(0, 0x80000000)).toBe("0x8000000000000000");
    expect(formatHex(0x2e, 0x40000000)).toBe("0x400000000000002e");
    expect(formatHex(0)).toBe("0x0");
  });

  it("formats binary as upper-case hex", () => {
    expect(formatBinary(new Uint8Array([0x00, 0xab, 0x1f]), 0, 3)).toBe("00AB1F");
  });
});
