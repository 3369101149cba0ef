import { mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, describe, expect, it } from "vitest";
import { runStoreConformance } from "./conformance.js";
import { openSqliteStore } from "./index.js";
import { sampleEvent } from "./conformance.js";

const dir = mkdtempSync(join(tmpdir(), "tocsin-sqlite-"));
let n = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

runStoreConformance("sqlite", () => openSqliteStore({ path: join(dir, `db-${n++}`, "tocsin.db") }));

describe("sqlite store", () => {
  it("runs in WAL mode with full sync by default, and keeps data across reopening", async () => {
    const path = join(dir, "reopen", "tocsin.db");
    const store = openSqliteStore({ path });
    expect(store.db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(store.db.pragma("synchronous", { simple: true })).toBe(2);
    await store.appendEvents([sampleEvent(1), sampleEvent(2)]);
    await store.putState("k", { a: 1 });
    await store.close();
    const again = openSqliteStore({ path });
    expect(await again.countEvents()).toBe(2);
    expect(await again.getState("k")).toEqual({ a: 1 });
    await again.close();
  });

  it("names the newest stored id of each table, for new ids to start after", async () => {
    const store = openSqliteStore({ path: join(dir, "newest-ids", "tocsin.db") });
    expect(store.newestIds()).toEqual([]);
    await store.appendEvents([sampleEvent(1), sampleEvent(3), sampleEvent(2)]);
    expect(store.newestIds()).toEqual([sampleEvent(3).id]);
    await store.close();
  });

  it("gives a new database 8 KiB pages and leaves an existing one its page size", async () => {
    const fresh = openSqliteStore({ path: join(dir, "pages-new", "tocsin.db") });
    expect(fresh.db.pragma("page_size", { simple: true })).toBe(8192);
    await fresh.close();
    // A database made before 8 KiB pages: 4 KiB, already in WAL mode.
    const path = join(dir, "pages-old", "tocsin.db");
    mkdirSync(dirname(path), { recursive: true });
    const old = new BetterSqlite3(path);
    old.pragma("page_size = 4096");
    old.pragma("journal_mode = WAL");
    old.exec("CREATE TABLE t (x)");
    old.close();
    const reopened = openSqliteStore({ path });
    expect(reopened.db.pragma("page_size", { simple: true })).toBe(4096);
    await reopened.appendEvents([sampleEvent(1)]);
    expect(await reopened.countEvents()).toBe(1);
    await reopened.close();
  });
});

runStoreConformance("sqlite with a writer thread", () =>
  openSqliteStore({ path: join(dir, `db-${n++}`, "tocsin.db"), writerThread: true }),
);

describe("sqlite store with a writer thread", () => {
  it("commits batches sent at once together, answers each, and fails only the bad one of a group", async () => {
    const store = openSqliteStore({ path: join(dir, "group", "tocsin.db"), writerThread: true });
    const batch = (from: number) => ({
      events: Array.from({ length: 50 }, (_, i) => sampleEvent(from + i)),
      alerts: [],
      deadLetters: [],
    });
    await store.commitBatch(batch(1));
    // Ten batches posted before the first of them is committed: they arrive queued at the writer.
    const outcomes = await Promise.allSettled([
      ...Array.from({ length: 5 }, (_, b) => store.commitBatch(batch(1000 + b * 50))),
      // Its ids repeat the first batch's: the unique index refuses it.
      store.commitBatch(batch(1000)),
      ...Array.from({ length: 4 }, (_, b) => store.commitBatch(batch(5000 + b * 50))),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual([
      ...Array(5).fill("fulfilled"),
      "rejected",
      ...Array(4).fill("fulfilled"),
    ]);
    expect(await store.countEvents()).toBe(500);
    expect(store.writerStats.largestGroup).toBeGreaterThan(1);
    await store.close();
  });

  it("copies committed batches into the database file in the background, between the writer's checkpoints", async () => {
    const path = join(dir, "checkpoint", "tocsin.db");
    const store = openSqliteStore({ path, writerThread: true });
    const before = statSync(path).size;
    await store.commitBatch({
      events: Array.from({ length: 200 }, (_, i) => sampleEvent(i + 1)),
      alerts: [],
      deadLetters: [],
    });
    // Far below the writer's automatic checkpoint: only the checkpoint thread moves the pages.
    for (let i = 0; i < 100 && statSync(path).size === before; i++) await new Promise((r) => setTimeout(r, 50));
    expect(statSync(path).size).toBeGreaterThan(before);
    await store.close();
    const again = openSqliteStore({ path });
    expect(await again.countEvents()).toBe(200);
    await again.close();
  });

  it("starts a new writer thread when the one running dies, and gives up, unhealthy, when it keeps dying", async () => {
    const store = openSqliteStore({ path: join(dir, "writer-death", "tocsin.db"), writerThread: true });
    const writer = store.writer;
    if (!writer) throw new Error("no writer thread");
    const batch = (from: number) => ({ events: [sampleEvent(from)], alerts: [], deadLetters: [] });
    await store.commitBatch(batch(1));
    // A batch in flight when the thread dies is failed, never answered as written.
    const inFlight = store.commitBatch(batch(2));
    await writer.crashForTest();
    const settled = await Promise.allSettled([inFlight]);
    await store.commitBatch(batch(3));
    expect(store.health()).toMatchObject({ ok: true, restarts: 1 });
    const stored = await store.queryEvents({ limit: 10 });
    const ids = stored.items.map((e) => e.id);
    expect(ids).toContain(sampleEvent(1).id);
    expect(ids).toContain(sampleEvent(3).id);
    // What was answered as written is there. A batch answered as failed may still have been
    // written (the thread can end between its commit and its answer): the caller sends it again.
    if (settled[0]?.status === "fulfilled") expect(ids).toContain(sampleEvent(2).id);
    for (let i = 0; i < 5; i++) await writer.crashForTest();
    const health = store.health();
    expect(health.ok).toBe(false);
    expect(health.reason).toMatch(/stopped 6 times within a minute/);
    await expect(store.commitBatch(batch(4))).rejects.toThrow(/not started again/);
    await store.close();
  });

  it("runs queries on a reader thread, and stops one past its time limit without failing the store", async () => {
    const store = openSqliteStore({ path: join(dir, "reader", "tocsin.db"), writerThread: true });
    const reader = store.reader;
    if (!reader) throw new Error("no reader thread");
    for (let from = 1; from <= 30_000; from += 5_000) {
      const events = Array.from({ length: 5_000 }, (_, i) => sampleEvent(from + i));
      await store.commitBatch({ events, alerts: [], deadLetters: [] });
    }
    // A filter on a field without an index reads every event: far past a 1 ms limit.
    const slow = { limit: 10, fields: { "process.command_line": "never there" } };
    await expect(reader.request({ method: "queryEvents", args: [slow] }, 1)).rejects.toMatchObject({
      code: "STORE_QUERY_TIMEOUT",
    });
    // The thread was ended and a new one answers; a deliberate stop does not count as a death.
    expect((await store.queryEvents({ limit: 2 })).items).toHaveLength(2);
    expect(await store.countEvents()).toBe(30_000);
    expect(store.health()).toMatchObject({ ok: true, restarts: 1 });
    expect(store.health().reason).toBeUndefined();
    await store.close();
  });

  it("runs state and retention on the writer thread, retention a chunk at a time with batches going on between", async () => {
    const store = openSqliteStore({ path: join(dir, "writer-retention", "tocsin.db"), writerThread: true });
    const oldDay = "2026-10-01T00:00:00.000Z";
    for (let from = 1; from <= 25_000; from += 5_000) {
      const events = Array.from({ length: 5_000 }, (_, i) => sampleEvent(from + i, { received: oldDay }));
      await store.commitBatch({ events, alerts: [], deadLetters: [] });
    }
    const pruning = store.pruneEventsBefore("2026-11-01T00:00:00.000Z");
    // Sent after the delete began: committed between its chunks, not after all of them.
    const during = store.commitBatch({ events: [sampleEvent(90_001)], alerts: [], deadLetters: [] });
    await store.putState("k", { saved: true });
    const order: string[] = [];
    await Promise.all([pruning.then(() => order.push("prune")), during.then(() => order.push("batch"))]);
    expect(order).toEqual(["batch", "prune"]);
    expect(await pruning).toBe(25_000);
    expect(await store.countEvents()).toBe(1);
    expect(await store.getState("k")).toEqual({ saved: true });
    await store.close();
  });

  it("lets go of a batch once the writer thread has its copy, before the commit is on disk", async () => {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const store = openSqliteStore({ path: join(dir, "writer-release", "tocsin.db"), writerThread: true });
    // A finalization registry rather than a WeakRef: a WeakRef made in this turn keeps its
    // target alive until the turn ends, and by then the commit might be answered.
    let collected = false;
    const registry = new FinalizationRegistry(() => {
      collected = true;
    });
    const send = () => {
      const batch = { events: [sampleEvent(1), sampleEvent(2)], alerts: [], deadLetters: [] };
      registry.register(batch, "batch");
      return store.commitBatch(batch);
    };
    const committing = send();
    // Collected in this same turn: the thread's answer cannot have been taken in yet.
    gc();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(collected).toBe(true);
    await committing;
    expect(await store.countEvents()).toBe(2);
    await store.close();
  });
});
