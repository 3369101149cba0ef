import { type MessagePort, parentPort, receiveMessageOnPort, workerData } from "node:worker_threads";
import BetterSqlite3 from "better-sqlite3";
import type { BatchRows } from "./batch-rows.js";
import { type DeferredIndexOptions, type PruneTarget, StoreWriter, configure } from "./store-writer.js";
import type { ThreadReply } from "./thread-client.js";

/**
 * A request to the writer thread: an ingest batch as its rows (its answer's `group` says how many
 * batches were committed together), a named state value as JSON text, a retention delete
 * (answered with the rows deleted), or the end.
 */
export type WriterRequest =
  | { readonly rows: BatchRows }
  | { readonly state: { readonly key: string; readonly json: string } }
  | { readonly prune: PruneTarget }
  | { readonly close: true };
/** What the writer thread is started with. */
export interface WriterOptions extends DeferredIndexOptions {
  readonly path: string;
  readonly synchronous: "FULL" | "NORMAL";
}
type Numbered = WriterRequest & { readonly id: number };
type BatchRequest = { readonly id: number; readonly rows: BatchRows };

/** Most batches committed together in one transaction. */
const GROUP_LIMIT = 64;

// Runs in a worker thread: the store's write connection, so the SQLite work of ingest runs
// beside the main thread's parsing and detection instead of after it. Batches that arrived
// while the previous commit was syncing are committed together (group commit): each sync to
// disk then serves every client waiting, and each batch is still answered only once it is on
// disk. Should the group fail, its batches are committed one by one, so one bad batch fails alone.
// State and retention run here too, so that no other connection waits on this one's lock; a
// retention delete goes one chunk at a time, with the batches that came meanwhile in between.
if (parentPort) {
  const port = parentPort;
  const options = workerData as WriterOptions;
  const db = new BetterSqlite3(options.path);
  configure(db, options.synchronous);
  const writer = new StoreWriter(db, options);
  // Events and alerts a crash left past the marks of their deferred indexes.
  writer.catchUpIndexes();
  const answer = (id: number, error?: unknown, group?: number, value?: unknown) =>
    port.postMessage(
      (error === undefined
        ? { id, ok: true, ...(group === undefined ? {} : { group }), ...(value === undefined ? {} : { value }) }
        : { id, ok: false, error: String(error) }) satisfies ThreadReply,
    );
  const commitGroup = (group: BatchRequest[]) => {
    try {
      writer.commitMany(group.map((r) => r.rows));
      for (const r of group) answer(r.id, undefined, group.length);
    } catch (error) {
      if (group.length === 1) return answer((group[0] as BatchRequest).id, error, 1);
      for (const r of group) {
        try {
          writer.commitMany([r.rows]);
          answer(r.id, undefined, group.length);
        } catch (each) {
          answer(r.id, each);
        }
      }
    }
    writer.maintainIndexes();
  };
  let closed = false;
  const handle = (request: Numbered) => {
    if ("close" in request) {
      closed = true;
      writer.close();
      db.close();
      answer(request.id);
    } else if ("state" in request) {
      try {
        writer.putState(request.state.key, request.state.json);
        answer(request.id);
      } catch (error) {
        answer(request.id, error);
      }
    } else if ("prune" in request) {
      writer.prune(request.prune).then(
        (total) => answer(request.id, undefined, undefined, total),
        (error) => answer(request.id, error),
      );
    }
  };
  port.on("message", (first: Numbered) => {
    if (closed) return;
    // The batches waiting are committed as one group; any other request waits its turn after them.
    const group: BatchRequest[] = [];
    let other: Numbered | undefined;
    let next: Numbered | undefined = first;
    while (next !== undefined) {
      if (!("rows" in next)) {
        other = next;
        break;
      }
      group.push(next);
      if (group.length >= GROUP_LIMIT) break;
      next = (receiveMessageOnPort(port as unknown as MessagePort)?.message as Numbered | undefined) ?? undefined;
    }
    if (group.length > 0) commitGroup(group);
    if (other) handle(other);
  });
}
