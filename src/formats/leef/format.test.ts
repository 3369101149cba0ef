import { describe, expect, it } from "vitest";
import type { ParsedEvent } from "../parser.js";
import { LEEF_FORMAT } from "./format.js";
import { parseJavaTime } from "./java-time.js";
import { delimiterOf } from "./parse.js";

const NOW = Date.UTC(2026, 10, 29, 12, 0, 0);

function one(line: string): ParsedEvent {
  const [o] = [...LEEF_FORMAT.parseText(line, { now: NOW, source: "t.leef" })];
  if (!o?.ok) throw new Error(o ? o.issues.map((i) => i.message).join("; ") : "no outcome");
  return o.events[0] as ParsedEvent;
}

function issue(line: string) {
  const [o] = [...LEEF_FORMAT.parseText(line, { now: NOW, source: "t.leef" })];
  if (!o || o.ok) throw new Error("expected a failure");
  return o.issues[0]!;
}

const ECS_OF_EXAMPLE = {
  "source.ip": "192.0.2.10",
  "destination.ip": "172.50.123.1",
  "source.port": 81,
  "destination.port": 21,
  "user.name": "joe.black",
  "event.severity": 5,
};

describe("LEEF", () => {
  it("reads LEEF 1.0: the header and tab-separated attributes", () => {
    const e = one(
      "LEEF:1.0|Microsoft|MSExchange|4.0 SP1|15345|src=192.0.2.10\tdst=172.50.123.1\tsev=5\tcat=anomaly\tsrcPort=81\tdstPort=21\tusrName=joe.black",
    );
    expect(e.fields).toMatchObject({
      leefVersion: "1.0",
      vendor: "Microsoft",
      product: "MSExchange",
      version: "4.0 SP1",
      eventId: "15345",
      cat: "anomaly",
      usrName: "joe.black",
    });
    expect(e.event.logsource).toEqual({ product: "msexchange", categories: [] });
    expect(e.ecs).toMatchObject({ ...ECS_OF_EXAMPLE, "event.code": "15345", "observer.vendor": "Microsoft" });
  });

  it("reads LEEF 2.0 with a delimiter given as a character, as xHH and as 0xHH", () => {
    for (const d of ["^", "x5E", "0x5E", "0x5e"]) {
      const e = one(
        `LEEF:2.0|Lancope|StealthWatch|1.0|41|${d}|src=192.0.2.10^dst=172.50.123.1^sev=5^cat=anomaly^srcPort=81^dstPort=21^usrName=joe.black`,
      );
      expect(e.fields.leefVersion).toBe("2.0");
      expect(e.ecs).toMatchObject(ECS_OF_EXAMPLE);
    }
    expect(delimiterOf("x09")).toBe("\t");
    expect(delimiterOf("0x7C")).toBe("|");
    expect(delimiterOf("tab")).toBeUndefined();
  });

  it("uses tab when a LEEF 2.0 delimiter field is empty, and a pipe when it is one", () => {
    expect(one("LEEF:2.0|V|P|1|E||src=10.0.0.1\tdst=10.0.0.2").ecs["destination.ip"]).toBe("10.0.0.2");
    expect(one("LEEF:2.0|V|P|1|E|||src=10.0.0.1|dst=10.0.0.2").ecs["destination.ip"]).toBe("10.0.0.2");
  });

  it("keeps = inside a value and unescapes \\| in the header", () => {
    const e = one("LEEF:1.0|V|Web \\| Gateway|1|E|url=https://x.example/?a=b&c=d\tmsg=x=y");
    expect(e.fields.product).toBe("Web | Gateway");
    expect(e.fields).toMatchObject({ url: "https://x.example/?a=b&c=d", msg: "x=y" });
    expect(e.ecs["url.full"]).toBe("https://x.example/?a=b&c=d");
  });

  it("reads devTime with its devTimeFormat (zone names, offsets, quoted literals) and without one", () => {
    const z = one(
      "LEEF:1.0|Trend Micro|Deep Discovery Inspector|3.8|X|devTime=Mar 11 2015 05:00:26 GMT-04:00\tdevTimeFormat=MMM dd yyyy HH:mm:ss z",
    );
    expect(z.event.timestamp).toBe("2015-03-11T09:00:26.000Z");
    const iso = one("LEEF:2.0|V|P|1|E|^|devTime=2024-01-15T10:00:00.123+0100^devTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSSZ");
    expect(iso.event.timestamp).toBe("2024-01-15T09:00:00.123Z");
    expect(one("LEEF:1.0|V|P|1|E|devTime=1700000000123").event.timestamp).toBe("2023-11-14T22:13:20.123Z");
    expect(one("LEEF:1.0|V|P|1|E|devTime=Jan 15 2024 10:00:00").event.timestamp).toBe("2024-01-15T10:00:00.000Z");
    expect(parseJavaTime("15/Jan/2024:10:00:00 -0500", "dd/MMM/yyyy:HH:mm:ss Z", NOW)).toBe(Date.UTC(2024, 0, 15, 15));
    expect(parseJavaTime("01/15/24 03:04:05 PM", "MM/dd/yy hh:mm:ss a", NOW)).toBe(Date.UTC(2024, 0, 15, 15, 4, 5));
    // A value that does not follow its pattern gives no time.
    expect(
      one("LEEF:1.0|V|P|1|E|devTime=yesterday\tdevTimeFormat=MMM dd yyyy HH:mm:ss").event.timestamp,
    ).toBeUndefined();
  });

  it("reads a record after a syslog header, keeping the header under syslog.*", () => {
    const e = one(
      "<13>Dec 16 06:38:57 ddei-172 LEEF:1.0|Trend Micro|Deep Discovery Email Inspector|5.1|CTP_DETECTION|suser=a@b.c\tdvchost=ddei-172",
    );
    expect(e.event.timestamp).toBe("2025-12-16T06:38:57.000Z");
    expect(e.event.doc.get("syslog.hostname")).toBe("ddei-172");
    expect(e.ecs).toMatchObject({ "host.name": "ddei-172", "observer.hostname": "ddei-172", "user.name": "a@b.c" });
  });

  it("gives category firewall to a firewall product only", () => {
    const e = one(
      "LEEF:2.0|Palo Alto Networks|PAN-OS Syslog Integration|10|deny|^|src=10.0.0.1^dst=10.0.0.2^dstPort=445",
    );
    expect(e.event.logsource).toEqual({ product: "pan-os syslog integration", categories: ["firewall"] });
    expect(e.fields.dst_port).toBe(445);
  });

  it("refuses a short header, an unknown version, a bad delimiter and an attribute without =", () => {
    expect(issue("LEEF:1.0|V|P|1")).toMatchObject({
      code: "FORMAT_BAD_HEADER",
      place: { field: "productVersion", line: 1 },
    });
    expect(issue("LEEF:3.0|V|P|1|E|a=b").place?.field).toBe("version");
    expect(issue("LEEF:2.0|V|P|1|E|zz|a=b").place?.field).toBe("delimiter");
    expect(issue("LEEF:1.0|V|P|1|E|a=b\tnonsense").place?.field).toBe("attributes");
    expect(issue("Nov 29 10:00:00 h app: no leef").code).toBe("FORMAT_UNRECOGNISED");
    const many = Array.from({ length: 1100 }, (_, i) => `k${i}=v`).join("\t");
    expect(issue(`LEEF:1.0|V|P|1|E|${many}`)).toMatchObject({ code: "FORMAT_LIMIT", place: { field: "attributes" } });
  });
});
