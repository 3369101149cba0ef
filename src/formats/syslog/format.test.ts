import { describe, expect, it } from "vitest";
import type { ParseOutcome, ParsedEvent } from "../parser.js";
import { LOG_FORMATS, sniffFormat } from "../registry/index.js";
import { SYSLOG_FORMAT, parseSyslogMessage } from "./format.js";
import { MAX_LINE_LENGTH } from "./lines.js";

const NOW = Date.UTC(2026, 10, 29, 12, 0, 0);

function events(text: string): ParsedEvent[] {
  const r = parseSyslogMessage(text, { now: NOW, peer: "192.0.2.7" });
  if (!r.ok) throw new Error(r.issues.map((i) => i.message).join("; "));
  return [...r.value];
}

describe("the syslog format", () => {
  it("gives a CEF payload to CEF, keeping the syslog host and time under syslog.*", () => {
    const [e] = events(
      "<134>Nov 29 10:00:00 fw01 CEF:0|Acme|Threat Sensor|2.1|100|Port scan|7|src=203.0.113.5 dst=10.0.0.8",
    );
    expect(e!.event.logsource).toEqual({ product: "threat sensor", categories: [] });
    expect(e!.event.timestamp).toBe("2026-11-29T10:00:00.000Z");
    expect(e!.event.doc.get("syslog.hostname")).toBe("fw01");
    expect(e!.event.doc.get("syslog.timestamp")).toBe("Nov 29 10:00:00");
    expect(e!.event.doc.get("syslog.peer")).toBe("192.0.2.7");
    expect(e!.ecs).toMatchObject({ "source.ip": "203.0.113.5", "destination.ip": "10.0.0.8", "host.name": "fw01" });
  });

  it("gives a CEF payload after a tag, and a LEEF payload in RFC 5424, to their formats", () => {
    const [cef] = events("<134>Nov 29 10:00:00 fw01 ArcSight: CEF:0|A|B|1|1|n|1|suser=bob");
    expect(cef!.fields.deviceProduct).toBe("B");
    expect(cef!.event.doc.get("syslog.appname")).toBe("ArcSight");
    const [leef] = events(
      "<13>1 2026-11-29T10:00:00Z qr - - - - LEEF:1.0|IBM|Guardium|11|Login|usrName=carol\tsrc=10.0.0.1",
    );
    expect(leef!.event.logsource.product).toBe("guardium");
    expect(leef!.ecs).toMatchObject({ "user.name": "carol", "source.ip": "10.0.0.1", "host.name": "qr" });
    // Each names the format that read it, so it is stored as a CEF or LEEF event.
    expect([cef!.format, leef!.format]).toEqual(["cef", "leef"]);
    const [auth] = events("<38>Nov 29 10:00:00 h sshd[1]: Failed password for root from 203.0.113.5 port 4242 ssh2");
    expect(auth!.format).toBe("linux-auth");
    expect(events("<13>Nov 29 10:00:00 h app: hello")[0]!.format).toBeUndefined();
  });

  it("gives sshd, sudo and auth-facility messages to linux-auth", () => {
    expect(
      events("<38>Nov 29 10:00:00 h sshd[1]: Failed password for root from 203.0.113.5 port 4242 ssh2")[0]!.event
        .logsource,
    ).toEqual({ product: "linux", service: "sshd", categories: [] });
    expect(
      events("<85>Nov 29 10:00:00 h sudo: bob : TTY=pts/1 ; PWD=/ ; USER=root ; COMMAND=/bin/sh")[0]!.event.logsource
        .service,
    ).toBe("sudo");
    expect(
      events(
        "<86>Nov 29 10:00:00 h CRON[5]: pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)",
      )[0]!.event.logsource.service,
    ).toBe("auth");
  });

  it("gives an audit record to auditd, one event per record", () => {
    const [e] = events(
      '<14>Nov 29 10:00:00 h audispd: node=h type=PATH msg=audit(1700000000.500:77): item=0 name="/etc/shadow" nametype=NORMAL',
    );
    expect(e!.event.logsource).toEqual({ product: "linux", service: "auditd", categories: [] });
    expect(e!.fields).toMatchObject({ type: "PATH", name: "/etc/shadow", serial: "77", node: "h" });
    expect(e!.event.timestamp).toBe("2023-11-14T22:13:20.500Z");
    const [kernel] = events(
      '<4>Nov 29 10:00:00 h kernel: audit: type=1400 audit(1700000000.500:78): apparmor="DENIED" name="/etc/shadow"',
    );
    expect(kernel!.event.logsource.service).toBe("auditd");
    expect(kernel!.fields).toMatchObject({ type: "AVC", apparmor: "DENIED" });
  });

  it("keeps anything else a syslog event, with the peer", () => {
    const [e] = events("<30>Nov 29 10:00:00 h named[3]: client 10.0.0.1#53: denied AXFR from 10.0.0.1");
    expect(e!.event.logsource).toEqual({ product: "linux", service: "syslog", categories: [] });
    expect(e!.fields.peer).toBe("192.0.2.7");
  });

  it("drops the LF, CRLF or NUL that ends a datagram", () => {
    expect(events("<13>Nov 29 10:00:00 h app: m\r\n")[0]!.fields.msg).toBe("m");
    expect(events("<13>Nov 29 10:00:00 h app: m\0")[0]!.fields.msg).toBe("m");
  });

  it("gives one outcome per line, a bad line among good ones not stopping them", () => {
    const text = [
      "<13>Nov 29 10:00:00 h app: one",
      "",
      "<999>Nov 29 10:00:00 h app: bad pri",
      "<13>Nov 29 10:00:01 h app: three",
    ].join("\r\n");
    const out: ParseOutcome[] = [...SYSLOG_FORMAT.parseText(text, { now: NOW, source: "messages" })];
    expect(out.map((o) => [o.ok, o.line, o.record])).toEqual([
      [true, 1, 0],
      [false, 3, 1],
      [true, 4, 2],
    ]);
    const bad = out[1]!;
    expect(!bad.ok && bad.issues[0]).toMatchObject({
      code: "FORMAT_BAD_HEADER",
      place: { file: "messages", line: 3, field: "pri" },
    });
    expect(bad.text).toBe("<999>Nov 29 10:00:00 h app: bad pri");
  });

  it("refuses a 10 MB line with FORMAT_LIMIT and reads the next line", () => {
    const huge = `<13>Nov 29 10:00:00 h app: ${"A".repeat(10 * 1024 * 1024)}`;
    const out = [...SYSLOG_FORMAT.parseText(`${huge}\n<13>Nov 29 10:00:00 h app: after`, { now: NOW })];
    expect(out).toHaveLength(2);
    expect(!out[0]!.ok && out[0]!.issues[0]!.code).toBe("FORMAT_LIMIT");
    expect(!out[0]!.ok && out[0]!.issues[0]!.message).toContain(String(MAX_LINE_LENGTH));
    expect(out[1]!.ok).toBe(true);
    const single = parseSyslogMessage(huge);
    expect(!single.ok && single.issues[0]!.code).toBe("FORMAT_LIMIT");
  });

  it("keeps and matches a line that held bytes other than UTF-8 (U+FFFD once decoded), and a lone surrogate", () => {
    const bytes = new Uint8Array([
      ...new TextEncoder().encode("<38>Nov 29 10:00:00 h sshd[9]: Failed password for r"),
      0xe9,
      0xff,
      ...new TextEncoder().encode("t from 203.0.113.9 port 22 ssh2"),
    ]);
    const r = parseSyslogMessage(new TextDecoder().decode(bytes));
    expect(r.ok).toBe(true);
    const event = r.ok ? r.value[0] : undefined;
    expect(event?.ecs["source.ip"]).toBe("203.0.113.9");
    expect(String(event?.event.raw)).toContain("\uFFFD");
    expect(parseSyslogMessage("<13>Nov 29 10:00:00 h app: \uD800x").ok).toBe(true);
    expect(parseSyslogMessage("<13>Nov 29 10:00:00 h app: 🔔").ok).toBe(true);
  });

  it("is registered under the five ids, and sniffing picks the most specific format", () => {
    for (const id of ["syslog", "cef", "leef", "linux-auth", "auditd"]) expect(LOG_FORMATS[id]?.id).toBe(id);
    const ids = Object.keys(LOG_FORMATS);
    const order = ["auditd", "cef", "leef", "linux-auth", "syslog"].map((id) => ids.indexOf(id));
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(sniffFormat("type=SYSCALL msg=audit(1700000000.123:4567): arch=c000003e syscall=59")?.id).toBe("auditd");
    expect(sniffFormat("CEF:0|Acme|fw|1|1|n|1|src=1.2.3.4")?.id).toBe("cef");
    expect(sniffFormat("<134>Nov 29 10:00:00 fw01 CEF:0|Acme|fw|1|1|n|1|src=1.2.3.4")?.id).toBe("cef");
    expect(sniffFormat("LEEF:2.0|V|P|1|E|^|src=1.2.3.4")?.id).toBe("leef");
    expect(sniffFormat("Nov 29 10:00:00 h sshd[1]: Accepted password for a from 1.2.3.4 port 1 ssh2")?.id).toBe(
      "linux-auth",
    );
    expect(sniffFormat("<13>Nov 29 10:00:00 h app: hello")?.id).toBe("syslog");
    expect(sniffFormat("<13>1 2026-11-29T10:00:00Z h app - - - hello")?.id).toBe("syslog");
  });
});

