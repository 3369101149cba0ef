import { describe, expect, it } from "vitest";
import { jsonDocument } from "../core/index.js";
import { type LogFormat, type ParseOutcome, formatIssue } from "../formats/index.js";
import {
  decodeBody,
  decodeJsonValue,
  formatById,
  jsonText,
  knownFormats,
  looksStructured,
  outcomeRecords,
} from "./index.js";

// A tiny line format written for these tests: "user=NAME" lines; anything else is refused.
const KV: LogFormat = {
  id: "kv-test",
  title: "key=value test lines",
  logsources: ["product: test"],
  *parseText(text, context = {}) {
    let record = 0;
    for (const [i, line] of text.split("\n").entries()) {
      if (line.trim() === "") continue;
      const m = /^user=(\w+)$/.exec(line);
      const o: ParseOutcome = m
        ? {
            ok: true,
            line: i + 1,
            record,
            text: line,
            events: [
              {
                event: { logsource: { product: "test", categories: [] }, doc: jsonDocument({ user: m[1] }), raw: line },
                ecs: { "user.name": m[1] as string },
                fields: { user: m[1] },
              },
            ],
          }
        : {
            ok: false,
            line: i + 1,
            record,
            text: line,
            issues: [formatIssue("FORMAT_TEST_BAD", "not user=NAME", context.source, i + 1)],
          };
      record++;
      yield o;
    }
  },
  sniff: (sample) => sample.startsWith("user="),
};

describe("decoding bodies by log format", () => {
  it("makes each event a prepared record and each refused record a dead letter marked with the format", () => {
    const records = outcomeRecords(KV.parseText("user=alice\nnope\nuser=bob\n"), "kv-test");
    expect(records).toHaveLength(3);
    expect(records[0]).toMatchObject({ ok: true, index: 0, line: 1, value: "user=alice", text: "user=alice" });
    expect(records[0]?.ok && records[0].prepared).toMatchObject({ format: "kv-test", ecs: { "user.name": "alice" } });
    expect(records[1]).toMatchObject({
      ok: false,
      index: 1,
      line: 2,
      code: "FORMAT_TEST_BAD",
      reason: "not user=NAME",
      text: "nope",
      format: "kv-test",
    });
  });

  it("gives events without a time the fallback time, and keeps theirs otherwise", () => {
    const [r] = outcomeRecords(KV.parseText("user=a"), "kv-test", { fallbackTime: "2026-11-21T09:00:00.000Z" });
    expect(r?.ok && r.prepared?.event.timestamp).toBe("2026-11-21T09:00:00.000Z");
  });

  it("reads a body with the format named, and Windows shapes and JSON as before", () => {
    const named = decodeBody("user=x\n", { format: { kind: "log", format: KV } });
    expect(named.format).toBe("kv-test");
    expect(named.records[0]?.ok && named.records[0].prepared?.format).toBe("kv-test");
    const json = decodeBody('{"a":1}\n');
    expect(json.records[0]).toMatchObject({ ok: true, value: { a: 1 } });
    expect(json.records[0]?.ok && json.records[0].prepared).toBeUndefined();
  });

  it("reads a JSON body a JSON format claims by that format, and other JSON as before", () => {
    const eve =
      '{"timestamp":"2026-11-21T09:00:00.000000+0000","event_type":"dns","src_ip":"10.0.0.5","dest_ip":"10.0.0.1"}';
    const claimed = decodeBody(`${eve}\n`);
    expect(claimed.format).toBe("suricata");
    expect(claimed.records[0]?.ok && claimed.records[0].prepared?.format).toBe("suricata");
    const windows = decodeBody('{"winlog":{"channel":"Security","event_id":4624}}\n');
    expect(windows.format).toBeUndefined();
    expect(windows.records[0]?.ok && windows.records[0].prepared).toBeUndefined();
  });

  it("tells JSON and XML bodies from text ones, a syslog <PRI> included", () => {
    expect(looksStructured('  {"a":1}')).toBe(true);
    expect(looksStructured("[1]")).toBe(true);
    expect(looksStructured("<Events><Event/>")).toBe(true);
    expect(looksStructured("<34>1 2026-11-21T09:00:00Z host app - - - hi")).toBe(false);
    expect(looksStructured("#separator \\x09")).toBe(false);
    expect(looksStructured("anything", "application/json")).toBe(true);
  });

  it("names every known format and refuses others", () => {
    expect(knownFormats()).toEqual(expect.arrayContaining(["evtx-json", "windows-xml", "winlogbeat", "json", "zeek"]));
    expect(formatById("zeek")).toMatchObject({ kind: "log" });
    expect(formatById("winlogbeat")).toEqual({ kind: "windows", format: "winlogbeat" });
    expect(formatById("csv")).toBeUndefined();
    expect(formatById("toString")).toBeUndefined();
  });

  it("recognises a JSON value by its shape: a registered format that claims it, else generic JSON", () => {
    const dns = {
      ts: 1732180000.5,
      uid: "C1",
      "id.orig_h": "10.0.0.5",
      "id.orig_p": 5353,
      "id.resp_h": "10.0.0.1",
      "id.resp_p": 53,
      query: "x.onion",
    };
    const [zeek] = decodeJsonValue(dns, { index: 0, line: 1 }, { context: { source: "dns.log" } });
    expect(zeek?.ok && zeek.prepared?.format).toBe("zeek");
    expect(zeek?.ok && zeek.prepared?.event.logsource).toMatchObject({ product: "zeek", service: "dns" });
    const [plain] = decodeJsonValue({ message: "hi" }, { index: 3, line: 4 });
    expect(plain).toMatchObject({ ok: true, index: 3, line: 4 });
    expect(plain?.ok && plain.prepared?.format).toBe("json");
    const [bad] = decodeJsonValue(42, { index: 0, line: 1 });
    expect(bad).toMatchObject({ ok: false, code: "FORMAT_NOT_AN_OBJECT" });
  });

  it("refuses a JSON value nested too deeply to serialise, without overflowing the stack", () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    expect(jsonText(deep)).toBeUndefined();
    const [r] = decodeJsonValue(deep, { index: 0, line: 1 });
    expect(r).toMatchObject({ ok: false, code: "FORMAT_LIMIT", reason: expect.stringMatching(/deeper than 256/) });
    expect(jsonText({ a: [1, { b: 2 }] })).toBe('{"a":[1,{"b":2}]}');
  });
});
