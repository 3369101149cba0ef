import { setTimeout as delay } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_FEEDS, DEMO_SAMPLE, loadDemoRecords, startDemo } from "../src/app/demo.js";
import { TEST_TOKEN, type TestServer, startTestServer } from "./support/server.js";

// The demo against the real server: every file posted with its ?format=, nothing dead-lettered,
// and the network, firewall, sign-in and SSH rules raising their alerts from the replayed logs.

/** Alerts the replayed network and identity logs raise, by rule title. */
const NETWORK_ALERTS: Readonly<Record<string, number>> = {
  "DNS Lookup of a Look-Alike of the Corporate Domain": 3,
  "Executable or Script Downloaded Over HTTP From a Bare IP Address": 4,
  "Upload to a Paste or File-Sharing Service Over HTTP": 1,
  "Beaconing From an Internal Host to One External Address": 4,
  "Remote Administration Protocol Allowed From the Workstation Zone": 1,
  "Workstation Connection to the Internet Allowed on an Unusual Port": 2,
  "Successful Entra ID Sign-In Rated Risky": 2,
  "Successful Entra ID Sign-In From Outside the Company's Countries": 2,
  "MFA Fatigue - Denied Pushes Followed by an Accepted One": 1,
  "SSH Brute Force Followed by a Successful Login From the Same Address": 1,
};

describe("tocsin serve --demo", () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it("replays every log of the intrusion through the ingest API, all accepted, and alerts on each", async () => {
    const total = loadDemoRecords([{ file: DEMO_SAMPLE, format: "evtx-json" }, ...DEMO_FEEDS]).length;
    const logged: string[] = [];
    const demo = startDemo({
      url: server.url,
      token: TEST_TOKEN,
      playSeconds: 1,
      backgroundPerSecond: 0,
      log: (line) => logged.push(line),
    });
    try {
      for (let waited = 0; demo.sent() < total && waited < 40_000; waited += 100) await delay(100);
    } finally {
      await demo.stop();
    }
    expect(demo.sent()).toBe(total);
    expect(logged.filter((l) => l.includes("dead-lettered") || l.includes("answered"))).toEqual([]);
    const dead = (await (await server.api("/api/v1/dead-letters")).json()) as { items: unknown[] };
    expect(dead.items).toEqual([]);

    const alerts = (await (await server.api("/api/v1/alerts?limit=1000")).json()) as {
      items: { rule: { title: string } }[];
    };
    const counts: Record<string, number> = {};
    for (const a of alerts.items)
      if (a.rule.title in NETWORK_ALERTS) counts[a.rule.title] = (counts[a.rule.title] ?? 0) + 1;
    expect(counts).toEqual(NETWORK_ALERTS);
  }, 60_000);
});
