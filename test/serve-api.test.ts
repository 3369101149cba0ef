import { type ClientRequest, request as httpRequest } from "node:http";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importRules, importedRulesDir } from "../src/store/index.js";
import {
  EVTX_JSON_FIXTURE,
  TEST_TOKEN,
  type TestServer,
  WINDOWS_XML_FIXTURE,
  WINLOGBEAT_FIXTURE,
  startTestServer,
  tempDataDir,
} from "./support/server.js";
import { REPO } from "./support/shared.js";

const SAMPLE = readFileSync(join(REPO, "samples", "intrusion.ndjson"), "utf8");

/**
 * Starts an ingest request whose body never ends, holding an ingest slot; `closed` settles when
 * its connection closes.
 */
function holdIngestSlot(base: string): { held: ClientRequest; closed: Promise<void> } {
  const url = new URL(`${base}/api/v1/ingest`);
  const held = httpRequest({
    host: url.hostname,
    port: url.port,
    path: url.pathname,
    method: "POST",
    headers: {
      authorization: `Bearer ${TEST_TOKEN}`,
      "content-type": "application/x-ndjson",
      "content-length": "100000",
    },
  });
  const closed = new Promise<void>((resolve) => {
    held.on("error", () => resolve());
    held.on("close", () => resolve());
  });
  held.write("{");
  return { held, closed };
}

async function json<T = Record<string, unknown>>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

interface EventPage {
  items: {
    id: string;
    format: string;
    ecs: Record<string, unknown>;
    logsource: Record<string, unknown>;
    raw: unknown;
  }[];
  next?: string;
}

