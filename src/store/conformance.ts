import { describe, expect, it } from "vitest";
import type { Alert } from "../alerts/index.js";
import type { DeadLetter, NewEvent, TocsinStore } from "../ingest/index.js";

/** Builds a fresh, empty store for one test. */
export type StoreFactory = () => Promise<TocsinStore> | TocsinStore;

const DAY = 86_400_000;

/** An event with its time, received time and host. */
export function sampleEvent(n: number, options: { ts?: string; received?: string; host?: string } = {}): NewEvent {
  const ts = options.ts ?? new Date(Date.UTC(2026, 10, 20, 8, 0, n)).toISOString();
  return {
    id: `ev_${String(n).padStart(8, "0")}`,
    timestamp: ts,
    receivedAt: options.received ?? ts,
    logsource: {
      product: "windows",
      service: n % 2 === 0 ? "security" : "sysmon",
      categories: n % 2 === 0 ? [] : ["process_creation"],
    },
    format: "evtx-json",
    ecs: {
      "host.name": options.host ?? `HOST-${n % 3}`,
      "user.name": `user${n % 4}`,
      "event.code": n % 2 === 0 ? 4625 : 1,
    },
    rawJson: JSON.stringify({
      Event: {
        System: {
          EventID: n % 2 === 0 ? 4625 : 1,
          Channel: n % 2 === 0 ? "Security" : "Microsoft-Windows-Sysmon/Operational",
          Computer: `HOST-${n % 3}`,
        },
        EventData: { Image: `C:\\Windows\\tool${n}.exe`, Seq: n },
      },
    }),
  };
}

function sampleAlert(n: number, level: Alert["rule"]["level"], host: string): Alert {
  const t = new Date(Date.UTC(2026, 10, 20, 9, 0, n)).toISOString();
  return {
    id: `al_${String(n).padStart(8, "0")}`,
    rule: { id: `rule-${n % 2}`, title: `Rule ${n % 2}`, level, tags: ["attack.execution"] },
    tactics: ["Execution"],
    techniques: ["T1059"],
    entities: [{ type: "host", value: host, field: "host.name" }],
    eventIds: [`ev_${String(n).padStart(8, "0")}`],
    firstSeen: t,
    lastSeen: t,
    createdAt: t,
  };
}

function letter(n: number): DeadLetter {
  return {
    id: `dl_${String(n).padStart(8, "0")}`,
    receivedAt: new Date(Date.UTC(2026, 10, 20)).toISOString(),
    index: n,
    line: n + 1,
    code: "INGEST_BAD_JSON",
    reason: "not valid JSON",
    record: "{bad",
  };
}

/**
 * Defines the conformance tests every store adapter passes: durable batch commits, event
 * queries by time, log source and field, paging with cursors, retention by whole days, alerts
 * and their filters, dead letters, state.
 *
 * @example runStoreConformance("memory", () => new MemoryStore());
 */
