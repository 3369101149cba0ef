import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { sampleEvent } from "../conformance.js";
import { MemoryStore } from "../memory/memory-store.js";
import { BLOCK_EVENTS, blockKey } from "./event-blocks.js";
import { MIXED_QUERIES, allPages, randomBatches, shuffledEvents, databaseAtVersion } from "./shuffled-events.js";
import { openSqliteStore } from "./sqlite-store.js";

const dir = mkdtempSync(join(tmpdir(), "tocsin-blocks-"));
let n = 0;
const dbPath = () => join(dir, `db-${n++}`, "tocsin.db");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("event blocks", () => {
  it("list events newest first exactly as the memory store does, across many blocks with times out of order", async () => {
    const events = shuffledEvents(1500, 11);
    // Through the writer and reader threads, as the server runs it.
    const sqlite = openSqliteStore({ path: dbPath(), writerThread: true });
    const memory = new MemoryStore();
    for (const batch of randomBatches(events, 5, 60)) {
      for (const store of [sqlite, memory]) await store.appendEvents(batch);
    }
    const blocks = sqlite.db.prepare("SELECT count(*) AS n FROM event_blocks").get() as { n: number };
    expect(blocks.n).toBeGreaterThan(40);
    for (const query of MIXED_QUERIES) {
      const expected = await allPages(memory, query);
      expect(await allPages(sqlite, query), JSON.stringify(query)).toEqual(expected);
    }
    expect(await allPages(sqlite, { limit: 100 })).toHaveLength(events.length);
    await sqlite.close();
  });

  it("cut a transaction's events into blocks of at most BLOCK_EVENTS, each listing its hosts and users", async () => {
    const store = openSqliteStore({ path: dbPath() });
    const events = shuffledEvents(BLOCK_EVENTS + 10, 3);
    await store.appendEvents(events);
    const blocks = store.db.prepare("SELECT first_seq, last_seq FROM event_blocks ORDER BY first_seq").all();
    expect(blocks).toEqual([
      { first_seq: 1, last_seq: BLOCK_EVENTS },
      { first_seq: BLOCK_EVENTS + 1, last_seq: BLOCK_EVENTS + 10 },
    ]);
    const keys = store.db.prepare("SELECT key FROM event_block_keys WHERE first_seq = 1 ORDER BY key").all();
    expect(keys.map((k) => (k as { key: string }).key)).toEqual([
      "host:db-srv",
      "host:dc-01",
      "host:ws-01",
      "host:ws-02",
      "user:user0",
      "user:user1",
      "user:user2",
    ]);
    await store.close();
  });

  it("fold keys as SQLite folds NOCASE: ASCII letters only", () => {
    expect(blockKey("host", "WS-ÄB")).toBe("host:ws-Äb");
    expect(blockKey("user", "alice")).toBe("user:alice");
  });

  it("are built for the events of a database made before them, and the per-event indexes dropped", async () => {
    const path = dbPath();
    const old = databaseAtVersion(path, 2);
    const insert = old.prepare(
      `INSERT INTO events (id, ts, received, day, product, service, categories, format, host, user, ecs, raw)
       VALUES (?, ?, ?, ?, 'windows', ?, ?, 'evtx-json', ?, ?, ?, ?)`,
    );
    const events = shuffledEvents(2100, 7);
    old.transaction(() => {
      for (const e of events) {
        const day = Math.floor(Date.parse(e.receivedAt) / 86_400_000);
        const ecs = e.ecs as Record<string, string>;
        insert.run(
          e.id,
          e.timestamp,
          e.receivedAt,
          day,
          e.logsource.service,
          `,${e.logsource.categories.join(",")},`,
          ecs["host.name"],
          ecs["user.name"],
          JSON.stringify(ecs),
          e.rawJson,
        );
      }
    })();
    old.close();
    const store = openSqliteStore({ path });
    const memory = new MemoryStore();
    await memory.appendEvents(events);
    const indexes = store.db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events'")
      .all();
    const names = indexes.map((i) => (i as { name: string }).name);
    expect(names.filter((name) => !name.startsWith("sqlite_autoindex"))).toEqual([]);
    const times = store.db.prepare("SELECT count(*) AS n FROM event_times").get() as { n: number };
    expect(times.n).toBe(2100);
    const blocks = store.db.prepare("SELECT count(*) AS n FROM event_blocks").get() as { n: number };
    expect(blocks.n).toBe(Math.ceil(2100 / 2048));
    for (const query of MIXED_QUERIES) expect(await allPages(store, query)).toEqual(await allPages(memory, query));
    await store.close();
  });

  it("go with their events and keys when retention deletes them", async () => {
    const store = openSqliteStore({ path: dbPath() });
    const old = shuffledEvents(3000, 5).map((e) => ({ ...e, receivedAt: "2026-10-01T12:00:00.000Z" }));
    const recent = sampleEvent(9999, { received: "2026-11-20T12:00:00.000Z" });
    await store.appendEvents(old);
    await store.appendEvents([recent]);
    expect(await store.pruneEventsBefore("2026-11-01T00:00:00.000Z")).toBe(3000);
    const count = (table: string) => (store.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    expect([count("events"), count("event_blocks")]).toEqual([1, 1]);
    expect(count("event_block_keys")).toBe(2);
    expect((await store.queryEvents({ limit: 10 })).items.map((e) => e.id)).toEqual([recent.id]);
    await store.close();
  });
});
