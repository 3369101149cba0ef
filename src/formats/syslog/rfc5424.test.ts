import { describe, expect, it } from "vitest";
import type { ParsedEvent } from "../parser.js";
import { parseSyslogMessage } from "./format.js";
import { parseSyslogHeader } from "./header.js";

const NOW = Date.UTC(2026, 10, 29, 12, 0, 0);

function one(text: string): ParsedEvent {
  const r = parseSyslogMessage(text, { now: NOW, source: "test" });
  if (!r.ok) throw new Error(r.issues.map((i) => i.message).join("; "));
  expect(r.value).toHaveLength(1);
  return r.value[0] as ParsedEvent;
}

function issue(text: string): { code: string; message: string; field?: string } {
  const r = parseSyslogMessage(text, { now: NOW, source: "test" });
  if (r.ok) throw new Error("expected a failure");
  const i = r.issues[0]!;
  return { code: i.code, message: i.message, ...(i.place?.field !== undefined ? { field: i.place.field } : {}) };
}

describe("RFC 5424", () => {
  it("reads example 2 of section 6.5: fractions of a microsecond, an offset, an IP host and NILVALUE msgid and SD", () => {
    const e = one(
      "<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% It's time to make the do-nuts.",
    );
    expect(e.event.logsource).toEqual({ product: "linux", service: "syslog", categories: [] });
    expect(e.event.timestamp).toBe("2003-08-24T12:14:15.000Z");
    expect(e.fields).toMatchObject({
      facility: "local4",
      facility_code: 20,
      severity: "notice",
      severity_code: 5,
      version: 1,
      hostname: "192.0.2.1",
      appname: "myproc",
      procid: "8710",
      msg: "%% It's time to make the do-nuts.",
    });
    expect(e.fields.msgid).toBeUndefined();
    expect(e.fields.sd).toBeUndefined();
    expect(e.ecs).toMatchObject({ "host.name": "192.0.2.1", "process.name": "myproc", "process.pid": 8710 });
    expect(e.event.doc.get("msg")).toBe("%% It's time to make the do-nuts.");
  });

  it("reads several SD-ELEMENTs and drops the BOM before MSG (example 3 and 4)", () => {
    const e = one(
      '<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application" eventID="1011"][examplePriority@32473 class="high"] \uFEFFAn application event log entry...',
    );
    expect(e.event.timestamp).toBe("2003-10-11T22:14:15.003Z");
    expect(e.fields.msgid).toBe("ID47");
    expect(e.fields.procid).toBeUndefined();
    expect(e.fields.msg).toBe("An application event log entry...");
    expect(e.event.doc.get("sd.exampleSDID@32473.eventID")).toBe("1011");
    expect(e.event.doc.get("sd.examplePriority@32473.class")).toBe("high");
    expect(e.event.doc.get("sd")).toEqual({
      "exampleSDID@32473": { iut: "3", eventSource: "Application", eventID: "1011" },
      "examplePriority@32473": { class: "high" },
    });
    expect(e.ecs["log.syslog.msgid"]).toBe("ID47");
  });

  it("accepts a message that ends with its structured data (example 4: no MSG)", () => {
    const e = one('<165>1 2003-10-11T22:14:15.003Z host evntslog - ID47 [exampleSDID@32473 iut="3"]');
    expect(e.fields.msg).toBe("");
    expect(e.event.doc.get("sd.exampleSDID@32473.iut")).toBe("3");
  });

  it('unescapes \\" \\\\ and \\] in PARAM-VALUEs and keeps any other backslash (section 6.3.3)', () => {
    const e = one('<14>1 2024-01-15T10:00:00Z h app - - [x@1 a="say \\"hi\\"" b="C:\\\\temp" c="[1\\]" d="\\n"] m');
    expect(e.event.doc.get("sd.x@1.a")).toBe('say "hi"');
    expect(e.event.doc.get("sd.x@1.b")).toBe("C:\\temp");
    expect(e.event.doc.get("sd.x@1.c")).toBe("[1]");
    expect(e.event.doc.get("sd.x@1.d")).toBe("\\n");
  });

  it("gives a repeated PARAM-NAME as a list, and an SD-ID with dots is still addressable", () => {
    const e = one(
      '<14>1 2024-01-15T10:00:00+01:00 h app - - [origin ip="192.0.2.1" ip="192.0.2.2"][meta@32473.1 k="v"] m',
    );
    expect(e.event.timestamp).toBe("2024-01-15T09:00:00.000Z");
    expect(e.event.doc.get("sd.origin.ip")).toEqual(["192.0.2.1", "192.0.2.2"]);
    expect(e.event.doc.get("sd.meta@32473.1.k")).toBe("v");
  });

  it("leaves every header field out when it is the NILVALUE", () => {
    const e = one("<0>1 - - - - - - boot");
    expect(e.event.timestamp).toBeUndefined();
    expect(e.fields).toMatchObject({ facility: "kern", severity: "emerg", msg: "boot" });
    for (const f of ["hostname", "appname", "procid", "msgid", "sd", "timestamp"]) expect(e.fields[f]).toBeUndefined();
  });

  it("keeps a '__proto__' SD-ID as a plain key", () => {
    const e = one('<14>1 2024-01-15T10:00:00Z h app - - [__proto__ polluted="yes"] m');
    expect(e.event.doc.get("sd.__proto__.polluted")).toBe("yes");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("refuses a timestamp without zone, an unclosed PARAM-VALUE, a bad PRI and a truncated header", () => {
    expect(issue("<14>1 2024-01-15T10:00:00 h app - - - m")).toMatchObject({
      code: "FORMAT_BAD_HEADER",
      field: "timestamp",
    });
    expect(issue('<14>1 2024-01-15T10:00:00Z h app - - [x@1 a="open] m')).toMatchObject({
      code: "FORMAT_BAD_HEADER",
      field: "structured-data",
    });
    expect(issue("<14>1 2024-01-15T10:00:00Z h app - - [x@1 a=1] m").message).toContain('not followed by ="');
    expect(issue("<192>1 2024-01-15T10:00:00Z h app - - - m")).toMatchObject({
      code: "FORMAT_BAD_HEADER",
      field: "pri",
    });
    expect(issue("<014>Jan 15 10:00:00 h app: m").message).toContain("leading zero");
    expect(issue("<14>1 2024-01-15T10:00:00Z h app")).toMatchObject({ code: "FORMAT_BAD_HEADER", field: "appname" });
    expect(issue("<14>1 2024-02-30T10:00:00Z h app - - - m").field).toBe("timestamp");
  });

  it("refuses more than 64 SD-ELEMENTs with FORMAT_LIMIT", () => {
    const many = Array.from({ length: 65 }, (_, i) => `[e${i} a="1"]`).join("");
    expect(issue(`<14>1 2024-01-15T10:00:00Z h app - - ${many} m`)).toMatchObject({
      code: "FORMAT_LIMIT",
      field: "structured-data",
    });
  });

  it("is told from RFC 3164 by the version after the PRI", () => {
    const h = parseSyslogHeader("<14>1 2024-01-15T10:00:00Z h app - - - m", NOW);
    const b = parseSyslogHeader("<14>Jan 15 10:00:00 h app: m", NOW);
    expect(h.ok && h.message.protocol).toBe("rfc5424");
    expect(b.ok && b.message.protocol).toBe("rfc3164");
  });
});
