import { describe, expect, it } from "vitest";
import type { ParseOutcome, ParsedEvent } from "../parser.js";
import { zeek } from "./format.js";
import { decodeZeekEscapes } from "./values.js";

const HEADER = (path: string, fields: string[], types: string[]) =>
  [
    "#separator \\x09",
    "#set_separator\t,",
    "#empty_field\t(empty)",
    "#unset_field\t-",
    `#path\t${path}`,
    "#open\t2024-05-01-10-00-00",
    `#fields\t${fields.join("\t")}`,
    `#types\t${types.join("\t")}`,
  ].join("\n");

const CONN_FIELDS = [
  "ts",
  "uid",
  "id.orig_h",
  "id.orig_p",
  "id.resp_h",
  "id.resp_p",
  "proto",
  "service",
  "tunnel_parents",
];
const CONN_TYPES = ["time", "string", "addr", "port", "addr", "port", "enum", "string", "set[string]"];

function all(text: string, source?: string): ParseOutcome[] {
  return [...zeek.parseText(text, source === undefined ? {} : { source })];
}

function eventsOf(outcomes: ParseOutcome[]): ParsedEvent[] {
  return outcomes.flatMap((o) => (o.ok ? o.events : []));
}

describe("zeek TSV", () => {
  it("reads typed values under the header and gives the log source of #path", () => {
    const text = `${HEADER("conn", CONN_FIELDS, CONN_TYPES)}\n1714557600.123456\tCabc\t10.0.0.1\t5000\t10.0.0.2\t80\ttcp\thttp\t(empty)\n#close\t2024-05-01-11-00-00\n`;
    const outcomes = all(text);
    expect(outcomes.every((o) => o.ok)).toBe(true);
    const [e] = eventsOf(outcomes);
    expect(e?.event.logsource).toEqual({ product: "zeek", service: "conn", categories: [] });
    expect(e?.event.timestamp).toBe("2024-05-01T10:00:00.123Z");
    expect(e?.fields).toEqual({
      ts: 1714557600.123456,
      uid: "Cabc",
      "id.orig_h": "10.0.0.1",
      "id.orig_p": 5000,
      "id.resp_h": "10.0.0.2",
      "id.resp_p": 80,
      proto: "tcp",
      service: "http",
    });
    expect(e?.event.doc.get("id.orig_h")).toBe("10.0.0.1");
    expect(e?.ecs).toMatchObject({
      "source.ip": "10.0.0.1",
      "source.port": 5000,
      "destination.ip": "10.0.0.2",
      "destination.port": 80,
      "network.transport": "tcp",
      "network.protocol": "http",
    });
  });

  it("decodes \\xHH and \\\\ escapes, splits sets, and keeps an escaped separator inside a set element", () => {
    const text = `${HEADER("conn", CONN_FIELDS, CONN_TYPES)}\n1.5\tC1\t10.0.0.1\t1\t10.0.0.2\t2\ttcp\ta\\x09b\\\\c\\x2d\tx\\x2cy,z\n`;
    const [e] = eventsOf(all(text));
    expect(e?.fields.service).toBe("a\tb\\c-");
    expect(e?.fields.tunnel_parents).toEqual(["x,y", "z"]);
  });

  it("reads several header blocks, each with its own path and fields", () => {
    const dns = `${HEADER("dns", ["ts", "query", "answers"], ["time", "string", "vector[string]"])}\n2.0\texample.org\t1.2.3.4,5.6.7.8\n`;
    const conn = `${HEADER("conn", CONN_FIELDS, CONN_TYPES)}\n3.0\tC2\t10.0.0.1\t1\t10.0.0.2\t2\tudp\t-\t-\n`;
    const events = eventsOf(all(`${dns}#close\tx\n${conn}`));
    expect(events.map((e) => e.event.logsource.service)).toEqual(["dns", "conn"]);
    expect(events[0]?.event.logsource.categories).toEqual(["dns"]);
    expect(events[0]?.fields.answers).toEqual(["1.2.3.4", "5.6.7.8"]);
    expect(events[0]?.ecs["dns.question.name"]).toBe("example.org");
    expect(events[1]?.fields.service).toBeUndefined();
  });

  it("honours other separators and markers named in the header", () => {
    const text = [
      "#separator \\x7c",
      "#set_separator|;",
      "#empty_field|EMPTY",
      "#unset_field|NONE",
      "#path|weird",
      "#fields|ts|name|addl|notice",
      "#types|time|string|string|bool",
      "10.25|bad_TCP_checksum|NONE|T",
      "11|x\\x7cy|EMPTY|F",
    ].join("\n");
    const events = eventsOf(all(text));
    expect(events.map((e) => e.fields)).toEqual([
      { ts: 10.25, name: "bad_TCP_checksum", notice: true },
      { ts: 11, name: "x|y", notice: false },
    ]);
    expect(events[0]?.ecs["event.action"]).toBe("bad_TCP_checksum");
  });

  it("refuses a line with the wrong number of values, naming the line, and reads the next", () => {
    const text = `${HEADER("conn", CONN_FIELDS, CONN_TYPES)}\n1.0\tC1\t10.0.0.1\n2.0\tC2\t10.0.0.1\t1\t10.0.0.2\t2\ttcp\t-\t-\n`;
    const outcomes = all(text, "conn.log");
    const bad = outcomes.find((o) => !o.ok);
    expect(bad?.ok).toBe(false);
    if (bad?.ok === false) {
      expect(bad.line).toBe(9);
      expect(bad.issues[0]).toMatchObject({ code: "FORMAT_BAD_FIELD", place: { file: "conn.log", line: 9 } });
      expect(bad.issues[0]?.message).toContain("3 values for 9 fields");
    }
    expect(eventsOf(outcomes)).toHaveLength(1);
  });

  it("refuses a value of the wrong type, naming the field", () => {
    const text = `${HEADER("conn", CONN_FIELDS, CONN_TYPES)}\n1.0\tC1\t10.0.0.1\tnotaport\t10.0.0.2\t2\ttcp\t-\t-\n`;
    const [bad] = all(text).filter((o) => !o.ok);
    expect(bad?.ok === false && bad.issues[0]).toMatchObject({
      code: "FORMAT_BAD_FIELD",
      place: { field: "id.orig_p" },
    });
  });

  it("refuses data before #fields and #types that do not match #fields", () => {
    expect(all("1.0\tC1\n")[0]).toMatchObject({ ok: false, issues: [{ code: "FORMAT_ZEEK_HEADER" }] });
    const outcomes = all("#separator \\x09\n#fields\ta\tb\n#types\ttime\n");
    expect(outcomes[2]).toMatchObject({ ok: false, issues: [{ code: "FORMAT_ZEEK_HEADER", place: { line: 3 } }] });
  });

  it("takes the log path from the file name when there is no #path", () => {
    const text = "#separator \\x09\n#fields\tts\tquery\n#types\ttime\tstring\n5\tx.org\n";
    const [e] = eventsOf(all(text, "/var/log/zeek/dns.00:00:00-01:00:00.log"));
    expect(e?.event.logsource.service).toBe("dns");
  });

  it("gives no ports for ICMP, whose 'ports' are the message type and code", () => {
    const text = `${HEADER("conn", CONN_FIELDS, CONN_TYPES)}\n1.0\tC1\t10.0.0.1\t8\t10.0.0.2\t0\ticmp\t-\t-\n`;
    const [e] = eventsOf(all(text));
    expect(e?.ecs["source.port"]).toBeUndefined();
    expect(e?.ecs["network.transport"]).toBe("icmp");
  });
});