describe("tocsin serve: the API over a real server", () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it("answers /healthz without a token and refuses the API without a valid one", async () => {
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await json(health)).toMatchObject({ status: "ok" });
    const none = await fetch(`${server.url}/api/v1/alerts`);
    expect(none.status).toBe(401);
    expect(await json(none)).toEqual({ error: { code: "AUTH_REQUIRED", message: expect.any(String) } });
    const wrong = await fetch(`${server.url}/api/v1/events`, { headers: { authorization: "Bearer nope" } });
    expect(wrong.status).toBe(401);
  });

  it("ingests each Windows shape and gives back its normalised fields", async () => {
    const shapes = [
      { body: JSON.stringify(EVTX_JSON_FIXTURE), type: "application/x-ndjson", host: "WS-TEST-01.corp.example" },
      { body: WINDOWS_XML_FIXTURE, type: "application/xml", host: "SRV-TEST-02.corp.example" },
      { body: JSON.stringify([WINLOGBEAT_FIXTURE]), type: "application/json", host: "WS-TEST-03.corp.example" },
    ];
    for (const s of shapes) {
      const res = await server.ingest(s.body, "", s.type);
      expect(res.status, await res.clone().text()).toBe(200);
      expect(await json(res)).toMatchObject({ received: 1, accepted: 1, deadLettered: 0 });
    }
    const get = async (host: string) =>
      (await json<EventPage>(await server.api(`/api/v1/events?host.name=${encodeURIComponent(host)}`))).items;

    const [evtx] = await get("WS-TEST-01.corp.example");
    expect(evtx?.format).toBe("evtx-json");
    expect(evtx?.logsource).toEqual({ product: "windows", service: "sysmon", categories: ["process_creation"] });
    expect(evtx?.ecs).toMatchObject({
      "host.name": "WS-TEST-01.corp.example",
      "user.name": "alice",
      "process.executable": "C:\\Windows\\System32\\whoami.exe",
      "process.command_line": "whoami /all",
      "process.parent.executable": "C:\\Windows\\System32\\cmd.exe",
      "process.hash.sha256": "0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9",
    });
    expect(evtx?.raw).toEqual(EVTX_JSON_FIXTURE);

    const [xml] = await get("SRV-TEST-02.corp.example");
    expect(xml?.format).toBe("windows-xml");
    expect(xml?.logsource).toMatchObject({ product: "windows", service: "security" });
    expect(xml?.ecs).toMatchObject({
      "user.name": "bob",
      "source.ip": "198.51.100.23",
      "event.outcome": "failure",
      "event.code": "4625",
    });
    expect(xml?.raw).toBe(WINDOWS_XML_FIXTURE);

    const [beat] = await get("WS-TEST-03.corp.example");
    expect(beat?.format).toBe("winlogbeat");
    expect(beat?.logsource).toEqual({ product: "windows", service: "sysmon", categories: ["network_connection"] });
    expect(beat?.ecs).toMatchObject({
      "user.name": "carol",
      "source.ip": "10.20.0.33",
      "destination.ip": "203.0.113.80",
      "process.executable": "C:\\Users\\carol\\AppData\\Local\\Temp\\updater.exe",
    });
    // A Sigma field of the original filters too.
    const bySigma = await json<EventPage>(
      await server.api("/api/v1/events?EventID=1&host.name=WS-TEST-01.corp.example"),
    );
    expect(bySigma.items).toHaveLength(1);
  });

  it("detects the demo intrusion and lists its alerts with rule, ATT&CK, entities and event links", async () => {
    const res = await server.ingest(SAMPLE);
    expect(res.status).toBe(200);
    const result = await json<{ accepted: number; alerts: number }>(res);
    expect(result.accepted).toBe(342);
    expect(result.alerts).toBeGreaterThan(10);
    const page = await json<{
      items: {
        id: string;
        rule: { id: string; level: string };
        tactics: string[];
        eventIds: string[];
        entities: unknown[];
      }[];
    }>(await server.api("/api/v1/alerts?limit=5"));
    expect(page.items).toHaveLength(5);
    const first = page.items[0];
    expect(first?.rule.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(first?.tactics.length).toBeGreaterThan(0);
    expect(first?.entities.length).toBeGreaterThan(0);
    const one = await server.api(`/api/v1/alerts/${first?.id}`);
    expect((await json<{ id: string }>(one)).id).toBe(first?.id);
    const linked = await server.api(`/api/v1/events/${first?.eventIds[0]}`);
    expect(linked.status).toBe(200);
    const high = await json<{ items: { rule: { level: string } }[] }>(
      await server.api("/api/v1/alerts?min_level=high&limit=1000"),
    );
    expect(high.items.every((a) => ["high", "critical"].includes(a.rule.level))).toBe(true);
    expect((await server.api("/api/v1/alerts/al_nope")).status).toBe(404);
  });

  it("keeps the good records of a mixed batch and dead-letters the bad with their reason", async () => {
    const good = JSON.stringify({
      ...EVTX_JSON_FIXTURE,
      Event: {
        ...EVTX_JSON_FIXTURE.Event,
        EventData: { ...EVTX_JSON_FIXTURE.Event.EventData, Image: "C:\\mixed.exe" },
      },
    });
    const res = await server.ingest([good, "{not json", '"a string"', good].join("\n"), "?format=evtx-json");
    expect(res.status).toBe(200);
    const body = await json<{
      accepted: number;
      deadLettered: number;
      deadLetters: { index: number; reason: string }[];
    }>(res);
    expect(body.accepted).toBe(2);
    expect(body.deadLetters.map((d) => d.index)).toEqual([1, 2]);
    const letters = await json<{ items: { index: number; reason: string; record: string }[] }>(
      await server.api("/api/v1/dead-letters?limit=2"),
    );
    expect(letters.items.map((l) => l.record).sort()).toEqual(['"a string"', "{not json"]);
    expect(letters.items.every((l) => l.reason.length > 10)).toBe(true);
    const kept = await json<EventPage>(await server.api("/api/v1/events?Image=C:%5Cmixed.exe"));
    expect(kept.items).toHaveLength(2);
  });

  it("answers a batch with no readable record with 400 and keeps it as dead letters", async () => {
    const res = await server.ingest("{bad\n[1,\n");
    expect(res.status).toBe(400);
    const body = await json<{ error: { code: string; details: unknown[] } }>(res);
    expect(body.error.code).toBe("INGEST_NO_VALID_RECORDS");
    expect(body.error.details.length).toBe(2);
    const empty = await server.ingest("  \n");
    expect(empty.status).toBe(400);
    expect((await json<{ error: { code: string } }>(empty)).error.code).toBe("INGEST_EMPTY");
    const badFormat = await server.ingest("{}", "?format=csv");
    expect(badFormat.status).toBe(400);
  });

  it("refuses an oversized body with 413 and a clear message, and keeps serving", async () => {
    const line = `${JSON.stringify(EVTX_JSON_FIXTURE)}\n`;
    const big = line.repeat(Math.ceil((11 * 1024 * 1024) / line.length));
    const res = await server.ingest(big);
    expect(res.status).toBe(413);
    const body = await json<{ error: { code: string; message: string } }>(res);
    expect(body.error.code).toBe("INGEST_TOO_LARGE");
    expect(body.error.message).toMatch(/larger than the limit/);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it("lists, disables, enables and tests rules", async () => {
    const list = await json<{ items: { id: string; title: string; enabled: boolean }[]; total: number }>(
      await server.api("/api/v1/rules?q=whoami"),
    );
    expect(list.total).toBeGreaterThan(0);
    const rule = list.items[0] as { id: string };
    const off = await server.api(`/api/v1/rules/${rule.id}/disable`, { method: "POST" });
    expect(await json(off)).toMatchObject({ id: rule.id, enabled: false });
    expect((await json<{ total: number }>(await server.api("/api/v1/rules?enabled=false"))).total).toBe(1);
    const on = await server.api(`/api/v1/rules/${rule.id}/enable`, { method: "POST" });
    expect(await json(on)).toMatchObject({ enabled: true });
    const test = await server.api(`/api/v1/rules/${rule.id}/test`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ records: [EVTX_JSON_FIXTURE, WINLOGBEAT_FIXTURE] }),
    });
    expect(test.status).toBe(200);
    expect(await json(test)).toMatchObject({ ruleId: rule.id, matches: 1 });
    expect((await server.api("/api/v1/rules/nope/disable", { method: "POST" })).status).toBe(404);
  });

  it("describes itself in OpenAPI and exposes Prometheus metrics", async () => {
    const doc = await json<{ openapi: string; paths: Record<string, unknown> }>(
      await server.api("/api/v1/openapi.json"),
    );
    expect(doc.openapi).toMatch(/^3\./);
    for (const p of [
      "/api/v1/ingest",
      "/api/v1/events",
      "/api/v1/alerts",
      "/api/v1/alerts/{id}",
      "/api/v1/rules",
      "/api/v1/dead-letters",
      "/healthz",
      "/metrics",
    ]) {
      expect(Object.keys(doc.paths)).toContain(p);
    }
    const metrics = await (await server.api("/metrics")).text();
    for (const m of [
      "tocsin_events_in_total",
      "tocsin_events_parsed_total",
      "tocsin_events_dropped_total",
      "tocsin_detections_total",
      "tocsin_ingest_queue_depth",
      "tocsin_ingest_latency_seconds_bucket",
    ]) {
      expect(metrics).toContain(m);
    }
  });

  it("answers 429 with Retry-After when the ingest queue is full", async () => {
    const small = await startTestServer({ maxInflight: 1 });
    try {
      // A request whose body never ends holds the only ingest slot.
      const { held } = holdIngestSlot(small.url);
      await new Promise((r) => setTimeout(r, 200));
      const res = await small.ingest(JSON.stringify(EVTX_JSON_FIXTURE));
      expect(res.status).toBe(429);
      expect(res.headers.get("retry-after")).toBe("1");
      expect((await json<{ error: { code: string } }>(res)).error.code).toBe("INGEST_BUSY");
      held.destroy();
      await new Promise((r) => setTimeout(r, 200));
      expect((await small.ingest(JSON.stringify(EVTX_JSON_FIXTURE))).status).toBe(200);
    } finally {
      await small.close();
    }
  });
});

