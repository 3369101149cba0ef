import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import type { Alert } from "../../alerts/index.js";
import type { AlertQuery, TocsinStore } from "../../ingest/index.js";
import { levelRank } from "../../sigma/index.js";
import { MemoryStore } from "../memory/memory-store.js";
import { keysOfAlert } from "./alert-keys.js";
import { pageIds, randomBatches, randomInts, storedMark, tableCount, databaseAtVersion } from "./shuffled-events.js";
import { type SqliteStore, openSqliteStore } from "./sqlite-store.js";

const dir = mkdtempSync(join(tmpdir(), "tocsin-alert-keys-"));
let n = 0;
const dbPath = () => join(dir, `db-${n++}`, "tocsin.db");
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const NEVER = 1e9;
const LEVELS = ["low", "medium", "high", "critical"] as const;

/** Alerts of a few rules over hosts and users in mixed case (one not ASCII), at times out of order. */
function shuffledAlerts(count: number, seed: number, first = 0): Alert[] {
  const next = randomInts(seed);
  return Array.from({ length: count }, (_, i) => {
    const t = new Date(Date.UTC(2026, 10, 20, next(48), next(60))).toISOString();
    const host = ["WS-01", "ws-02", "ÄB-Host", "dc-01"][next(4)] as string;
    const entities: Alert["entities"] = [
      { type: "host", value: host, field: "host.name" },
      ...(next(3) > 0 ? [{ type: "user" as const, value: `User${next(3)}`, field: "user.name" }] : []),
    ];
    const rule = next(5);
    return {
      id: `al_${String(first + i).padStart(8, "0")}`,
      rule: { id: `rule-${rule}`, title: `Rule ${rule}`, level: LEVELS[next(4)] as Alert["rule"]["level"], tags: [] },
      tactics: [],
      techniques: [],
      entities,
      eventIds: [],
      firstSeen: t,
      lastSeen: t,
      createdAt: t,
    };
  });
}

function allAlertPages(store: TocsinStore, query: Omit<AlertQuery, "cursor">): Promise<string[]> {
  return pageIds((q) => store.queryAlerts(q), query);
}