describe("hostile input", () => {
  it("never throws, whatever the text, and gives one outcome per non-blank line", async () => {
    const fc = await import("fast-check");
    const pieces = fc.constantFrom(
      "<13>",
      "<34>1 ",
      "2024-01-15T10:00:00Z ",
      "Nov 29 10:00:00 ",
      "host ",
      "sshd[1]: ",
      "CEF:0|",
      "LEEF:2.0|",
      "type=SYSCALL msg=audit(1.2:3): ",
      '[x@1 a="',
      "\\",
      "=",
      "|",
      "^",
      " ",
      "\n",
      '"',
      "'",
      "]",
      "\x1d",
      "\uFFFD",
      "__proto__=",
      "a0=414243",
    );
    const texts = fc.array(fc.oneof(pieces, fc.string({ maxLength: 8 })), { maxLength: 40 }).map((a) => a.join(""));
    fc.assert(
      fc.property(texts, (text) => {
        const nonBlank = text.split("\n").filter((l) => l.replace(/\r$/, "").trim() !== "").length;
        for (const id of ["syslog", "cef", "leef", "linux-auth", "auditd"]) {
          const out = [...LOG_FORMATS[id]!.parseText(text, { now: NOW })];
          // auditd may add one outcome when the text ends on a refused line with events pending.
          expect(out.length === nonBlank || (id === "auditd" && out.length === nonBlank + 1)).toBe(true);
        }
        parseSyslogMessage(text);
      }),
      { numRuns: 400 },
    );
  });
});
