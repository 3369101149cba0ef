import { describe, expect, it } from "vitest";
import { fail, ok } from "../../core/index.js";
import type { ParsedEvent } from "../parser.js";
import { type JsonReader, jsonOutcomes, readValue } from "./outcomes.js";

const EVENT = {
  event: { logsource: { categories: [] }, doc: { get: () => undefined, forEachValue: () => undefined }, raw: {} },
  ecs: {},
  fields: {},
} as ParsedEvent;

const READER: JsonReader = {
  expand: (v) => (v !== null && typeof v === "object" && "items" in v && Array.isArray(v.items) ? v.items : undefined),
  read: (v, context, line) =>
    typeof v === "number"
      ? ok([EVENT])
      : fail({ code: "FORMAT_BAD_FIELD", message: "not a number", place: { file: context.source, line } }),
};

describe("jsonOutcomes", () => {
  it("gives one outcome a record, a container's records each, numbered in order with their value's line", () => {
    const outcomes = [...jsonOutcomes('1\n{"items": [2, "x", 3]}\n4', { source: "t.json" }, READER)];
    expect(outcomes.map((o) => [o.ok, o.record, o.line])).toEqual([
      [true, 0, 1],
      [true, 1, 2],
      [false, 2, 2],
      [true, 3, 2],
      [true, 4, 3],
    ]);
    expect(outcomes[2]?.text).toBe('"x"');
    expect(outcomes[1]?.text).toBe("2");
    expect(outcomes[0]?.text).toBe("1");
  });

  it("turns invalid and truncated JSON into FORMAT_BAD_JSON and FORMAT_TRUNCATED outcomes", () => {
    const outcomes = [...jsonOutcomes('{nope}\n5\n{"a":', { source: "t.json" }, READER)];
    expect(outcomes.map((o) => (o.ok ? "ok" : o.issues[0]?.code))).toEqual([
      "FORMAT_BAD_JSON",
      "ok",
      "FORMAT_TRUNCATED",
    ]);
    expect(outcomes[0]).toMatchObject({ line: 1, issues: [{ place: { file: "t.json", line: 1 } }] });
  });
});

describe("readValue", () => {
  it("reads a container whole, and fails it on its first refused record", () => {
    expect(readValue({ items: [1, 2] }, {}, READER)).toMatchObject({ ok: true, value: [EVENT, EVENT] });
    expect(readValue({ items: [1, "x"] }, {}, READER)).toMatchObject({
      ok: false,
      issues: [{ code: "FORMAT_BAD_FIELD" }],
    });
    expect(readValue(7, {}, READER)).toMatchObject({ ok: true });
  });
});