describe("tocsin serve: clients that stop sending", () => {
  it("frees the ingest slot of a request whose body stops coming, once the request timeout passes", async () => {
    const small = await startTestServer({ maxInflight: 1, requestTimeoutSeconds: 1 });
    try {
      const { closed } = holdIngestSlot(small.url);
      await new Promise((r) => setTimeout(r, 200));
      expect((await small.ingest(JSON.stringify(EVTX_JSON_FIXTURE))).status).toBe(429);
      // The shipper went silent: the server closes its connection and the slot is free again.
      await closed;
      await new Promise((r) => setTimeout(r, 100));
      expect((await small.ingest(JSON.stringify(EVTX_JSON_FIXTURE))).status).toBe(200);
    } finally {
      await small.close();
    }
  });
});

describe("tocsin serve: a writer thread that dies", () => {
  it("keeps ingesting after one death, and says so on /healthz with 503 once the writer is given up on", async () => {
    const server = await startTestServer();
    try {
      const writer = server.tocsin.store.writer;
      if (!writer) throw new Error("the server runs without a writer thread");
      await writer.crashForTest();
      expect((await server.ingest(JSON.stringify(EVTX_JSON_FIXTURE))).status).toBe(200);
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      for (let i = 0; i < 5; i++) await writer.crashForTest();
      const health = await fetch(`${server.url}/healthz`);
      expect(health.status).toBe(503);
      expect(await json(health)).toMatchObject({ status: "failing", store: { ok: false, reason: expect.any(String) } });
      const refused = await server.ingest(JSON.stringify(EVTX_JSON_FIXTURE));
      expect(refused.status).toBe(503);
      expect(await json(refused)).toMatchObject({ error: { code: "INGEST_STORE_FAILED" } });
    } finally {
      await server.close();
    }
  });
});