describe("zeek JSON", () => {
  it("reads _path, ISO and epoch times alike, nested id objects as dotted names, and indented lines", () => {
    const text = [
      '{"_path":"http","_write_ts":"2024-05-01T10:00:01.000000Z","ts":"2024-05-01T10:00:00.500000Z","uid":"C1","id.orig_h":"10.0.0.1","id.orig_p":5000,"id.resp_h":"10.0.0.2","id.resp_p":80,"method":"GET","host":"a.example","uri":"/x.exe","user_agent":"WebDAV-client","status_code":200,"tags":[]}',
      '  {"ts":1714557600.5,"uid":"C2","id":{"orig_h":"10.0.0.3","orig_p":1,"resp_h":"10.0.0.4","resp_p":2},"method":"","host":"b.example"}',
    ].join("\n");
    const events = eventsOf(all(text, "http.log"));
    expect(events).toHaveLength(2);
    const [a, b] = events;
    expect(a?.event.logsource).toEqual({ product: "zeek", service: "http", categories: [] });
    expect(a?.event.timestamp).toBe("2024-05-01T10:00:00.500Z");
    expect(a?.fields._write_ts).toBeUndefined();
    expect(a?.fields.tags).toBeUndefined();
    expect(a?.ecs).toMatchObject({
      "url.full": "http://a.example/x.exe",
      "http.request.method": "GET",
      "http.response.status_code": 200,
      "user_agent.original": "WebDAV-client",
    });
    expect(a?.event.doc.get("c-useragent")).toBe("WebDAV-client");
    expect(b?.event.timestamp).toBe("2024-05-01T10:00:00.500Z");
    expect(b?.fields["id.orig_h"]).toBe("10.0.0.3");
    expect(b?.fields.method).toBeUndefined();
  });

  it("takes the time of a ts written as ISO 8601 in another shape, in any zone", () => {
    const [e] = eventsOf(all('{"_path":"conn","ts":"2024-05-01T12:00:00+02:00","uid":"C1"}'));
    expect(e?.event.timestamp).toBe("2024-05-01T10:00:00.000Z");
  });

  it("decodes the \\xHH text the JSON writer leaves for bytes that are not printable", () => {
    const [e] = eventsOf(all('{"_path":"ntp","ts":1,"ref_id":"\\\\x00\\\\x01","name":"caf\\\\xc3\\\\xa9"}'));
    expect(e?.fields.ref_id).toBe("\u0000\u0001");
    expect(e?.fields.name).toBe("café");
  });

  it("refuses invalid JSON and records that are not objects, and goes on", () => {
    const outcomes = all('{"_path":"dns",\n{"_path":"dns","ts":1,"query":"a.org"}\n');
    expect(outcomes[0]).toMatchObject({ ok: false, line: 1, issues: [{ code: "FORMAT_BAD_JSON" }] });
    expect(eventsOf(outcomes)).toHaveLength(1);
    expect(zeek.parseValue?.([1, 2])).toMatchObject({ ok: false, issues: [{ code: "FORMAT_NOT_AN_OBJECT" }] });
  });

  it("refuses records nested too deep or with too many fields", () => {
    let deep: unknown = 1;
    for (let i = 0; i < 20; i++) deep = { a: deep };
    expect(zeek.parseValue?.({ ts: 1, deep })).toMatchObject({ ok: false, issues: [{ code: "FORMAT_LIMIT" }] });
    const wide = Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`f${i}`, i]));
    expect(zeek.parseValue?.(wide)).toMatchObject({ ok: false, issues: [{ code: "FORMAT_LIMIT" }] });
  });

  it("recognises both writers by their first line", () => {
    expect(zeek.sniff("#separator \\x09")).toBe(true);
    expect(zeek.sniff('{"_path":"conn","ts":1,"id.orig_h":"10.0.0.1"}')).toBe(true);
    expect(zeek.sniff('{"timestamp":"x","event_type":"alert"}')).toBe(false);
  });
});

describe("decodeZeekEscapes", () => {
  it("leaves a lone backslash and a short escape as they are", () => {
    expect(decodeZeekEscapes("a\\", true)).toBe("a\\");
    expect(decodeZeekEscapes("\\x4", true)).toBe("\\x4");
    expect(decodeZeekEscapes("\\xzz", false)).toBe("\\xzz");
    expect(decodeZeekEscapes("\\xff\\xfe", false)).toBe("\u00ff\u00fe");
  });
});
