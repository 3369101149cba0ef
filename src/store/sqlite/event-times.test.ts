import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { MemoryStore } from "../memory/memory-store.js";
import {
  MIXED_QUERIES,
  allPages,
  randomBatches,
  shuffledEvents,
  storedMark,
  tableCount,
  databaseAtVersion,
} from "./shuffled-events.js";
import { type SqliteStore, openSqliteStore } from "./sqlite-store.js";

const dir = mkdtempSync(join(tmpdir(), "tocsin-times-"));
let n = 0;
const dbPath = () => join(dir, `db-${n++}`, "tocsin.db");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const count = tableCount;
const mark = (store: SqliteStore) => storedMark(store, "event_times_mark");
const OLD = "2026-10-01T12:00:00.000Z";
const NEVER = 1e9;

describe("the time index", () => {
  for (const writerThread of [false, true]) {
    it(`lists events as the memory store does while some wait past the mark (${writerThread ? "writer thread" : "one connection"})`, async () => {
      const events = shuffledEvents(1500, 21);
      const sqlite = openSqliteStore({ path: dbPath(), writerThread, timeIndex: { every: 200, idleMs: NEVER } });
      const memory = new MemoryStore();
      for (const batch of randomBatches(events, 9, 60)) {
        for (const store of [sqlite, memory]) await store.appendEvents(batch);
      }
      // Both plans are in play: events through event_times, and events past the mark.
      const upto = mark(sqlite);
      expect(upto).toBeGreaterThan(1000);
      expect(upto).toBeLessThan(events.length);
      expect(count(sqlite, "event_times")).toBe(upto);
      for (const query of MIXED_QUERIES) {
        expect(await allPages(sqlite, query), JSON.stringify(query)).toEqual(await allPages(memory, query));
      }
      await sqlite.close();
    });
  }

  it("takes the events waiting once the writer has been idle a moment", async () => {
    for (const writerThread of [false, true]) {
      const store = openSqliteStore({ path: dbPath(), writerThread, timeIndex: { every: NEVER, idleMs: 20 } });
      await store.appendEvents(shuffledEvents(10, 3));
      for (let i = 0; i < 100 && mark(store) < 10; i++) await new Promise((r) => setTimeout(r, 10));
      expect([mark(store), count(store, "event_times")]).toEqual([10, 10]);
      await store.close();
    }
  });

  it("takes the events waiting when the store closes, and those a crash left when it opens", async () => {
    const path = dbPath();
    const store = openSqliteStore({ path, timeIndex: { every: NEVER, idleMs: NEVER } });
    await store.appendEvents(shuffledEvents(50, 4));
    expect(mark(store)).toBe(0);
    await store.close();
    // Events stored without their entries, as after a crash before the writer indexed them.
    const raw = new BetterSqlite3(path);
    expect(raw.prepare("SELECT upto FROM event_times_mark").get()).toEqual({ upto: 50 });
    raw
      .prepare(
        `INSERT INTO events (id, ts, received, day, categories, format, ecs, raw)
         VALUES ('ev_crash', '2026-11-25T00:00:00.000Z', ?, 20000, ',,', 'json', '{}', '{}')`,
      )
      .run(OLD);
    raw.close();
    const reopened = openSqliteStore({ path, timeIndex: { every: NEVER, idleMs: NEVER } });
    expect([mark(reopened), count(reopened, "event_times")]).toEqual([51, 51]);
    expect((await reopened.queryEvents({ limit: 1 })).items.map((e) => e.id)).toEqual(["ev_crash"]);
    await reopened.close();
  });

  it("loses entries with their events to retention, and indexes the events of a store retention emptied", async () => {
    const store = openSqliteStore({ path: dbPath(), timeIndex: { every: 100, idleMs: NEVER } });
    await store.appendEvents(shuffledEvents(300, 5).map((e) => ({ ...e, receivedAt: OLD })));
    expect(mark(store)).toBe(300);
    expect(await store.pruneEventsBefore("2026-11-01T00:00:00.000Z")).toBe(300);
    expect([count(store, "events"), count(store, "event_times")]).toEqual([0, 0]);
    // SQLite numbers the next event 1 again, below the mark: the mark must come down to it.
    const fresh = shuffledEvents(3, 6, 1000);
    // A batch that fails half-way (its second event's id is taken by its first) must leave the
    // mark as it was stored, so that the next batch lowers it again.
    const twice = [fresh[0], { ...(fresh[1] as (typeof fresh)[0]), id: (fresh[0] as (typeof fresh)[0]).id }];
    await expect(store.appendEvents(twice as typeof fresh)).rejects.toThrow(/UNIQUE/);
    await store.appendEvents(fresh);
    expect(mark(store)).toBe(0);
    const memory = new MemoryStore();
    await memory.appendEvents(fresh);
    for (const query of MIXED_QUERIES) expect(await allPages(store, query)).toEqual(await allPages(memory, query));
    await store.close();
  });

  it("reads event_times newest first without sorting, and a cursor starts within it", async () => {
    const store = openSqliteStore({ path: dbPath() });
    const plan = store.db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT e.seq, e.ts FROM event_times t CROSS JOIN events e ON e.seq = t.event_seq
         WHERE t.event_seq <= ? AND (t.time, t.event_seq) < (?, ?) AND 1 ORDER BY t.time DESC, t.event_seq DESC LIMIT ?`,
      )
      .all(1, "x", 1, 1) as { detail: string }[];
    const details = plan.map((p) => p.detail).join("; ");
    expect(details).not.toMatch(/TEMP B-TREE/);
    expect(details).toMatch(/SEARCH t USING PRIMARY KEY \(\(time,event_seq\)<\(\?,\?\)\)/);
    await store.close();
  });

  it("is built for the events of a database made before it, and the index on events' times dropped", async () => {
    const path = dbPath();
    const old = databaseAtVersion(path, 3);
    const events = shuffledEvents(700, 8);
    const insert = old.prepare(
      `INSERT INTO events (id, ts, received, day, categories, format, host, user, ecs, raw)
       VALUES (?, ?, ?, 20000, ',,', 'evtx-json', ?, ?, ?, ?)`,
    );
    for (const e of events) {
      const ecs = e.ecs as Record<string, string>;
      insert.run(e.id, e.timestamp, e.receivedAt, ecs["host.name"], ecs["user.name"], JSON.stringify(ecs), e.rawJson);
    }
    old.close();
    const store = openSqliteStore({ path });
    expect([mark(store), count(store, "event_times")]).toEqual([700, 700]);
    const indexes = store.db.prepare("SELECT name FROM sqlite_master WHERE name = 'events_ts'").all();
    expect(indexes).toEqual([]);
    const memory = new MemoryStore();
    await memory.appendEvents(events);
    for (const query of [{ limit: 13 }, { limit: 40, from: "2026-11-21T00:00:00.000Z" }]) {
      expect(await allPages(store, query)).toEqual(await allPages(memory, query));
    }
    await store.close();
  });
});
