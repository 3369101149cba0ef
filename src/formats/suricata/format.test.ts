import { describe, expect, it } from "vitest";
import type { ParseOutcome, ParsedEvent } from "../parser.js";
import { suricata } from "./format.js";

// Records shaped as Suricata's EVE JSON documentation shows them.
const FLOW = {
  flow_id: 586497171462735,
  src_ip: "192.168.2.14",
  src_port: 50096,
  dest_ip: "209.53.113.5",
  dest_port: 80,
  proto: "TCP",
};

const ALERT = {
  timestamp: "2017-04-07T22:24:37.251547+0100",
  event_type: "alert",
  ...FLOW,
  tx_id: 4,
  alert: {
    action: "allowed",
    gid: 1,
    signature_id: 2018358,
    rev: 10,
    signature: "ET HUNTING GENERIC SUSPICIOUS POST to Dotted Quad with Fake Browser 1",
    category: "Potentially Bad Traffic",
    severity: 2,
  },
  app_proto: "http",
  http: {
    hostname: "209.53.113.5",
    url: "/core/",
    http_user_agent: "Mozilla/4.0",
    http_method: "POST",
    status: 200,
    length: 5,
  },
};

const DNS_V1_QUERY = {
  timestamp: "2017-04-07T22:24:37.251547Z",
  event_type: "dns",
  src_ip: "192.168.2.14",
  src_port: 43391,
  dest_ip: "192.168.2.1",
  dest_port: 53,
  proto: "UDP",
  dns: { type: "query", id: 16000, rrname: "www.suricata-ids.org", rrtype: "A", tx_id: 0 },
};

const DNS_V2_ANSWER = {
  ...DNS_V1_QUERY,
  dns: {
    version: 2,
    type: "answer",
    id: 45444,
    flags: "8180",
    qr: true,
    rrname: "www.suricata-ids.org",
    rrtype: "A",
    rcode: "NOERROR",
    answers: [
      { rrname: "www.suricata-ids.org", rrtype: "CNAME", ttl: 3324, rdata: "suricata-ids.org" },
      { rrname: "suricata-ids.org", rrtype: "A", ttl: 10, rdata: "192.0.78.24" },
    ],
    grouped: { A: ["192.0.78.24"], CNAME: ["suricata-ids.org"] },
  },
};

const DNS_V3_REQUEST = {
  ...DNS_V1_QUERY,
  dns: { version: 3, type: "request", id: 7, queries: [{ rrname: "example.org", rrtype: "AAAA" }] },
};

const TLS = {
  timestamp: "2016-01-01T12:00:00.000000-0500",
  event_type: "tls",
  ...FLOW,
  dest_port: 443,
  tls: {
    subject: "C=US, ST=California, L=Mountain View, O=Google Inc, CN=*.google.com",
    issuerdn: "C=US, O=Google Inc, CN=Google Internet Authority G2",
    fingerprint: "8f:51:12:06:a0:cc:4e:cd:e8:a3:8b:38:f8:87:59:e5:af:95:ca:cd",
    sni: "www.google.com",
    version: "TLS 1.2",
    notbefore: "2015-10-01T12:00:00",
    notafter: "2016-01-01T12:00:00",
    ja3: { hash: "e7d705a3286e19ea42f587b344ee6865", string: "771,49195-49199,0-23,29-23,0" },
  },
};

const FILEINFO = {
  timestamp: "2017-04-07T22:24:37.251547+0000",
  event_type: "fileinfo",
  ...FLOW,
  http: { hostname: "www.example.com", url: "/dl/a.exe", http_method: "GET", status: 200 },
  app_proto: "http",
  fileinfo: {
    filename: "/dl/a.exe",
    magic: "PE32 executable (GUI) Intel 80386, for MS Windows",
    state: "CLOSED",
    md5: "0CC175B9C0F1B6A831C399E269772661",
    sha1: "86f7e437faa5a7fce15d1ddcb9eaeaea377667b8",
    sha256: "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb",
    stored: false,
    size: 73802,
    tx_id: 0,
  },
};

const FLOW_EVENT = {
  timestamp: "2017-04-07T22:25:37.000000+0100",
  event_type: "flow",
  ...FLOW,
  app_proto: "http",
  flow: {
    pkts_toserver: 3,
    pkts_toclient: 2,
    bytes_toserver: 180,
    bytes_toclient: 120,
    start: "2017-04-07T22:24:37.251547+0100",
    end: "2017-04-07T22:24:38.000000+0100",
    age: 1,
    state: "closed",
    reason: "timeout",
    alerted: true,
  },
};

const ANOMALY = {
  timestamp: "2017-04-07T22:24:37.251547+0100",
  event_type: "anomaly",
  ...FLOW,
  anomaly: { type: "applayer", event: "APPLAYER_DETECT_PROTOCOL_ONLY_ONE_DIRECTION", layer: "proto_detect" },
};

function one(record: unknown): ParsedEvent {
  const result = suricata.parseValue?.(record, { source: "eve.json" });
  if (!result?.ok) throw new Error(JSON.stringify(result));
  return result.value[0] as ParsedEvent;
}

function all(text: string): ParseOutcome[] {
  return [...suricata.parseText(text, { source: "eve.json" })];
}

