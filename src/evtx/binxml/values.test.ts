import { describe, expect, it } from "vitest";
import { DEFAULT_LIMITS } from "../limits.js";
import { createChunkContext } from "./context.js";
import type { BinXmlFragment } from "./model.js";
import { decodeValue } from "./values.js";
import { VALUE_TYPE } from "./value-types.js";

const noNested = (): BinXmlFragment => ({ kind: "fragment", nodes: [] });

function decode(type: number, bytes: number[]): unknown {
  const ctx = createChunkContext(new Uint8Array(bytes), DEFAULT_LIMITS);
  return decodeValue(ctx, type, 0, bytes.length, 0, noNested);
}

function utf16(s: string): number[] {
  const out: number[] = [];
  for (const c of s) out.push(c.charCodeAt(0) & 0xff, c.charCodeAt(0) >> 8);
  return out;
}

describe("substitution values", () => {
  it("decodes signed and unsigned integers little-endian", () => {
    expect(decode(VALUE_TYPE.int8, [0xff])).toBe(-1);
    expect(decode(VALUE_TYPE.uint16, [0x34, 0x12])).toBe(0x1234);
    expect(decode(VALUE_TYPE.int32, [0xfe, 0xff, 0xff, 0xff])).toBe(-2);
    expect(decode(VALUE_TYPE.uint32, [0xff, 0xff, 0xff, 0xff])).toBe(4294967295);
  });

  it("keeps 64-bit integers exact: numbers when safe, bigints beyond 2^53", () => {
    expect(decode(VALUE_TYPE.uint64, [1, 0, 0, 0, 1, 0, 0, 0])).toBe(4294967297);
    expect(decode(VALUE_TYPE.uint64, [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])).toBe(18446744073709551615n);
    expect(decode(VALUE_TYPE.int64, [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])).toBe(-1);
  });

  it("decodes reals and booleans (any non-zero is true)", () => {
    expect(decode(VALUE_TYPE.real64, [0, 0, 0, 0, 0, 0, 0xf8, 0x3f])).toBe(1.5);
    expect(decode(VALUE_TYPE.real32, [0, 0, 0xc0, 0x3f])).toBe(1.5);
    expect(decode(VALUE_TYPE.bool, [2, 0, 0, 0])).toBe(true);
    expect(decode(VALUE_TYPE.bool, [0, 0, 0, 0])).toBe(false);
  });

  it("decodes strings, dropping trailing NULs", () => {
    expect(decode(VALUE_TYPE.string, [...utf16("abc"), 0, 0])).toBe("abc");
    expect(decode(VALUE_TYPE.ansiString, [0x61, 0x62, 0])).toBe("ab");
    expect(decode(VALUE_TYPE.string, [])).toBe("");
  });

  it("renders hex integers and size_t as 0x-prefixed hex", () => {
    expect(decode(VALUE_TYPE.hexInt32, [0xe7, 0x03, 0, 0])).toBe("0x3e7");
    expect(decode(VALUE_TYPE.hexInt64, [0, 0, 0, 0, 0, 0, 0, 0x80])).toBe("0x8000000000000000");
    expect(decode(VALUE_TYPE.sizeT, [0xec, 0x7e, 0, 0, 0, 0, 0, 0])).toBe("0x7eec");
    expect(decode(VALUE_TYPE.sizeT, [0x58, 0, 0, 0])).toBe("0x58");
  });

  it("splits string arrays on NUL", () => {
    expect(decode(VALUE_TYPE.string | 0x80, [...utf16("ab"), 0, 0, ...utf16("c"), 0, 0])).toEqual(["ab", "c"]);
  });

  it("decodes arrays of fixed-size values", () => {
    expect(decode(VALUE_TYPE.uint16 | 0x80, [1, 0, 2, 0, 3, 0])).toEqual([1, 2, 3]);
    expect(decode(VALUE_TYPE.hexInt32 | 0x80, [1, 0, 0, 0, 0xff, 0, 0, 0])).toEqual(["0x1", "0xff"]);
    expect(decode(VALUE_TYPE.guid | 0x80, new Array(32).fill(0))).toEqual([
      "00000000-0000-0000-0000-000000000000",
      "00000000-0000-0000-0000-000000000000",
    ]);
  });

  it("decodes SID arrays of variable-length SIDs", () => {
    const sid18 = [1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0];
    const sid0 = [1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    expect(decode(VALUE_TYPE.sid | 0x80, [...sid18, ...sid0])).toEqual(["S-1-5-18", "S-1-0-0"]);
  });

  it("rejects a fixed-size value that is too short", () => {
    expect(() => decode(VALUE_TYPE.guid, [1, 2, 3])).toThrow(/needs 16/);
  });
});
