import type { FastifyReply } from "fastify";
import type { ServerContext } from "./context.js";

const SLOT: unique symbol = Symbol("ingest slot");

/** A taken ingest slot: given back once the reply has ended and every batch held under it settled. */
interface Slot {
  closed: boolean;
  holding: number;
  returned: boolean;
}

type WithSlot = FastifyReply & { [SLOT]?: Slot };

function giveBackIfDone(ctx: ServerContext, slot: Slot): void {
  if (slot.returned || !slot.closed || slot.holding > 0) return;
  slot.returned = true;
  ctx.metrics.queueDepth--;
}

/**
 * Backpressure for every ingest route: at most maxInflight requests at once. Returns false (and
 * counts the refusal) when the server is busy; otherwise takes a slot, given back when the reply
 * ends and any commit begun under it (see holdSlot) has settled. A client that hangs up while
 * its batch waits for the writer does not free the slot early: its retries would otherwise be
 * admitted and pile up batches in front of a slow disk.
 */
export function takeIngestSlot(ctx: ServerContext, reply: FastifyReply): boolean {
  if (ctx.metrics.queueDepth >= ctx.limits.maxInflight) {
    ctx.metrics.rejectedBusy++;
    return false;
  }
  ctx.metrics.queueDepth++;
  const slot: Slot = { closed: false, holding: 0, returned: false };
  (reply as WithSlot)[SLOT] = slot;
  reply.raw.once("close", () => {
    slot.closed = true;
    giveBackIfDone(ctx, slot);
  });
  return true;
}

/** Keeps the reply's ingest slot taken until `work` settles; returns `work`. */
export function holdSlot<T>(ctx: ServerContext, reply: FastifyReply, work: Promise<T>): Promise<T> {
  const slot = (reply as WithSlot)[SLOT];
  if (slot === undefined) return work;
  slot.holding++;
  const settle = () => {
    slot.holding--;
    giveBackIfDone(ctx, slot);
  };
  work.then(settle, settle);
  return work;
}
