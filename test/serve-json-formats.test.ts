import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveConfig } from "../src/app/config.js";
import { type TestServer, startTestServer } from "./support/server.js";

const MAPPING = {
  logsource: { product: "acme", category: "firewall" },
  timestamp: { field: "ts", format: "epoch_s" },
  ecs: {
    "source.ip": "net.src",
    "destination.ip": "net.dst",
    "destination.port": "net.dport",
    "event.action": "verdict",
  },
  rename: { "net.dport": "dst_port", verdict: "action" },
};

const RULE = `title: ACME firewall lets RDP out
id: 7d7e63c4-8f2a-4d53-9a4e-2b8f0c0d1a11
status: test
description: an outbound RDP connection allowed by the ACME firewall (test rule)
logsource:
  product: acme
  category: firewall
detection:
  selection:
    dst_port: 3389
    action: allow
  condition: selection
level: high
tags:
  - attack.lateral_movement
  - attack.t1021.001
`;

describe("tocsin serve: JSON formats added by configuration", () => {
  let server: TestServer;
  let rules: string;

  beforeAll(async () => {
    rules = mkdtempSync(join(tmpdir(), "tocsin-mapped-rules-"));
    writeFileSync(join(rules, "acme.yml"), RULE);
    server = await startTestServer({ jsonFormats: { "acme-fw": MAPPING }, rules: [rules] });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(rules, { recursive: true, force: true });
  });

  it("reads records of a configured id with its log source, time, ECS fields and renamed fields, and runs rules on them", async () => {
    const body = [
      { ts: 1795000000.5, net: { src: "10.1.2.3", dst: "198.51.100.7", dport: 3389 }, verdict: "allow" },
      { ts: 1795000001, net: { src: "10.1.2.4", dst: "198.51.100.8", dport: 443 }, verdict: "allow" },
    ]
      .map((r) => JSON.stringify(r))
      .join("\n");
    const res = await server.ingest(body, "?format=acme-fw&ids=true");
    expect(res.status).toBe(200);
    const reply = (await res.json()) as { accepted: number; alerts: number; ids: string[] };
    expect(reply).toMatchObject({ accepted: 2, alerts: 1 });
    const event = (await (await server.api(`/api/v1/events/${reply.ids[0]}`)).json()) as Record<string, unknown>;
    expect(event).toMatchObject({
      format: "acme-fw",
      logsource: { product: "acme", categories: ["firewall"] },
      timestamp: new Date(1795000000500).toISOString(),
      ecs: {
        "source.ip": "10.1.2.3",
        "destination.ip": "198.51.100.7",
        "destination.port": 3389,
        "event.action": "allow",
      },
    });
  });

  it("names configured formats among the known ones when an unknown one is asked for", async () => {
    const res = await server.ingest("{}", "?format=acme-nope");
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { details: { known: string[] } } };
    expect(body.error.details.known).toContain("acme-fw");
  });

  it("refuses a bad mapping or a taken id at start, naming the entry", () => {
    expect(() => resolveConfig({ flags: { jsonFormats: { zeek: MAPPING } } })).toThrow(/zeek is a built-in format/);
    expect(() =>
      resolveConfig({ flags: { jsonFormats: { x: { ...MAPPING, timestamp: { field: "ts", format: "unix" } } } } }),
    ).toThrow(/jsonFormats\.x: .*timestamp/);
    expect(() => resolveConfig({ env: { TOCSIN_JSON_FORMATS: "{not json" } })).toThrow(/JSON object/);
    expect(
      resolveConfig({ env: { TOCSIN_JSON_FORMATS: JSON.stringify({ "acme-fw": MAPPING }) } }).jsonFormats,
    ).toHaveProperty("acme-fw");
  });
});
