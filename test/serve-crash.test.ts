import { rmSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { allEventIds, exited, postInLoop, spawnServer, tempDataDir } from "./support/server.js";

// The fast version of test/integration/serve-crash.test.ts: a shorter load before the kill.
describe("tocsin serve: crash safety", () => {
  it("keeps every acknowledged event when killed with SIGKILL mid-ingest", async () => {
    const dir = tempDataDir();
    try {
      const first = await spawnServer(dir, ["--retention", "30d"]);
      const kill = new Promise<void>((resolve) =>
        setTimeout(() => {
          first.child.kill("SIGKILL");
          resolve();
        }, 2500),
      );
      const load = await postInLoop(first.url, kill, 2, 200);
      expect((await exited(first.child)).signal).toBe("SIGKILL");
      expect(load.batchesAcked).toBeGreaterThan(3);

      const second = await spawnServer(dir);
      const stored = await allEventIds(second.url);
      const missing = load.acked.filter((id) => !stored.has(id));
      expect(missing).toEqual([]);
      expect(stored.size).toBeGreaterThanOrEqual(load.acked.length);
      second.child.kill("SIGTERM");
      expect((await exited(second.child)).code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
