import { parentPort, workerData } from "node:worker_threads";
import BetterSqlite3 from "better-sqlite3";
import type { IngestBatch } from "../../ingest/index.js";
import { BatchWriter, configure } from "./batch-writer.js";

/** A request to the writer thread. */
export type WriterRequest =
  | { readonly id: number; readonly batch: IngestBatch }
  | { readonly id: number; readonly close: true };

/** Its answer. */
export type WriterReply =
  | { readonly id: number; readonly ok: true }
  | { readonly id: number; readonly ok: false; readonly error: string };

// Runs in a worker thread: the store's write connection, so the SQLite work of ingest runs
// beside the main thread's parsing and detection instead of after it.
if (parentPort) {
  const port = parentPort;
  const options = workerData as { path: string; synchronous: "FULL" | "NORMAL" };
  const db = new BetterSqlite3(options.path);
  configure(db, options.synchronous);
  const writer = new BatchWriter(db);
  port.on("message", (request: WriterRequest) => {
    if ("close" in request) {
      db.close();
      port.postMessage({ id: request.id, ok: true } satisfies WriterReply);
      return;
    }
    try {
      writer.commit(request.batch);
      port.postMessage({ id: request.id, ok: true } satisfies WriterReply);
    } catch (error) {
      port.postMessage({ id: request.id, ok: false, error: String(error) } satisfies WriterReply);
    }
  });
}
