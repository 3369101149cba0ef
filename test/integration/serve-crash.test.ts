import { rmSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { allEventIds, exited, postInLoop, spawnServer, tempDataDir } from "../support/server.js";

describe("tocsin serve as a process: crash safety and graceful shutdown", () => {
  it("keeps every acknowledged event across kill -9 mid-ingest, twice", async () => {
    const dir = tempDataDir();
    try {
      const acked: string[] = [];
      for (const ms of [4000, 7000]) {
        const server = await spawnServer(dir);
        const kill = new Promise<void>((resolve) =>
          setTimeout(() => {
            server.child.kill("SIGKILL");
            resolve();
          }, ms),
        );
        const load = await postInLoop(server.url, kill, 3, 250);
        expect((await exited(server.child)).signal).toBe("SIGKILL");
        expect(load.batchesAcked).toBeGreaterThan(5);
        // One at a time: a faster server acknowledges more ids than a spread's arguments may hold.
        for (const id of load.acked) acked.push(id);
      }
      const server = await spawnServer(dir);
      const stored = await allEventIds(server.url);
      expect(acked.filter((id) => !stored.has(id))).toEqual([]);
      expect(stored.size).toBeGreaterThanOrEqual(acked.length);
      server.child.kill("SIGTERM");
      expect((await exited(server.child)).code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("on SIGTERM stops taking input, finishes what it acknowledged, and exits 0", async () => {
    const dir = tempDataDir();
    try {
      const server = await spawnServer(dir);
      const term = new Promise<void>((resolve) =>
        setTimeout(() => {
          server.child.kill("SIGTERM");
          resolve();
        }, 2000),
      );
      const load = await postInLoop(server.url, term, 2, 200);
      const { code } = await exited(server.child);
      expect(code).toBe(0);
      expect(server.output()).toMatch(/SIGTERM: draining/);
      const again = await spawnServer(dir);
      const stored = await allEventIds(again.url);
      expect(load.acked.filter((id) => !stored.has(id))).toEqual([]);
      again.child.kill("SIGTERM");
      expect((await exited(again.child)).code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
