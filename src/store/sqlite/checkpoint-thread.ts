import { parentPort, workerData } from "node:worker_threads";
import BetterSqlite3 from "better-sqlite3";
import { configure } from "./store-writer.js";

/** What the checkpoint thread is started with. */
export interface CheckpointOptions {
  readonly path: string;
  readonly synchronous: "FULL" | "NORMAL";
  /** How often it copies what the WAL holds into the database. */
  readonly intervalMs: number;
}

// Runs in a worker thread with a connection of its own: every interval, a PASSIVE checkpoint
// copies the frames committed to the WAL into the database file (and syncs it), beside the
// writer instead of inside one of its commits. The writer's automatic checkpoint stays on, so
// the WAL stays bounded whatever happens here, but it finds little left to copy: commits no
// longer stall for a whole checkpoint, and the writer thread spends its time on batches.
// PASSIVE never waits for the writer or readers; a failed round is tried again next time.
if (parentPort) {
  const port = parentPort;
  const options = workerData as CheckpointOptions;
  const db = new BetterSqlite3(options.path);
  configure(db, options.synchronous);
  const timer = setInterval(() => {
    try {
      db.pragma("wal_checkpoint(PASSIVE)");
    } catch {
      // Busy or interrupted: the next round, or the writer's own checkpoint, copies it.
    }
  }, options.intervalMs);
  port.on("message", () => {
    clearInterval(timer);
    db.close();
    port.postMessage("closed");
  });
}
