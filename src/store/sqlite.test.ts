import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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
});

runStoreConformance("sqlite with a writer thread", () =>
  openSqliteStore({ path: join(dir, `db-${n++}`, "tocsin.db"), writerThread: true }),
);
