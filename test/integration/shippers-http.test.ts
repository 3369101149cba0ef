// HEC, _bulk and /api/v1/ingest?format= against a running server: every event sent is stored and
// listed by GET /api/v1/events, and SigmaHQ rules for Linux sshd, Zeek and AWS CloudTrail raise
// their alerts on them.
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_TOKEN, type TestServer, WINLOGBEAT_FIXTURE, startTestServer } from "../support/server.js";
import { HAS_SHARED, SHARED } from "../support/shared.js";
import { type ListedEvent, alertsOf, allDeadLetters, allEvents } from "../support/shippers.js";

const RULES = join(SHARED, "sigma", "rules");
// SigmaHQ rules the events below are written to raise.
const SSHD_ERROR = "e76b413a-83d0-4b94-8e4c-85db4a5b8bdc"; // linux/builtin/sshd: Suspicious OpenSSH Daemon Error
const TOR_DNS = "a8322756-015c-42e7-afb1-436e85ed3ff5"; // network/zeek: DNS TOR Proxies
const TRAIL_CHANGE = "4db60cc0-36fb-42b7-9b58-a5b53019fb74"; // cloud/aws: AWS CloudTrail Important Change

const SSHD_LINE = "Nov 21 09:15:02 bastion-7 sshd[4242]: Corrupted MAC on input. [preauth]";

function trail(eventName: string, marker: string) {
  return {
    eventVersion: "1.08",
    userIdentity: {
      type: "IAMUser",
      principalId: "AIDAEXAMPLE000000001",
      arn: "arn:aws:iam::111122223333:user/mallory",
      accountId: "111122223333",
      userName: "mallory",
    },
    eventTime: "2026-11-21T09:20:00Z",
    eventSource: "cloudtrail.amazonaws.com",
    eventName,
    awsRegion: "eu-west-1",
    sourceIPAddress: "198.51.100.7",
    userAgent: `aws-cli/2.15.0 ${marker}`,
    requestParameters: { name: "main-trail" },
    responseElements: null,
    eventID: `0f6a1b2c-0000-4000-8000-${marker.padStart(12, "0").slice(-12)}`,
    eventType: "AwsApiCall",
    recipientAccountId: "111122223333",
  };
}

function dns(query: string, uid: string, withPath = false) {
  return {
    ...(withPath ? { _path: "dns" } : {}),
    ts: 1763716800.5,
    uid,
    "id.orig_h": "10.1.2.3",
    "id.orig_p": 53211,
    "id.resp_h": "10.1.0.53",
    "id.resp_p": 53,
    proto: "udp",
    trans_id: 4242,
    query,
    qclass: 1,
    qclass_name: "C_INTERNET",
    qtype: 1,
    qtype_name: "A",
    rcode: 3,
    rcode_name: "NXDOMAIN",
    AA: false,
    TC: false,
    RD: true,
    RA: false,
    Z: 0,
    rejected: false,
  };
}

if (!HAS_SHARED)
  console.warn("[tocsin tests] ../shared is absent: the SigmaHQ rule checks of the shipper tests are skipped");

const rawText = (e: ListedEvent) => (typeof e.raw === "string" ? e.raw : JSON.stringify(e.raw));