describe("suricata EVE", () => {
  it("reads an alert: rule, severity, flow and the time in UTC", () => {
    const e = one(ALERT);
    expect(e.event.logsource).toEqual({ product: "suricata", service: "alert", categories: [] });
    expect(e.event.timestamp).toBe("2017-04-07T21:24:37.251Z");
    expect(e.event.doc.get("alert.signature_id")).toBe(2018358);
    expect(e.ecs).toMatchObject({
      "event.kind": "alert",
      "rule.id": "2018358",
      "rule.name": "ET HUNTING GENERIC SUSPICIOUS POST to Dotted Quad with Fake Browser 1",
      "rule.category": "Potentially Bad Traffic",
      "event.severity": 2,
      "event.action": "allowed",
      "source.ip": "192.168.2.14",
      "source.port": 50096,
      "destination.ip": "209.53.113.5",
      "destination.port": 80,
      "network.transport": "tcp",
      "network.protocol": "http",
      "url.full": "http://209.53.113.5/core/",
      "http.request.method": "POST",
    });
  });

  it("reads DNS in the v1 query, v2 answer and v3 request forms", () => {
    expect(one(DNS_V1_QUERY).ecs).toMatchObject({
      "dns.question.name": "www.suricata-ids.org",
      "dns.type": "query",
      "dns.id": 16000,
    });
    const v2 = one(DNS_V2_ANSWER);
    expect(v2.ecs).toMatchObject({
      "dns.question.name": "www.suricata-ids.org",
      "dns.type": "answer",
      "dns.response_code": "NOERROR",
      "network.transport": "udp",
    });
    expect(v2.event.doc.get("dns.answers.rdata")).toEqual(["suricata-ids.org", "192.0.78.24"]);
    expect(one(DNS_V3_REQUEST).ecs).toMatchObject({
      "dns.question.name": "example.org",
      "dns.question.type": "AAAA",
      "dns.type": "query",
    });
  });

  it("reads TLS: SNI, version, certificate and JA3", () => {
    const e = one(TLS);
    expect(e.event.timestamp).toBe("2016-01-01T17:00:00.000Z");
    expect(e.ecs).toMatchObject({
      "tls.server.name": "www.google.com",
      "tls.version": "1.2",
      "tls.version_protocol": "tls",
      "tls.server.hash.sha1": "8F511206A0CC4ECDE8A38B38F88759E5AF95CACD",
      "tls.server.not_before": "2015-10-01T12:00:00.000Z",
      "tls.client.ja3": "e7d705a3286e19ea42f587b344ee6865",
    });
  });

  it("reads fileinfo with its hashes lower-cased and the HTTP request it came in", () => {
    expect(one(FILEINFO).ecs).toMatchObject({
      "file.name": "/dl/a.exe",
      "file.size": 73802,
      "file.hash.md5": "0cc175b9c0f1b6a831c399e269772661",
      "file.hash.sha256": "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb",
      "url.full": "http://www.example.com/dl/a.exe",
    });
  });

  it("reads flow counters and anomaly events, and keeps other event types as they are", () => {
    expect(one(FLOW_EVENT).ecs).toMatchObject({
      "source.bytes": 180,
      "destination.packets": 2,
      "event.start": "2017-04-07T21:24:37.251Z",
    });
    expect(one(ANOMALY).ecs["event.action"]).toBe("APPLAYER_DETECT_PROTOCOL_ONLY_ONE_DIRECTION");
    const stats = one({ timestamp: "2017-04-07T22:24:37Z", event_type: "stats", stats: { uptime: 10 } });
    expect(stats.event.logsource.service).toBe("stats");
    expect(stats.event.doc.get("stats.uptime")).toBe(10);
  });

  it("refuses records without event_type, with a bad one, or with a bad timestamp, naming the field and line", () => {
    const text = [
      JSON.stringify({ timestamp: "2017-04-07T22:24:37Z", src_ip: "1.2.3.4" }),
      JSON.stringify({ ...ALERT, event_type: "Alert!" }),
      JSON.stringify({ ...ALERT, timestamp: "yesterday" }),
      JSON.stringify({ ...ALERT, timestamp: "2017-02-30T10:00:00Z" }),
      "[1,2",
    ].join("\n");
    const outcomes = all(`${text}\n${JSON.stringify(ALERT)}`);
    expect(outcomes.map((o) => (o.ok ? "ok" : o.issues[0]?.code))).toEqual([
      "FORMAT_MISSING_FIELD",
      "FORMAT_BAD_FIELD",
      "FORMAT_BAD_FIELD",
      "FORMAT_BAD_FIELD",
      "FORMAT_TRUNCATED",
    ]);
    expect(outcomes[2]).toMatchObject({
      line: 3,
      issues: [{ place: { file: "eve.json", line: 3, field: "timestamp" } }],
    });
  });

  it("refuses a record nested deeper than the limit and reads the next line", () => {
    const outcomes = all(`${"[".repeat(300)}\n${JSON.stringify(ALERT)}\n`);
    expect(outcomes[0]).toMatchObject({ ok: false, line: 1, issues: [{ code: "FORMAT_LIMIT" }] });
    expect(outcomes[1]?.ok).toBe(true);
  });

  it("reads on after a line that is not JSON", () => {
    const outcomes = all(`{"event_type": oops}\n${JSON.stringify(ALERT)}\n`);
    expect(outcomes[0]).toMatchObject({ ok: false, issues: [{ code: "FORMAT_BAD_JSON" }] });
    expect(outcomes[1]?.ok).toBe(true);
  });

  it("gives no address or port that is not one", () => {
    const e = one({ ...ALERT, src_ip: "not-an-ip", src_port: 70000, proto: 6 });
    expect(e.ecs["source.ip"]).toBeUndefined();
    expect(e.ecs["source.port"]).toBeUndefined();
    expect(e.ecs["network.transport"]).toBeUndefined();
  });

  it("recognises EVE lines", () => {
    expect(suricata.sniff(JSON.stringify(ALERT))).toBe(true);
    expect(suricata.sniff('{"eventName":"x"}')).toBe(false);
  });
});
