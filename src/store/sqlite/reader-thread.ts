import { parentPort, workerData } from "node:worker_threads";
import BetterSqlite3 from "better-sqlite3";
import { READ_METHODS, type ReadMethod, StoreReads } from "./reads.js";
import type { ThreadReply } from "./thread-client.js";

/** A request to the reader thread: one of the store's queries with its arguments. */
export type ReaderRequest =
  | { readonly method: ReadMethod; readonly args: readonly unknown[] }
  | { readonly close: true };

const KNOWN = new Set<string>(READ_METHODS);

// Runs in a worker thread with a read-only connection of its own: the API's queries run here, so
// a query that reads much of the store (a filter on a field without an index, over months of
// events) holds up this thread only, never the main thread's ingest and detection. WAL mode lets
// it read while the writer commits; each query sees the batches committed before it began.
if (parentPort) {
  const port = parentPort;
  const { path } = workerData as { path: string };
  const db = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
  db.pragma("busy_timeout = 10000");
  const reads = new StoreReads(db);
  port.on("message", (request: ReaderRequest & { id: number }) => {
    const { id } = request;
    if ("close" in request) {
      db.close();
      port.postMessage({ id, ok: true } satisfies ThreadReply);
      return;
    }
    try {
      if (!KNOWN.has(request.method)) throw new Error(`no query named ${String(request.method)}`);
      const run = reads[request.method] as (...args: unknown[]) => unknown;
      port.postMessage({ id, ok: true, value: run.apply(reads, [...request.args]) } satisfies ThreadReply);
    } catch (error) {
      const e = error as { code?: unknown; message?: unknown };
      port.postMessage({
        id,
        ok: false,
        error: typeof e.message === "string" ? e.message : String(error),
        ...(typeof e.code === "string" ? { code: e.code } : {}),
      } satisfies ThreadReply);
    }
  });
}
