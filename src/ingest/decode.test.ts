import { describe, expect, it } from "vitest";
import { bodyKind, decodeBatch } from "./index.js";

const XML_EVENT = (id: number) =>
  `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><EventID>${id}</EventID><Channel>Security</Channel><Computer>H</Computer></System></Event>`;

describe("decoding ingest batches", () => {
  it("tells NDJSON, JSON arrays and XML apart by the body and the content type", () => {
    expect(bodyKind('{"a":1}\n{"a":2}')).toBe("ndjson");
    expect(bodyKind('  [{"a":1}]')).toBe("json-array");
    expect(bodyKind("\n<Events>")).toBe("xml");
    expect(bodyKind('{"a":1}', "application/xml; charset=utf-8")).toBe("xml");
  });

  it("reads NDJSON one record a line, keeping each line's text, skipping blank lines", () => {
    const records = decodeBatch('{"a":1}\r\n\n{"a":2}\n');
    expect(records).toEqual([
      { ok: true, index: 0, line: 1, value: { a: 1 }, text: '{"a":1}' },
      { ok: true, index: 1, line: 3, value: { a: 2 }, text: '{"a":2}' },
    ]);
  });

  it("gives a bad NDJSON line its index, line and reason, and reads the rest", () => {
    const records = decodeBatch('{"a":1}\n{"a":\n{"a":3}\n');
    expect(records.map((r) => r.ok)).toEqual([true, false, true]);
    const bad = records[1];
    expect(bad).toMatchObject({ ok: false, index: 1, line: 2, code: "INGEST_BAD_JSON", text: '{"a":' });
    expect(bad?.ok === false && bad.reason).toMatch(/not valid JSON/);
  });

  it("reads a JSON array record by record, and pretty-printed objects one after another", () => {
    expect(decodeBatch('[{"a":1}, {"a":2}]').map((r) => r.ok && r.value)).toEqual([{ a: 1 }, { a: 2 }]);
    expect(decodeBatch('{\n  "a": 1\n}\n{\n  "a": 2\n}\n').map((r) => r.ok && r.value)).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it("reports a broken record inside an array and keeps the others", () => {
    const records = decodeBatch('[{"a":1}, {"a": tru}, {"a":3}]');
    expect(records.filter((r) => r.ok)).toHaveLength(2);
    expect(records.find((r) => !r.ok)).toMatchObject({ ok: false, code: "INGEST_BAD_JSON" });
  });

  it("cuts Windows XML into one record per <Event>, with lines", () => {
    const records = decodeBatch(`<Events>\n${XML_EVENT(4624)}\n${XML_EVENT(4625)}\n</Events>`);
    expect(records).toHaveLength(2);
    expect(records[1]).toMatchObject({ ok: true, index: 1, line: 3 });
    expect(records[0]?.ok && records[0].value).toContain("<EventID>4624</EventID>");
    expect(decodeBatch("<Events></Events>")[0]).toMatchObject({ ok: false, code: "INGEST_NO_EVENTS" });
  });
});