describe("tocsin serve: restarts and imported rules", () => {
  it("keeps events, alerts and disabled rules across a restart, and picks up imported rules", async () => {
    const dir = tempDataDir();
    try {
      let server = await startTestServer({ data: dir });
      await server.ingest(SAMPLE);
      const alerts = (await json<{ items: unknown[] }>(await server.api("/api/v1/alerts?limit=1000"))).items.length;
      const ruleId = (await json<{ items: { id: string }[] }>(await server.api("/api/v1/rules?limit=1"))).items[0]?.id;
      await server.api(`/api/v1/rules/${ruleId}/disable`, { method: "POST" });
      await server.close();

      // Import a rule while the server is stopped.
      const src = join(dir, "..", `${dir.split("/").pop()}-src`);
      mkdirSync(src, { recursive: true });
      writeFileSync(
        join(src, "marker.yml"),
        "title: Marker\nid: 22222222-2222-4222-8222-222222222222\nlevel: low\nlogsource: { product: windows, category: process_creation }\ndetection:\n  s: { CommandLine|contains: 'tocsin-marker' }\n  condition: s\n",
      );
      writeFileSync(join(src, "broken.yml"), "title: [unclosed\n");
      const imported = await importRules([src], importedRulesDir(dir));
      expect(imported.loaded).toBe(1);
      expect(imported.skipped).toHaveLength(1);

      server = await startTestServer({ data: dir });
      expect((await json<{ items: unknown[] }>(await server.api("/api/v1/alerts?limit=1000"))).items.length).toBe(
        alerts,
      );
      expect(await json(await server.api(`/api/v1/rules/${ruleId}`))).toMatchObject({ enabled: false });
      expect((await server.api("/api/v1/rules/22222222-2222-4222-8222-222222222222")).status).toBe(200);
      const marker = {
        ...EVTX_JSON_FIXTURE,
        Event: {
          ...EVTX_JSON_FIXTURE.Event,
          EventData: { ...EVTX_JSON_FIXTURE.Event.EventData, CommandLine: "x tocsin-marker" },
        },
      };
      await server.ingest(JSON.stringify(marker));
      const found = await json<{ items: unknown[] }>(
        await server.api("/api/v1/alerts?rule_id=22222222-2222-4222-8222-222222222222"),
      );
      expect(found.items).toHaveLength(1);
      await server.close();
      rmSync(src, { recursive: true, force: true });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("keeps correlation windows across a restart", async () => {
    const dir = tempDataDir();
    const failures = (from: number, count: number) =>
      Array.from({ length: count }, (_, i) =>
        WINDOWS_XML_FIXTURE.replace(
          "<EventRecordID>88120</EventRecordID>",
          `<EventRecordID>${from + i}</EventRecordID>`,
        ),
      ).join("\n");
    const burst = "5f89fb53-db03-4cac-b4f9-9590fe4cfb68";
    try {
      let server = await startTestServer({ data: dir });
      expect((await server.ingest(failures(1, 6), "", "application/xml")).status).toBe(200);
      expect(
        (await json<{ items: unknown[] }>(await server.api(`/api/v1/alerts?rule_id=${burst}`))).items,
      ).toHaveLength(0);
      await server.close();
      server = await startTestServer({ data: dir });
      expect((await server.ingest(failures(7, 4), "", "application/xml")).status).toBe(200);
      const alerts = await json<{
        items: { eventIds: string[]; correlation?: { group: Record<string, string>; value: number } }[];
      }>(await server.api(`/api/v1/alerts?rule_id=${burst}`));
      expect(alerts.items).toHaveLength(1);
      expect(alerts.items[0]?.correlation).toMatchObject({ group: { IpAddress: "198.51.100.23" }, value: 10 });
      // The six failures before the restart are linked too, by the ids they were stored under.
      const ids = alerts.items[0]?.eventIds ?? [];
      expect(new Set(ids).size).toBe(10);
      for (const id of ids) expect((await server.api(`/api/v1/events/${id}`)).status).toBe(200);
      await server.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
