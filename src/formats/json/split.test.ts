import { describe, expect, it } from "vitest";
import { lookupPath } from "./lookup.js";
import { splitJson } from "./split.js";
import { epochSecondsFromIso, isoFromText } from "./time.js";

describe("splitJson", () => {
  it("finds NDJSON lines, pretty-printed values and array elements with their lines", () => {
    const text = '{"a":1}\n{\n  "b": "}{"\n}\n[1]';
    expect([...splitJson(text)].map((s) => [text.slice(s.start, s.end), s.line])).toEqual([
      ['{"a":1}', 1],
      ['{\n  "b": "}{"\n}', 2],
      ["[1]", 5],
    ]);
    const array = '[\n{"a":1},\n{"b":2}\n]';
    expect([...splitJson(array)].map((s) => s.line)).toEqual([2, 3]);
  });

  it("reports a truncated value, and values over the depth and length limits, then goes on", () => {
    expect([...splitJson('{"a":1}\n{"b":')].map((s) => s.problem)).toEqual([undefined, "truncated"]);
    const deep = `${"[".repeat(300)}\n{"ok":1}`;
    expect([...splitJson(deep)].map((s) => s.problem)).toEqual(["too-deep", undefined]);
    const long = `{"a":"${"x".repeat(100)}"}\n{"ok":1}`;
    expect([...splitJson(long, { maxRecordLength: 50, maxDepth: 8 })].map((s) => s.problem)).toEqual([
      "too-long",
      undefined,
    ]);
  });
});

describe("times", () => {
  it("reads ISO 8601 with Z, ±hh:mm, ±hhmm and no zone (UTC), to the microsecond", () => {
    expect(epochSecondsFromIso("2009-11-24T21:27:09.534255+0100")).toBeCloseTo(1259094429.534255, 6);
    expect(isoFromText("2024-03-01T09:15:27.1234567Z")).toBe("2024-03-01T09:15:27.123Z");
    expect(isoFromText("2024-03-01T09:15:27-05:30")).toBe("2024-03-01T14:45:27.000Z");
    expect(isoFromText("2024-03-01 09:15:27")).toBe("2024-03-01T09:15:27.000Z");
  });

  it("refuses impossible dates and other texts", () => {
    expect(isoFromText("2024-02-30T00:00:00Z")).toBeUndefined();
    expect(isoFromText("2024-03-01T25:00:00Z")).toBeUndefined();
    expect(isoFromText("yesterday")).toBeUndefined();
    expect(isoFromText("2024-03-01T00:00:00+2500")).toBeUndefined();
  });
});

describe("lookupPath", () => {
  it("follows lists, literal dotted keys and, when asked, names in another case", () => {
    const root = { target: [{ displayName: "a" }, { displayName: "b" }], "x.y": 1, Deep: { Name: "n" } };
    expect(lookupPath(root, "target.displayName")).toEqual(["a", "b"]);
    expect(lookupPath(root, "x.y")).toBe(1);
    expect(lookupPath(root, "deep.name")).toBeUndefined();
    expect(lookupPath(root, "deep.name", true)).toBe("n");
    expect(lookupPath(root, "constructor")).toBeUndefined();
  });
});
