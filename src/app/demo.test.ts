import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as delay } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { decodeBody, formatById } from "../ingest/index.js";
import { DEMO_FEEDS, DEMO_SAMPLE, demoSchedule, loadDemoRecords, retimed, startDemo } from "./demo.js";

describe("the demo generator", () => {
  it("plays the quiet first quarter in seconds and the rest compressed, gaps cut", () => {
    const min = 60_000;
    const times = [0, 10 * min, 29 * min, 30 * min, 31 * min, 100 * min, 120 * min].map((t) => t + 1e12);
    const o = demoSchedule(times, 60);
    expect(o[0]).toBe(0);
    expect(o[2]).toBeLessThan(3000);
    expect(o[3]).toBeGreaterThanOrEqual(3000);
    // Ordered, and never more than 1.5 s between two events.
    for (let i = 1; i < o.length; i++) {
      expect(o[i] as number).toBeGreaterThanOrEqual(o[i - 1] as number);
      expect((o[i] as number) - (o[i - 1] as number)).toBeLessThanOrEqual(3000);
    }
    expect(o[o.length - 1]).toBeLessThan(70_000);
  });

  it("moves an evtx-JSON event to another time without touching the original", () => {
    const event = {
      Event: {
        System: { TimeCreated: { "#attributes": { SystemTime: "2026-11-20T08:31:12.054713Z" } }, EventRecordID: 1 },
        EventData: { UtcTime: "2026-11-20 08:31:12.050" },
      },
    };
    const moved = retimed(event, Date.parse("2027-01-02T03:04:05.678Z"), 99) as typeof event;
    expect(moved.Event.System.TimeCreated["#attributes"].SystemTime).toBe("2027-01-02T03:04:05.678000Z");
    expect(moved.Event.EventData.UtcTime).toBe("2027-01-02 03:04:05.678");
    expect(moved.Event.System.EventRecordID).toBe(99);
    expect(event.Event.System.EventRecordID).toBe(1);
  });
});

describe("the demo's network, firewall and sign-in logs", () => {
  const feeds = [{ file: DEMO_SAMPLE, format: "evtx-json" }, ...DEMO_FEEDS];
  const windowStart = Date.parse("2026-11-20T08:31:12Z");
  const windowEnd = Date.parse("2026-11-20T10:27:47Z");

  it("reads a time from every record of every file, all within the Windows sample's window", () => {
    for (const feed of feeds) {
      const lines = readFileSync(feed.file, "utf8")
        .split("\n")
        .filter((l) => l.trim() !== "");
      const records = loadDemoRecords([feed]);
      expect(records.length, feed.file).toBe(lines.length);
      for (const r of records) {
        expect(r.time, feed.file).toBeGreaterThanOrEqual(windowStart);
        expect(r.time, feed.file).toBeLessThanOrEqual(windowEnd);
      }
    }
    expect(DEMO_FEEDS.map((f) => f.format).sort()).toEqual(["cef", "entra", "linux-auth", "zeek", "zeek", "zeek"]);
  });

  it("replays every file through the ingest API with its format, in time order, all records accepted", async () => {
    const requests: { format: string; contentType: string; body: string }[] = [];
    const api = createServer((req, res) => {
      let body = "";
      req.setEncoding("utf8");
      req.on("data", (chunk: string) => {
        body += chunk;
      });
      req.on("end", () => {
        const url = new URL(req.url ?? "/", "http://demo.test");
        const format = url.searchParams.get("format") ?? "";
        requests.push({ format, contentType: req.headers["content-type"] ?? "", body });
        // What the ingest route does with the body: decode it as the named format.
        const choice = formatById(format);
        const records = choice ? decodeBody(body, { format: choice }).records : [];
        const dead = records.filter((r) => !r.ok).length;
        res.setHeader("content-type", "application/json");
        res.end(JSON.stringify({ received: records.length, accepted: records.length - dead, deadLettered: dead }));
      });
    });
    await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));
    const { port } = api.address() as AddressInfo;
    const logged: string[] = [];
    const total = loadDemoRecords(feeds).length;
    const demo = startDemo({
      url: `http://127.0.0.1:${port}`,
      token: "t",
      playSeconds: 1,
      backgroundPerSecond: 0,
      log: (line) => logged.push(line),
    });
    try {
      for (let waited = 0; demo.sent() < total && waited < 30_000; waited += 100) await delay(100);
    } finally {
      await demo.stop();
      await new Promise((resolve) => api.close(resolve));
    }
    expect(demo.sent()).toBe(total);
    expect(logged.filter((l) => l.includes("dead-lettered") || l.includes("answered"))).toEqual([]);

    const perFormat = new Map<string, number>();
    let lastTime = 0;
    for (const r of requests) {
      const choice = formatById(r.format);
      expect(choice, r.format).toBeDefined();
      expect(r.contentType).toBe(["cef", "linux-auth"].includes(r.format) ? "text/plain" : "application/x-ndjson");
      const decoded = decodeBody(r.body, { ...(choice ? { format: choice } : {}) }).records;
      expect(decoded.filter((d) => !d.ok)).toEqual([]);
      perFormat.set(r.format, (perFormat.get(r.format) ?? 0) + decoded.length);
      // Each request's records are moved to the present, in the order the demo plays them.
      for (const d of decoded) {
        const time = d.ok ? Date.parse(d.prepared?.event.timestamp ?? "") : Number.NaN;
        if (d.ok && d.prepared) {
          expect(time).toBeGreaterThan(Date.now() - 120_000);
          expect(time).toBeGreaterThanOrEqual(lastTime - 2000);
          lastTime = Math.max(lastTime, time);
        }
      }
    }
    const count = (format: string) =>
      feeds.filter((f) => f.format === format).reduce((n, f) => n + loadDemoRecords([f]).length, 0);
    expect(Object.fromEntries(perFormat)).toEqual({
      "evtx-json": count("evtx-json"),
      zeek: count("zeek"),
      cef: count("cef"),
      entra: count("entra"),
      "linux-auth": count("linux-auth"),
    });
  }, 40_000);
});
