import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import type { EventQuery, NewEvent, Page, TocsinStore } from "../../ingest/index.js";
import { sampleEvent } from "../conformance.js";
import type { MarkTable } from "./deferred-index.js";
import { MIGRATIONS } from "./migrations.js";
import type { SqliteStore } from "./sqlite-store.js";

// Events and queries for the tests of the store's time and entity plans, which check them against
// the memory store's plain filter and sort.

/** A repeatable stream of pseudo-random integers below `bound`. */
export function randomInts(seed: number): (bound: number) => number {
  let s = seed;
  return (bound) => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s % bound;
  };
}

/** Events whose times jump back and forth and repeat, with hosts and users in mixed case. */
export function shuffledEvents(count: number, seed: number, first = 0): NewEvent[] {
  const next = randomInts(seed);
  return Array.from({ length: count }, (_, i) => {
    const ts = new Date(Date.UTC(2026, 10, 20, next(48), next(4) * 15)).toISOString();
    const base = sampleEvent(first + i, { ts, received: "2026-11-22T09:00:00.000Z" });
    const host = ["WS-01", "ws-02", "Db-Srv", "dc-01", "WS-01"][next(5)] as string;
    return { ...base, ecs: { ...base.ecs, "host.name": host, "user.name": `User${next(3)}` } };
  });
}

/** The ids of every page a query reads, in order, following the cursors. */
export async function pageIds<Q extends object>(
  read: (query: Q & { cursor?: string }) => Promise<Page<{ id: string }>>,
  query: Q,
): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await read({ ...query, ...(cursor ? { cursor } : {}) });
    ids.push(...page.items.map((item) => item.id));
    cursor = page.next;
  } while (cursor);
  return ids;
}

/** Every page of an event query, in order, as ids. */
export function allPages(store: TocsinStore, query: Omit<EventQuery, "cursor">): Promise<string[]> {
  return pageIds((q) => store.queryEvents(q), query);
}

/** `items` cut into consecutive batches of 1 to `most` items, of repeatable pseudo-random sizes. */
export function randomBatches<T>(items: readonly T[], seed: number, most: number): T[][] {
  const sizes = randomInts(seed);
  const batches: T[][] = [];
  for (let at = 0; at < items.length; ) {
    const batch = items.slice(at, at + 1 + sizes(most));
    at += batch.length;
    batches.push(batch);
  }
  return batches;
}

/** The rows of a table of the store. */
export function tableCount(store: SqliteStore, table: string): number {
  return (store.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}

/** The mark of one of the store's deferred indexes, as stored. */
export function storedMark(store: SqliteStore, table: MarkTable): number {
  return (store.db.prepare(`SELECT upto FROM ${table}`).get() as { upto: number }).upto;
}

/** Queries by time alone, by time range, and by hosts and users, with pages of several sizes. */
export const MIXED_QUERIES: readonly Omit<EventQuery, "cursor">[] = [
  { limit: 7 },
  { limit: 50 },
  { limit: 1000 },
  { limit: 9, from: "2026-11-21T03:00:00.000Z", to: "2026-11-21T20:30:00.000Z" },
  { limit: 8, service: "sysmon", from: "2026-11-20T10:00:00.000Z" },
  { limit: 5, fields: { "host.name": "ws-01" } },
  { limit: 11, fields: { "host.name": "DB-SRV", "user.name": "user1" } },
  { limit: 4, from: "2026-11-20T10:00:00.000Z", fields: { "user.name": "USER2" } },
  { limit: 6, fields: { "host.name": "no-such-host" } },
];

/** A database at `path` made by the first `version` migrations, as an older Tocsin left it. */
export function databaseAtVersion(path: string, version: number): BetterSqlite3.Database {
  mkdirSync(dirname(path), { recursive: true });
  const db = new BetterSqlite3(path);
  for (const step of MIGRATIONS.slice(0, version)) db.exec(step);
  db.pragma(`user_version = ${version}`);
  return db;
}
