import { type MessagePort, parentPort, receiveMessageOnPort, workerData } from "node:worker_threads";
import BetterSqlite3 from "better-sqlite3";
import type { IngestBatch } from "../../ingest/index.js";
import { BatchWriter, configure } from "./batch-writer.js";
import type { ThreadReply } from "./thread-client.js";

/** A request to the writer thread. Its answer's `group` says how many batches were committed together. */
export type WriterRequest = { readonly batch: IngestBatch } | { readonly close: true };
type Numbered = WriterRequest & { readonly id: number };

/** Most batches committed together in one transaction. */
const GROUP_LIMIT = 64;

// Runs in a worker thread: the store's write connection, so the SQLite work of ingest runs
// beside the main thread's parsing and detection instead of after it. Batches that arrived
// while the previous commit was syncing are committed together (group commit): each sync to
// disk then serves every client waiting, and each batch is still answered only once it is on
// disk. Should the group fail, its batches are committed one by one, so one bad batch fails alone.
if (parentPort) {
  const port = parentPort;
  const options = workerData as { path: string; synchronous: "FULL" | "NORMAL" };
  const db = new BetterSqlite3(options.path);
  configure(db, options.synchronous);
  const writer = new BatchWriter(db);
  const answer = (id: number, error?: unknown, group = 1) =>
    port.postMessage(
      (error === undefined ? { id, ok: true, group } : { id, ok: false, error: String(error) }) satisfies ThreadReply,
    );
  const commitGroup = (group: { id: number; batch: IngestBatch }[]) => {
    try {
      if (group.length === 1) writer.commit((group[0] as { batch: IngestBatch }).batch);
      else writer.commitMany(group.map((r) => r.batch));
      for (const r of group) answer(r.id, undefined, group.length);
    } catch (error) {
      if (group.length === 1) return answer((group[0] as { id: number }).id, error);
      for (const r of group) {
        try {
          writer.commit(r.batch);
          answer(r.id, undefined, group.length);
        } catch (each) {
          answer(r.id, each);
        }
      }
    }
  };
  port.on("message", (first: Numbered) => {
    const group: { id: number; batch: IngestBatch }[] = [];
    let closing: Numbered | undefined;
    let next: Numbered | undefined = first;
    while (next !== undefined) {
      if ("close" in next) {
        closing = next;
        break;
      }
      group.push(next);
      if (group.length >= GROUP_LIMIT) break;
      next = (receiveMessageOnPort(port as unknown as MessagePort)?.message as Numbered | undefined) ?? undefined;
    }
    if (group.length > 0) commitGroup(group);
    if (closing) {
      db.close();
      answer(closing.id);
    }
  });
}
