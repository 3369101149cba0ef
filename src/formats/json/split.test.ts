import { describe, expect, it } from "vitest";
import { splitJson } from "./split.js";

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