describe("shippers over HTTP: HEC, _bulk and ingest by format", () => {
  let server: TestServer;
  const hec = (path: string, body: string | Buffer, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, {
      method: "POST",
      body,
      headers: { authorization: `Splunk ${TEST_TOKEN}`, ...headers },
    });

  /** The SigmaHQ rule raised an alert linking the event (checked when ../shared is there). */
  const expectAlert = async (ruleId: string, eventId: string | undefined) => {
    if (!HAS_SHARED) return;
    expect(eventId).toBeDefined();
    expect((await alertsOf(server.url, ruleId)).some((a) => a.eventIds.includes(eventId as string))).toBe(true);
  };

  beforeAll(async () => {
    server = await startTestServer(
      HAS_SHARED
        ? {
            rules: [
              join(RULES, "linux", "builtin", "sshd"),
              join(RULES, "network", "zeek"),
              join(RULES, "cloud", "aws"),
            ],
          }
        : {},
    );
  });
  afterAll(async () => {
    await server?.close();
  });

  it("stores HEC events by their sourcetype's format and raises the sshd, Zeek and CloudTrail rules", async () => {
    const body = [
      { time: 1763716800.25, host: "bastion-7", sourcetype: "linux_secure", event: SSHD_LINE },
      { sourcetype: "aws:cloudtrail", event: trail("StopLogging", "hec1") },
      { sourcetype: "zeek:dns:json", event: dns("shop.example.onion", "Chec1") },
      { time: 1763716801.5, host: "app-1", sourcetype: "myapp", event: "hec plain text marker-hec-plain" },
    ]
      .map((e) => JSON.stringify(e))
      .join("");
    const res = await hec("/services/collector/event", body);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ text: "Success", code: 0 });

    const events = await allEvents(server.url);
    const sshd = events.find((e) => rawText(e) === SSHD_LINE);
    expect(sshd?.format).toBe("linux-auth");
    expect(sshd?.logsource).toMatchObject({ product: "linux", service: "sshd" });
    const ct = events.find((e) => rawText(e).includes("hec1"));
    expect(ct?.format).toBe("cloudtrail");
    expect(ct?.logsource).toMatchObject({ product: "aws", service: "cloudtrail" });
    expect(ct?.ecs).toMatchObject({ "source.ip": "198.51.100.7", "event.action": "StopLogging" });
    const zeek = events.find((e) => rawText(e).includes("Chec1"));
    expect(zeek?.format).toBe("zeek");
    expect(zeek?.logsource).toMatchObject({ product: "zeek", service: "dns" });
    expect(zeek?.ecs).toMatchObject({ "source.ip": "10.1.2.3", "dns.question.name": "shop.example.onion" });
    const plain = events.find((e) => rawText(e).includes("marker-hec-plain"));
    // No format reads it: kept as a generic event, at the envelope's time, with its host.
    expect(plain?.format).toBe("json");
    expect(plain?.timestamp).toBe(new Date(1763716801500).toISOString());
    expect(plain?.ecs["host.name"]).toBe("app-1");

    await expectAlert(SSHD_ERROR, sshd?.id);
    await expectAlert(TRAIL_CHANGE, ct?.id);
    await expectAlert(TOR_DNS, zeek?.id);
  });

  it("takes gzip HEC bodies and raw lines with ?sourcetype=", async () => {
    const gz = gzipSync(JSON.stringify({ sourcetype: "_json", event: { message: "gzip marker-hec-gzip" } }));
    const res = await hec("/services/collector/event", gz, { "content-encoding": "gzip" });
    expect(res.status).toBe(200);
    const lines = `${SSHD_LINE.replace("4242", "5151")}\nNov 21 09:16:00 bastion-7 sshd[5152]: Accepted publickey for deploy from 10.0.0.9 port 50022 ssh2\n`;
    const raw = await hec("/services/collector/raw?sourcetype=linux_secure&host=bastion-7", lines);
    expect(raw.status).toBe(200);
    expect(await raw.json()).toEqual({ text: "Success", code: 0 });
    const events = await allEvents(server.url);
    expect(events.some((e) => rawText(e).includes("marker-hec-gzip"))).toBe(true);
    const accepted = events.find((e) => rawText(e).includes("sshd[5152]"));
    expect(accepted?.format).toBe("linux-auth");
    expect(accepted?.ecs).toMatchObject({ "user.name": "deploy", "source.ip": "10.0.0.9" });
  });

  it("answers HEC errors with Splunk's codes and statuses", async () => {
    const none = await fetch(`${server.url}/services/collector/event`, { method: "POST", body: '{"event":"x"}' });
    expect(none.status).toBe(401);
    expect(await none.json()).toEqual({ text: "Token is required", code: 2 });
    const malformed = await hec("/services/collector/event", '{"event":"x"}', { authorization: TEST_TOKEN });
    expect(malformed.status).toBe(401);
    expect(await malformed.json()).toMatchObject({ code: 3 });
    const wrong = await hec("/services/collector/event", '{"event":"x"}', { authorization: "Splunk nope" });
    expect(wrong.status).toBe(403);
    expect(await wrong.json()).toEqual({ text: "Invalid token", code: 4 });
    const empty = await hec("/services/collector/event", "");
    expect(empty.status).toBe(400);
    expect(await empty.json()).toEqual({ text: "No data", code: 5 });
    const broken = await hec("/services/collector/event", '{"event":"a"}{"event":');
    expect(broken.status).toBe(400);
    expect(await broken.json()).toEqual({ text: "Invalid data format", code: 6, "invalid-event-number": 1 });
    const noEvent = await hec("/services/collector/event", '{"time":1}');
    expect(await noEvent.json()).toMatchObject({ code: 12, "invalid-event-number": 0 });
    const badGzip = await hec("/services/collector/event", "not gzip", { "content-encoding": "gzip" });
    expect(badGzip.status).toBe(400);
    expect(await badGzip.json()).toMatchObject({ code: 6 });
    const health = await fetch(`${server.url}/services/collector/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ text: "HEC is healthy", code: 17 });
  });

  it("refuses JSON nested too deeply in HEC, dead-letters it in _bulk, and keeps answering", async () => {
    const deep = `${'{"a":'.repeat(50_000)}1${"}".repeat(50_000)}`;
    const res = await hec("/services/collector/event", `{"event":"before deep marker-deep-hec"}{"event":${deep}}`);
    // HEC refuses the whole request, so nothing of it is stored and a fixed resend duplicates nothing.
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ text: "Invalid data format", code: 6, "invalid-event-number": 1 });
    const bulk = await fetch(`${server.url}/_bulk`, {
      method: "POST",
      body: `{"index":{}}\n${deep}\n{"index":{}}\n{"message":"after deep marker-deep-bulk"}\n`,
      headers: { authorization: `Bearer ${TEST_TOKEN}` },
    });
    const answer = (await bulk.json()) as { items: { index: { status: number; error?: { reason: string } } }[] };
    expect(answer.items.map((i) => i.index.status)).toEqual([400, 201]);
    expect(answer.items[0]?.index.error?.reason).toMatch(/FORMAT_LIMIT/);
    const events = await allEvents(server.url);
    expect(events.some((e) => rawText(e).includes("marker-deep-hec"))).toBe(false);
    expect(events.some((e) => rawText(e).includes("marker-deep-bulk"))).toBe(true);
    expect((await allDeadLetters(server.url)).some((l) => l.code === "FORMAT_LIMIT")).toBe(true);
  });

  it("answers the probes of Beats, Logstash, Fluent Bit and Vector like Elasticsearch", async () => {
    const basic = `Basic ${Buffer.from(`elastic:${TEST_TOKEN}`).toString("base64")}`;
    const get = (path: string, method = "GET", body?: string) =>
      fetch(`${server.url}${path}`, {
        method,
        ...(body !== undefined ? { body, headers: { authorization: basic, "content-type": "application/json" } } : {}),
        ...(body === undefined ? { headers: { authorization: basic } } : {}),
      });
    const root = await get("/");
    expect(root.status).toBe(200);
    expect(root.headers.get("x-elastic-product")).toBe("Elasticsearch");
    expect(((await root.json()) as { version: { number: string } }).version.number).toMatch(/^8\./);
    expect((await get("/_license")).status).toBe(200);
    expect((await get("/_cluster/health")).status).toBe(200);
    expect((await get("/filebeat-8.15.0", "HEAD")).status).toBe(200);
    expect((await get("/_index_template/logs", "PUT", "{}")).status).toBe(200);
    expect((await get("/_ingest/pipeline/p1")).status).toBe(200);
    expect((await fetch(`${server.url}/`)).status).toBe(401);
  });

  it("ingests a _bulk request item by item and answers in Elasticsearch's shape", async () => {
    const lines = [
      { index: { _index: "winlogbeat-8" } },
      WINLOGBEAT_FIXTURE,
      { create: { _index: "zeek" } },
      dns("c2.tor2web.org", "Cbulk1", true),
      { index: {} },
      trail("DeleteTrail", "bulk1"),
      { index: { _id: "ecs-1" } },
      { "@timestamp": "2026-11-21T09:30:00Z", message: "ecs marker-bulk-ecs", host: { name: "ecs-host" } },
      { index: {} },
      "BAD",
      { delete: { _index: "x", _id: "1" } },
    ];
    const body = `${lines.map((l) => (l === "BAD" ? "{not json" : JSON.stringify(l))).join("\n")}\n`;
    const res = await fetch(`${server.url}/logs/_bulk`, {
      method: "POST",
      body,
      headers: { authorization: `ApiKey ${TEST_TOKEN}`, "content-type": "application/x-ndjson" },
    });
    expect(res.status).toBe(200);
    const answer = (await res.json()) as {
      errors: boolean;
      took: number;
      items: Record<
        string,
        { status: number; _index: string; _id: string | null; result?: string; error?: { type: string } }
      >[];
    };
    expect(answer.errors).toBe(true);
    expect(answer.items.map((i) => Object.keys(i)[0])).toEqual([
      "index",
      "create",
      "index",
      "index",
      "index",
      "delete",
    ]);
    expect(answer.items.map((i) => Object.values(i)[0]?.status)).toEqual([201, 201, 201, 201, 400, 400]);
    expect(answer.items[0]?.index).toMatchObject({ _index: "winlogbeat-8", result: "created" });
    expect(answer.items[2]?.index?._index).toBe("logs");
    expect(answer.items[3]?.index?._id).toBe("ecs-1");
    expect(answer.items[5]?.delete?.error?.type).toBe("illegal_argument_exception");

    const events = await allEvents(server.url);
    const byId = new Map(events.map((e) => [e.id, e]));
    const stored = answer.items.slice(0, 3).map((i) => byId.get(String(Object.values(i)[0]?._id)));
    expect(stored.map((e) => e?.format)).toEqual(["winlogbeat", "zeek", "cloudtrail"]);
    expect(events.find((e) => rawText(e).includes("marker-bulk-ecs"))?.ecs["host.name"]).toBe("ecs-host");
    await expectAlert(TOR_DNS, stored[1]?.id);
    await expectAlert(TRAIL_CHANGE, stored[2]?.id);

    const malformed = await fetch(`${server.url}/_bulk`, {
      method: "POST",
      body: '{"index":{}}\n{"a":1}\n{"index":{}}\n',
      headers: { authorization: `Bearer ${TEST_TOKEN}` },
    });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { error: { type: string } }).error.type).toBe("illegal_argument_exception");
  });

  it("ingests text formats through /api/v1/ingest?format= and by sniffing, and refuses unknown formats", async () => {
    const tsv = [
      "#separator \\x09",
      "#set_separator\t,",
      "#empty_field\t(empty)",
      "#unset_field\t-",
      "#path\tdns",
      "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tquery",
      "#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring",
      "1763716802.000000\tCtsv1\t10.1.2.4\t40000\t10.1.0.53\t53\tudp\tmirror.onion.ly",
    ].join("\n");
    const named = await server.ingest(tsv, "?format=zeek&ids=true", "text/plain");
    expect(named.status).toBe(200);
    const result = (await named.json()) as { accepted: number; ids: string[] };
    expect(result.accepted).toBe(1);
    const sniffed = await server.ingest(tsv.replace("Ctsv1", "Ctsv2"), "", "text/plain");
    expect(((await sniffed.json()) as { accepted: number }).accepted).toBe(1);
    const events = await allEvents(server.url);
    const tsvEvent = events.find((e) => e.id === result.ids[0]);
    expect(tsvEvent).toMatchObject({ format: "zeek", logsource: { product: "zeek", service: "dns" } });
    await expectAlert(TOR_DNS, tsvEvent?.id);

    const unknown = await server.ingest("x", "?format=csv");
    expect(unknown.status).toBe(400);
    const error = ((await unknown.json()) as { error: { code: string; message: string; details: { known: string[] } } })
      .error;
    expect(error.code).toBe("INGEST_UNKNOWN_FORMAT");
    expect(error.details.known).toEqual(expect.arrayContaining(["evtx-json", "winlogbeat", "zeek", "cloudtrail"]));

    const bad = await server.ingest("#separator \\x09\n#fields\tts\n#types\ttime\nnot-a-time\n", "?format=zeek");
    expect([200, 400]).toContain(bad.status);
    const letters = await allDeadLetters(server.url);
    expect(letters.some((l) => l.code.startsWith("FORMAT_") && l.record.includes("not-a-time"))).toBe(true);
  });
});
