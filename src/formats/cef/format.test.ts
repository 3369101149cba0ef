import { describe, expect, it } from "vitest";
import type { ParsedEvent } from "../parser.js";
import { parseDeviceTime } from "./device-time.js";
import { CEF_FORMAT } from "./format.js";
import { splitExtension } from "./parse.js";

const NOW = Date.UTC(2026, 10, 29, 12, 0, 0);

function one(line: string): ParsedEvent {
  const [o] = [...CEF_FORMAT.parseText(line, { now: NOW, source: "t.cef" })];
  if (!o?.ok) throw new Error(o ? o.issues.map((i) => i.message).join("; ") : "no outcome");
  return o.events[0] as ParsedEvent;
}

function issue(line: string) {
  const [o] = [...CEF_FORMAT.parseText(line, { now: NOW, source: "t.cef" })];
  if (!o || o.ok) throw new Error("expected a failure");
  return o.issues[0]!;
}

describe("CEF", () => {
  it("reads the header and extension of the specification's first example", () => {
    const e = one(
      "CEF:0|Security|threatmanager|1.0|100|worm successfully stopped|10|src=10.0.0.1 dst=2.1.2.2 spt=1232",
    );
    expect(e.fields).toMatchObject({
      cefVersion: "0",
      deviceVendor: "Security",
      deviceProduct: "threatmanager",
      deviceVersion: "1.0",
      deviceEventClassId: "100",
      name: "worm successfully stopped",
      severity: "10",
      src: "10.0.0.1",
      dst: "2.1.2.2",
      spt: "1232",
    });
    expect(e.event.logsource).toEqual({ product: "threatmanager", categories: [] });
    expect(e.ecs).toMatchObject({
      "source.ip": "10.0.0.1",
      "destination.ip": "2.1.2.2",
      "source.port": 1232,
      "event.severity": 10,
      "event.code": "100",
      "observer.vendor": "Security",
      "observer.product": "threatmanager",
    });
    expect(e.event.timestamp).toBeUndefined();
  });

  it("unescapes \\| and \\\\ in the header, and \\= \\\\ \\n \\r in the extension", () => {
    const pipe = one(
      "CEF:0|security|threatmanager|1.0|100|detected a \\| in message|10|src=10.0.0.1 act=blocked a | dst=1.1.1.1",
    );
    expect(pipe.fields.name).toBe("detected a | in message");
    expect(pipe.fields.act).toBe("blocked a |");
    const slash = one("CEF:0|security|threat\\\\manager|1.0|100|n|10|src=10.0.0.1 act=blocked a \\\\ dst=1.1.1.1");
    expect(slash.fields.deviceProduct).toBe("threat\\manager");
    expect(slash.fields.act).toBe("blocked a \\");
    const eq = one(
      "CEF:0|security|threatmanager|1.0|100|detected a = in message|10|src=10.0.0.1 act=blocked a \\= dst=1.1.1.1",
    );
    expect(eq.fields.act).toBe("blocked a =");
    expect(eq.fields.dst).toBe("1.1.1.1");
    const lines = one("CEF:0|security|threatmanager|1.0|100|n|10|msg=Detected a threat.\\n No action needed.\\r");
    expect(lines.fields.msg).toBe("Detected a threat.\n No action needed.\r");
    expect(lines.ecs.message).toBe("Detected a threat.\n No action needed.");
  });

  it("keeps spaces inside values and an unescaped = inside a URL", () => {
    const e = one(
      "CEF:0|Acme|Proxy|3|200|web|3|request=https://example.com/a?b=c&d=e requestMethod=post suser=Jane Doe fname=my report.pdf",
    );
    expect(e.fields).toMatchObject({
      request: "https://example.com/a?b=c&d=e",
      suser: "Jane Doe",
      fname: "my report.pdf",
    });
    expect(e.ecs).toMatchObject({
      "url.full": "https://example.com/a?b=c&d=e",
      "http.request.method": "POST",
      "user.name": "Jane Doe",
      "source.user.name": "Jane Doe",
      "file.name": "my report.pdf",
    });
  });

  it("names custom fields by their labels (cs1..cs6, cn1, flexString1, deviceCustomDate1)", () => {
    const e = one(
      "CEF:0|Acme|IDS|1|7|alert|5|cs1Label=Policy Name cs1=Block Outbound cs2=no label cn1Label=Risk cn1=87 flexString1Label=Zone flexString1=dmz",
    );
    expect(e.fields).toMatchObject({
      "Policy Name": "Block Outbound",
      Risk: "87",
      Zone: "dmz",
      cs1: "Block Outbound",
      cs2: "no label",
    });
    expect(e.event.doc.get("Policy Name")).toBe("Block Outbound");
  });

  it("maps users, hosts, action, outcome, process and file hashes to ECS, told by their length", () => {
    const e = one(
      "CEF:0|Acme|EDR|1|9|exec|8|suser=alice duser=bob shost=ws1.corp dhost=db1.corp act=quarantine outcome=Failure dproc=evil.exe dpid=4321 filePath=C:\\\\x\\\\evil.exe fileHash=44D88612FEA8A8F36DE82E1278ABB02F proto=6",
    );
    expect(e.ecs).toMatchObject({
      "user.name": "alice",
      "destination.user.name": "bob",
      "source.domain": "ws1.corp",
      "destination.domain": "db1.corp",
      "event.action": "quarantine",
      "event.outcome": "failure",
      "process.name": "evil.exe",
      "process.pid": 4321,
      "file.path": "C:\\x\\evil.exe",
      "file.hash.md5": "44d88612fea8a8f36de82e1278abb02f",
      "network.transport": "tcp",
    });
    const sha256 = one(`CEF:0|Acme|EDR|1|9|n|8|fileHash=${"ab".repeat(32)} outcome=blocked spt=http src=n/a`);
    expect(sha256.ecs["file.hash.sha256"]).toBe("ab".repeat(32));
    expect(sha256.ecs["event.outcome"]).toBeUndefined();
    expect(sha256.ecs["source.port"]).toBeUndefined();
    expect(sha256.ecs["source.ip"]).toBeUndefined();
  });

  it("reads rt, start and end as ms epoch or MMM dd yyyy HH:mm:ss, with or without zone", () => {
    const ms = one(
      "CEF:0|A|B|1|1|n|1|rt=1700000000123 start=Nov 14 2023 22:13:00 end=Nov 14 2023 23:13:00.5 GMT+01:00",
    );
    expect(ms.event.timestamp).toBe("2023-11-14T22:13:20.123Z");
    expect(ms.ecs["event.start"]).toBe("2023-11-14T22:13:00.000Z");
    expect(ms.ecs["event.end"]).toBe("2023-11-14T22:13:00.500Z");
    expect(one("CEF:0|A|B|1|1|n|1|rt=Nov 29 2026 08:00:00 PST").event.timestamp).toBe("2026-11-29T16:00:00.000Z");
    expect(one("CEF:0|A|B|1|1|n|1|rt=Nov 28 08:00:00").event.timestamp).toBe("2026-11-28T08:00:00.000Z");
    // A zone that cannot be read gives no time rather than a wrong one.
    expect(one("CEF:0|A|B|1|1|n|1|rt=Nov 29 2026 08:00:00 Europe/Paris").event.timestamp).toBeUndefined();
    expect(parseDeviceTime("1700000000", NOW)).toBe(1_700_000_000_000);
    expect(parseDeviceTime("Feb 30 2026 00:00:00", NOW)).toBeUndefined();
  });

  it("gives category firewall only to products that name a firewall, with Sigma's firewall field names", () => {
    const fw = one("CEF:0|Fortinet|FortiGate|7.2|13|traffic|3|src=10.1.1.1 spt=5000 dst=8.8.4.4 dpt=53 act=accept");
    expect(fw.event.logsource).toEqual({ product: "fortigate", categories: ["firewall"] });
    expect(fw.fields).toMatchObject({
      src_ip: "10.1.1.1",
      src_port: 5000,
      dst_ip: "8.8.4.4",
      dst_port: 53,
      action: "accept",
    });
    const ids = one("CEF:0|Snort|Snort IDS|2.9|1:1000|alert|3|src=10.1.1.1");
    expect(ids.event.logsource.categories).toEqual([]);
    expect(ids.fields.src_ip).toBeUndefined();
  });

  it("reads a record after a syslog header and falls back to its time and host", () => {
    const e = one(
      "<134>1 2026-11-29T10:00:00.250Z fw01 - - - - CEF:1|Check Point|VPN-1 & FireWall-1|R81|Drop|drop|5|src=10.0.0.1",
    );
    expect(e.event.timestamp).toBe("2026-11-29T10:00:00.250Z");
    expect(e.ecs["host.name"]).toBe("fw01");
    expect(e.event.logsource).toEqual({ product: "vpn-1 & firewall-1", categories: ["firewall"] });
    expect(e.event.raw).toContain("<134>1");
  });

  it("refuses a short header, a bad version, a line without CEF and an extension without pairs", () => {
    expect(issue("CEF:0|Acme|fw|1.0|100|name")).toMatchObject({
      code: "FORMAT_BAD_HEADER",
      place: { file: "t.cef", line: 1, field: "name" },
    });
    expect(issue("CEF:x|A|B|1|1|n|1|src=1.1.1.1").place?.field).toBe("version");
    expect(issue("<13>Nov 29 10:00:00 h app: hello").code).toBe("FORMAT_UNRECOGNISED");
    expect(issue("CEF:0|A|B|1|1|n|1|just words").place?.field).toBe("extension");
  });

  it("refuses more than 1024 extension pairs", () => {
    const many = Array.from({ length: 1100 }, (_, i) => `k${i}=v`).join(" ");
    expect(issue(`CEF:0|A|B|1|1|n|1|${many}`)).toMatchObject({ code: "FORMAT_LIMIT", place: { field: "extension" } });
    expect(splitExtension(many)).toMatchObject({ ok: false, limit: true });
  });

  it("keeps keys named like Object's own properties (__proto__, constructor, toString) as plain fields", () => {
    const e = one("CEF:0|A|B|1|1|n|1|__proto__=x toString=z constructorLabel=Ctor hasOwnPropertyLabel=H");
    expect(Object.getPrototypeOf(e.fields)).toBe(Object.prototype);
    expect(e.event.doc.get("__proto__")).toBe("x");
    expect(e.event.doc.get("toString")).toBe("z");
    // A label whose base key is absent names nothing, even when Object.prototype has that name.
    expect(Object.hasOwn(e.fields, "Ctor")).toBe(false);
    expect(Object.hasOwn(e.fields, "H")).toBe(false);
  });

  it("accepts an empty extension", () => {
    expect(one("CEF:0|A|B|1|1|n|1|").fields.name).toBe("n");
  });
});