export function runStoreConformance(name: string, factory: StoreFactory): void {
  describe(`store conformance: ${name}`, () => {
    it("commits a batch's events, alerts and dead letters together and reads them back", async () => {
      const store = await factory();
      const events = [0, 1, 2].map((n) => sampleEvent(n));
      await store.commitBatch({ events, alerts: [sampleAlert(1, "high", "HOST-1")], deadLetters: [letter(0)] });
      expect(await store.countEvents()).toBe(3);
      expect(await store.countAlerts()).toBe(1);
      expect(await store.countDeadLetters()).toBe(1);
      const got = await store.getEvent("ev_00000001");
      expect(got?.ecs["host.name"]).toBe("HOST-1");
      expect(got?.logsource).toEqual({ product: "windows", service: "sysmon", categories: ["process_creation"] });
      expect((got?.raw as { Event: { EventData: { Seq: number } } } | undefined)?.Event.EventData.Seq).toBe(1);
      expect(await store.getEvent("ev_missing")).toBeUndefined();
      expect((await store.getAlert("al_00000001"))?.rule.level).toBe("high");
      await store.close();
    });

    it("lists events newest first and pages through them with cursors, each once", async () => {
      const store = await factory();
      await store.appendEvents(Array.from({ length: 25 }, (_, n) => sampleEvent(n)));
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await store.queryEvents({ limit: 10, ...(cursor ? { cursor } : {}) });
        seen.push(...page.items.map((e) => e.id));
        cursor = page.next;
        pages++;
      } while (cursor);
      expect(pages).toBe(3);
      expect(seen).toEqual(Array.from({ length: 25 }, (_, n) => `ev_${String(24 - n).padStart(8, "0")}`));
      await store.close();
    });

    it("filters events by time range, log source, ECS field and Sigma field", async () => {
      const store = await factory();
      await store.appendEvents(Array.from({ length: 12 }, (_, n) => sampleEvent(n)));
      const t = (s: number) => new Date(Date.UTC(2026, 10, 20, 8, 0, s)).toISOString();
      const range = await store.queryEvents({ from: t(3), to: t(6), limit: 100 });
      expect(range.items.map((e) => e.id)).toEqual(["ev_00000005", "ev_00000004", "ev_00000003"]);
      const sysmon = await store.queryEvents({ service: "sysmon", limit: 100 });
      expect(sysmon.items).toHaveLength(6);
      const category = await store.queryEvents({ category: "process_creation", limit: 100 });
      expect(category.items).toHaveLength(6);
      const host = await store.queryEvents({ fields: { "host.name": "host-2" }, limit: 100 });
      expect(host.items.map((e) => e.id).sort()).toEqual(["ev_00000002", "ev_00000005", "ev_00000008", "ev_00000011"]);
      const code = await store.queryEvents({ fields: { "event.code": "4625", "user.name": "user0" }, limit: 100 });
      expect(code.items.map((e) => e.id).sort()).toEqual(["ev_00000000", "ev_00000004", "ev_00000008"]);
      const image = await store.queryEvents({ fields: { Image: "c:\\windows\\tool7.exe" }, limit: 100 });
      expect(image.items.map((e) => e.id)).toEqual(["ev_00000007"]);
      const eventId = await store.queryEvents({ fields: { EventID: "1" }, limit: 100 });
      expect(eventId.items).toHaveLength(6);
      await store.close();
    });

    it("keeps the fields a log format read from a text record, and filters on them by literal or nested name", async () => {
      const store = await factory();
      const line = "2026-11-20T08:00:00Z jump-01 sshd[811]: Failed password for root from 203.0.113.77 port 50122 ssh2";
      const zeek = "1763625600.1\tC1\t10.20.1.57\t51000\t10.0.0.53\t53\tudp\tsso.c0rp.example";
      await store.appendEvents([
        {
          ...sampleEvent(1),
          format: "linux-auth",
          rawJson: JSON.stringify(line),
          fieldsJson: JSON.stringify({ program: "sshd", syslog: { hostname: "jump-01" }, msg: line.slice(40) }),
        },
        {
          ...sampleEvent(2),
          format: "zeek",
          rawJson: JSON.stringify(zeek),
          fieldsJson: JSON.stringify({ "id.orig_h": "10.20.1.57", query: "sso.c0rp.example" }),
        },
        sampleEvent(3),
      ]);
      const byProgram = await store.queryEvents({ fields: { program: "SSHD" }, limit: 10 });
      expect(byProgram.items.map((e) => e.id)).toEqual(["ev_00000001"]);
      expect(byProgram.items[0]?.raw).toBe(line);
      expect(byProgram.items[0]?.fields).toMatchObject({ program: "sshd" });
      const nested = await store.queryEvents({ fields: { "syslog.hostname": "jump-01" }, limit: 10 });
      expect(nested.items.map((e) => e.id)).toEqual(["ev_00000001"]);
      const literal = await store.queryEvents({
        fields: { "id.orig_h": "10.20.1.57", query: "sso.c0rp.example" },
        limit: 10,
      });
      expect(literal.items.map((e) => e.id)).toEqual(["ev_00000002"]);
      const zeekOnly = await store.queryEvents({ format: "zeek", limit: 10 });
      expect(zeekOnly.items.map((e) => e.id)).toEqual(["ev_00000002"]);
      const windows = await store.getEvent("ev_00000003");
      expect(windows?.fields).toBeUndefined();
      await store.close();
    });

    it("prunes whole days of events received before the retention cut", async () => {
      const store = await factory();
      const base = Date.UTC(2026, 10, 1, 12);
      const events = [0, 1, 2, 3, 4].map((d) =>
        sampleEvent(d, { received: new Date(base + d * DAY).toISOString(), ts: new Date(base).toISOString() }),
      );
      await store.appendEvents(events);
      // The cut falls mid-day 3: days 0-2 go, day 3 (received at noon, before the cut) stays whole.
      const removed = await store.pruneEventsBefore(new Date(base + 3 * DAY + 3_600_000).toISOString());
      expect(removed).toBe(3);
      expect(await store.countEvents()).toBe(2);
      expect(await store.getEvent("ev_00000003")).toBeDefined();
      await store.close();
    });

    it("lists alerts newest first with rule, level, minimum level and entity filters and paging", async () => {
      const store = await factory();
      await store.appendAlerts([
        sampleAlert(1, "low", "HOST-A"),
        sampleAlert(2, "high", "HOST-B"),
        sampleAlert(3, "critical", "HOST-A"),
        sampleAlert(4, "medium", "HOST-C"),
      ]);
      const all = await store.queryAlerts({ limit: 10 });
      expect(all.items.map((a) => a.id)).toEqual(["al_00000004", "al_00000003", "al_00000002", "al_00000001"]);
      expect((await store.queryAlerts({ ruleId: "rule-1", limit: 10 })).items.map((a) => a.id)).toEqual([
        "al_00000003",
        "al_00000001",
      ]);
      expect((await store.queryAlerts({ minLevel: "high", limit: 10 })).items).toHaveLength(2);
      expect((await store.queryAlerts({ level: "medium", limit: 10 })).items).toHaveLength(1);
      expect((await store.queryAlerts({ entity: "host-a", limit: 10 })).items).toHaveLength(2);
      const first = await store.queryAlerts({ limit: 3 });
      expect(first.next).toBeDefined();
      const second = await store.queryAlerts({ limit: 3, ...(first.next ? { cursor: first.next } : {}) });
      expect(second.items.map((a) => a.id)).toEqual(["al_00000001"]);
      expect(second.next).toBeUndefined();
      await store.close();
    });

    it("keeps dead letters with their reason, newest first", async () => {
      const store = await factory();
      await store.appendDeadLetters([letter(0), letter(1), letter(2)]);
      const page = await store.queryDeadLetters({ limit: 2 });
      expect(page.items.map((d) => d.index)).toEqual([2, 1]);
      expect(page.items[0]?.reason).toBe("not valid JSON");
      const rest = await store.queryDeadLetters({ limit: 2, ...(page.next ? { cursor: page.next } : {}) });
      expect(rest.items.map((d) => d.index)).toEqual([0]);
      await store.close();
    });

    it("prunes the dead letters received before the retention cut", async () => {
      const store = await factory();
      const at = (day: number, n: number) => ({
        ...letter(n),
        receivedAt: new Date(Date.UTC(2026, 10, 20 + day, 12)).toISOString(),
      });
      await store.appendDeadLetters([at(0, 0), at(1, 1), at(2, 2), at(3, 3)]);
      expect(await store.pruneDeadLettersBefore(new Date(Date.UTC(2026, 10, 22)).toISOString())).toBe(2);
      expect((await store.queryDeadLetters({ limit: 10 })).items.map((d) => d.index)).toEqual([3, 2]);
      expect(await store.pruneDeadLettersBefore(new Date(Date.UTC(2026, 10, 22)).toISOString())).toBe(0);
      await store.close();
    });

    it("stores state as JSON by key, replacing older values", async () => {
      const store = await factory();
      expect(await store.getState("engine")).toBeUndefined();
      await store.putState("engine", { version: 1, windows: { a: [1, 2] } });
      await store.putState("engine", { version: 1, windows: {} });
      expect(await store.getState("engine")).toEqual({ version: 1, windows: {} });
      await store.close();
    });
  });
}
