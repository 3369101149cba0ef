import { describe, expect, it } from "vitest";
import { jsonRecords } from "./records.js";

const read = (text: string) => [...jsonRecords(text, "f.json")];

describe("jsonRecords", () => {
  it("reads NDJSON, pretty-printed objects one after another, and one array, with lines and indexes", () => {
    expect(read('{"a":1}\n{"a":2}\n').map((r) => r.ok && r.value)).toEqual([{ a: 1 }, { a: 2 }]);
    const pretty = read('{\n  "a": 1\n}\n{\n  "a": 2\n}\n');
    expect(pretty.map((r) => [r.record, r.line])).toEqual([
      [0, 1],
      [1, 4],
    ]);
    expect(read('[{"a":1},\n {"a":2}]').map((r) => r.ok && r.value)).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it("reports a bad record with its line and goes on with the next", () => {
    const out = read('{"a":1}\n{"a":}\n{"a":3}\n');
    expect(out.map((r) => r.ok)).toEqual([true, false, true]);
    expect(!out[1]?.ok && out[1]?.issue).toMatchObject({
      code: "JSON_BAD_RECORD",
      place: { file: "f.json", line: 2, record: 1 },
    });
  });

  it("reports a truncated last record and an array that is never closed", () => {
    const truncated = read('{"a":1}\n{"a": {"b": 2}\n');
    expect(truncated.at(-1)).toMatchObject({ ok: false, line: 2, issue: { code: "JSON_TRUNCATED" } });
    const open = read('[{"a":1},{"a":2},');
    expect(open.filter((r) => r.ok)).toHaveLength(2);
    expect(open.at(-1)).toMatchObject({ ok: false, record: 2, issue: { code: "JSON_TRUNCATED" } });
  });

  it("does not count brackets inside strings", () => {
    expect(read('{"a":"}{]["}\n{"b":"\\"}"}').map((r) => r.ok && r.value)).toEqual([{ a: "}{][" }, { b: '"}' }]);
  });
});
