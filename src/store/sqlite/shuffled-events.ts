import type { EventQuery, NewEvent, TocsinStore } from "../../ingest/index.js";
import { sampleEvent } from "../conformance.js";

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

/** Every page of a query, in order, as ids. */
export async function allPages(store: TocsinStore, query: Omit<EventQuery, "cursor">): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.queryEvents({ ...query, ...(cursor ? { cursor } : {}) });
    ids.push(...page.items.map((e) => e.id));
    cursor = page.next;
  } while (cursor);
  return ids;
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
