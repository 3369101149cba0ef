import { EventEmitter } from "node:events";
import type { FastifyReply } from "fastify";
import { describe, expect, it } from "vitest";
import type { ServerContext } from "./context.js";
import { holdSlot, takeIngestSlot } from "./ingest-slot.js";

function setting(maxInflight: number) {
  const ctx = { metrics: { queueDepth: 0, rejectedBusy: 0 }, limits: { maxInflight } } as unknown as ServerContext;
  const reply = () => ({ raw: new EventEmitter() }) as unknown as FastifyReply & { raw: EventEmitter };
  return { ctx, reply };
}

function deferred() {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe("ingest slots", () => {
  it("refuse past maxInflight and come back when the reply ends", () => {
    const { ctx, reply } = setting(1);
    const first = reply();
    expect(takeIngestSlot(ctx, first)).toBe(true);
    expect(takeIngestSlot(ctx, reply())).toBe(false);
    expect(ctx.metrics.rejectedBusy).toBe(1);
    first.raw.emit("close");
    expect(ctx.metrics.queueDepth).toBe(0);
    expect(takeIngestSlot(ctx, reply())).toBe(true);
  });

  it("stay taken while a commit begun under them is pending, though the client hung up", async () => {
    const { ctx, reply } = setting(1);
    const r = reply();
    takeIngestSlot(ctx, r);
    const commit = deferred();
    const held = holdSlot(ctx, r, commit.promise);
    r.raw.emit("close");
    expect(ctx.metrics.queueDepth).toBe(1);
    expect(takeIngestSlot(ctx, reply())).toBe(false);
    commit.resolve();
    await held;
    expect(ctx.metrics.queueDepth).toBe(0);
  });

  it("come back once, whether the commit fails or settles before the reply ends", async () => {
    const { ctx, reply } = setting(2);
    const failing = reply();
    takeIngestSlot(ctx, failing);
    const commit = deferred();
    const held = holdSlot(ctx, failing, commit.promise);
    commit.reject(new Error("disk full"));
    await expect(held).rejects.toThrow("disk full");
    expect(ctx.metrics.queueDepth).toBe(1);
    failing.raw.emit("close");
    failing.raw.emit("close");
    expect(ctx.metrics.queueDepth).toBe(0);
  });
});
