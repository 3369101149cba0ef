import { describe, expect, it } from "vitest";
import { parseBulk } from "./bulk-parse.js";

describe("_bulk bodies", () => {
  it("pairs index and create actions with their documents, delete with none, update with its line", () => {
    const body = [
      '{"index":{"_index":"logs","_id":"a1"}}',
      '{"message":"one"}',
      '{"delete":{"_index":"logs","_id":"a1"}}',
      '{"create":{}}',
      '{"message":"two"}',
      '{"update":{"_id":7}}',
      '{"doc":{"x":1}}',
      "",
    ].join("\n");
    const r = parseBulk(body);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.items.map((i) => [i.action, i.index, i.id, i.line])).toEqual([
      ["index", "logs", "a1", 1],
      ["delete", "logs", "a1", 3],
      ["create", undefined, undefined, 4],
      ["update", undefined, "7", 6],
    ]);
    expect(r.items[0]?.doc).toEqual({ ok: true, value: { message: "one" } });
  });

  it("fails only the item whose document is not a JSON object", () => {
    const r = parseBulk('{"index":{}}\n{"message":\n{"index":{}}\n[1]\n{"index":{}}\n{"ok":true}\n');
    expect(r.ok && r.items.map((i) => i.doc?.ok)).toEqual([false, false, true]);
    expect(r.ok && r.items[0]?.doc?.ok === false && r.items[0].doc.reason).toMatch(/line 2 is not valid JSON/);
  });

  it("refuses the whole request on a malformed action line, naming the line", () => {
    expect(parseBulk('{"index":{}}\n{"a":1}\nnot json\n{"a":2}\n')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/line \[3\]/),
    });
    expect(parseBulk('{"upsert":{}}\n{"a":1}\n')).toMatchObject({ ok: false });
    expect(parseBulk('{"index":{},"create":{}}\n{"a":1}\n')).toMatchObject({ ok: false });
    expect(parseBulk('{"index":"logs"}\n{"a":1}\n')).toMatchObject({ ok: false });
  });

  it("refuses an odd line count: an action without its document", () => {
    expect(parseBulk('{"index":{}}\n{"a":1}\n{"index":{}}\n')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/line 3 has no document/),
    });
  });

  it("skips blank lines and CRLF endings", () => {
    const r = parseBulk('\r\n{"index":{}}\r\n\r\n{"a":1}\r\n');
    expect(r.ok && r.items[0]?.doc).toEqual({ ok: true, value: { a: 1 } });
  });
});