/** Stores an alert as the writer did before alert keys, without them; returns its `seq`. */
function insertBare(db: BetterSqlite3.Database, a: Alert): number {
  const { lastInsertRowid } = db
    .prepare(
      `INSERT INTO alerts (id, rule_id, level, level_rank, first_seen, last_seen, created, body)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      a.id,
      a.rule.id,
      a.rule.level,
      levelRank(a.rule.level),
      a.firstSeen,
      a.lastSeen,
      a.createdAt,
      JSON.stringify(a),
    );
  return Number(lastInsertRowid);
}

const QUERIES: Omit<AlertQuery, "cursor">[] = [
  { limit: 7 },
  { limit: 6, entity: "ws-01" },
  { limit: 5, entity: "äb-HOST" },
  { limit: 9, entity: "user2" },
  { limit: 4, ruleId: "rule-3" },
  { limit: 8, ruleId: "rule-1", entity: "DC-01" },
  { limit: 3, entity: "ws-02", from: "2026-11-20T12:00:00.000Z", to: "2026-11-21T12:00:00.000Z" },
  { limit: 10, ruleId: "rule-0", minLevel: "high" },
  { limit: 10, entity: "user1", level: "low" },
  { limit: 5, entity: "nobody" },
  { limit: 6, from: "2026-11-20T09:00:00.000Z", to: "2026-11-20T11:00:00.000Z" },
  { limit: 20, from: "2026-11-21T00:00:00.000Z", minLevel: "critical" },
  { limit: 7, to: "2026-11-20T03:00:00.000Z" },
];

const count = tableCount;
const mark = (store: SqliteStore) => storedMark(store, "alert_keys_mark");

async function expectSameAlerts(sqlite: SqliteStore, memory: MemoryStore): Promise<void> {
  for (const query of QUERIES) {
    expect(await allAlertPages(sqlite, query), JSON.stringify(query)).toEqual(await allAlertPages(memory, query));
  }
}

describe("alert keys", () => {
  for (const writerThread of [false, true]) {
    it(`list alerts by rule and entity as the memory store does while some wait past the mark (${writerThread ? "writer thread" : "one connection"})`, async () => {
      const alerts = shuffledAlerts(900, 31);
      const sqlite = openSqliteStore({ path: dbPath(), writerThread, alertKeys: { every: 100, idleMs: NEVER } });
      const memory = new MemoryStore();
      for (const batch of randomBatches(alerts, 13, 40)) {
        for (const store of [sqlite, memory]) await store.appendAlerts(batch);
      }
      const upto = mark(sqlite);
      expect(upto).toBeGreaterThan(700);
      expect(upto).toBeLessThan(alerts.length);
      const keyed = alerts.slice(0, upto).reduce((sum, a) => sum + keysOfAlert(a).length, 0);
      expect(count(sqlite, "alert_keys")).toBe(keyed);
      await expectSameAlerts(sqlite, memory);
      await sqlite.close();
    });
  }

  it("answer a time range holding more alerts than are sorted at once along the alerts, as the memory store does", async () => {
    const alerts = shuffledAlerts(10_300, 41);
    const sqlite = openSqliteStore({ path: dbPath(), alertKeys: { every: 2000, idleMs: NEVER } });
    const memory = new MemoryStore();
    for (const store of [sqlite, memory]) await store.appendAlerts(alerts);
    for (const query of [
      { limit: 15, from: "2026-11-20T00:00:00.000Z" },
      { limit: 15, from: "2026-11-20T00:00:00.000Z", to: "2026-11-21T23:00:00.000Z", minLevel: "high" as const },
    ]) {
      const first = await sqlite.queryAlerts(query);
      const expected = await memory.queryAlerts(query);
      expect(first.items.map((a) => a.id)).toEqual(expected.items.map((a) => a.id));
      const second = await sqlite.queryAlerts({ ...query, cursor: first.next as string });
      const expectedSecond = await memory.queryAlerts({ ...query, cursor: expected.next as string });
      expect(second.items.map((a) => a.id)).toEqual(expectedSecond.items.map((a) => a.id));
    }
    await sqlite.close();
  });

  it("never take an entity value holding the key separator for another key, before or after they are written", async () => {
    const [plain, hostile] = shuffledAlerts(2, 51) as [Alert, Alert];
    const sneaky: Alert = {
      ...hostile,
      entities: [{ type: "host", value: "x\u0001entity:ws-01\u0001rule:rule-9", field: "host.name" }],
    };
    const alerts: Alert[] = [{ ...plain, entities: [{ type: "host", value: "WS-01", field: "host.name" }] }, sneaky];
    const sqlite = openSqliteStore({ path: dbPath(), alertKeys: { every: NEVER, idleMs: NEVER } });
    const memory = new MemoryStore();
    for (const store of [sqlite, memory]) await store.appendAlerts(alerts);
    const queries: Omit<AlertQuery, "cursor">[] = [
      { limit: 1, entity: "ws-01" },
      { limit: 5, entity: "ws-01" },
      { limit: 5, entity: "X\u0001entity:WS-01\u0001rule:rule-9" },
    ];
    for (const query of queries) {
      const expected = await allAlertPages(memory, query);
      expect(expected.length).toBe(1);
      expect(await allAlertPages(sqlite, query)).toEqual(expected);
    }
    await sqlite.close();
    const reopened = openSqliteStore({ path: join(dir, `db-${n - 1}`, "tocsin.db") });
    expect(mark(reopened)).toBe(2);
    for (const query of queries)
      expect(await allAlertPages(reopened, query)).toEqual(await allAlertPages(memory, query));
    await reopened.close();
  });

  it("are written once the writer has been idle a moment, and when the store closes", async () => {
    const path = dbPath();
    const idle = openSqliteStore({ path, writerThread: true, alertKeys: { every: NEVER, idleMs: 20 } });
    await idle.appendAlerts(shuffledAlerts(10, 3));
    for (let i = 0; i < 100 && mark(idle) < 10; i++) await new Promise((r) => setTimeout(r, 10));
    expect(mark(idle)).toBe(10);
    await idle.close();
    const closing = openSqliteStore({ path, alertKeys: { every: NEVER, idleMs: NEVER } });
    await closing.appendAlerts(shuffledAlerts(5, 4, 10));
    expect(mark(closing)).toBe(10);
    await closing.close();
    const raw = new BetterSqlite3(path);
    expect(raw.prepare("SELECT upto FROM alert_keys_mark").get()).toEqual({ upto: 15 });
    raw.close();
  });

  it("are written at the next start for alerts a crash left without them, and not for a batch that failed", async () => {
    const path = dbPath();
    const alerts = shuffledAlerts(70, 5);
    const store = openSqliteStore({ path, alertKeys: { every: 20, idleMs: NEVER } });
    await store.appendAlerts(alerts.slice(0, 30));
    // A batch whose second alert's id is taken by its first: nothing of it is kept, keys neither
    // (the next batch's alerts get the numbers it had).
    const taken = { ...(alerts[68] as Alert), id: (alerts[69] as Alert).id };
    await expect(store.appendAlerts([alerts[69] as Alert, taken])).rejects.toThrow(/UNIQUE/);
    await store.appendAlerts(alerts.slice(30, 55));
    await store.appendAlerts(alerts.slice(55, 60));
    expect(mark(store)).toBe(55);
    // As after a crash: the process ends without writing the keys of the last five, and ten more
    // alerts are stored without keys.
    store.db.close();
    const raw = new BetterSqlite3(path);
    for (const a of alerts.slice(60)) insertBare(raw, a);
    raw.close();
    const reopened = openSqliteStore({ path, alertKeys: { every: NEVER, idleMs: NEVER } });
    expect(mark(reopened)).toBe(70);
    expect(count(reopened, "alert_keys")).toBe(alerts.reduce((sum, a) => sum + keysOfAlert(a).length, 0));
    const memory = new MemoryStore();
    await memory.appendAlerts(alerts);
    await expectSameAlerts(reopened, memory);
    await reopened.close();
  });

  it("are built for the alerts of a database made before them, from its rule column and entity rows", async () => {
    const path = dbPath();
    const old = databaseAtVersion(path, 4);
    const alerts = shuffledAlerts(300, 6);
    const entity = old.prepare("INSERT INTO alert_entities (alert_seq, value) VALUES (?, ?)");
    for (const a of alerts) {
      const seq = insertBare(old, a);
      for (const v of new Set(a.entities.map((e) => e.value.toLowerCase()))) entity.run(seq, v);
    }
    old.close();
    const store = openSqliteStore({ path });
    expect(mark(store)).toBe(300);
    const tables = store.db.prepare("SELECT name FROM sqlite_master WHERE name LIKE 'alert%'").all();
    expect(tables.map((t) => (t as { name: string }).name).sort()).toEqual(["alert_keys", "alert_keys_mark", "alerts"]);
    const memory = new MemoryStore();
    await memory.appendAlerts(alerts);
    await expectSameAlerts(store, memory);
    await store.close();
  });
});
