import { describe, expect, it } from "vitest";
import type { DecodedRecord, IngestResult } from "../../ingest/index.js";
import { ListenerMetrics } from "../listener-metrics.js";
import { SyslogBatcher } from "./batcher.js";

function setup(options: { maxBatch?: number; maxQueued?: number; fail?: boolean } = {}) {
  const batches: DecodedRecord[][] = [];
  const metrics = new ListenerMetrics();
  const errors: number[] = [];
  const result: IngestResult = { received: 0, accepted: 0, deadLettered: 0, alerts: 0, deadLetters: [] };
  const batcher = new SyslogBatcher({
    pipeline: {
      ingestDecoded: async (records) => {
        if (options.fail) throw new Error("disk full");
        batches.push([...records]);
        return result;
      },
    },
    parse: (text, index) =>
      text === "boom"
        ? (() => {
            throw new Error("parser bug");
          })()
        : [{ ok: true, index, line: 1, value: text, text }],
    metrics,
    intervalMs: 60_000,
    onError: (_error, n) => errors.push(n),
    ...(options.maxBatch !== undefined ? { maxBatch: options.maxBatch } : {}),
    ...(options.maxQueued !== undefined ? { maxQueued: options.maxQueued } : {}),
  });
  return { batcher, batches, metrics, errors };
}

describe("the syslog batcher", () => {
  it("stores queued messages in batches of at most maxBatch, indexed within their batch", async () => {
    const { batcher, batches } = setup({ maxBatch: 2 });
    for (const m of ["a", "b", "c"]) batcher.add(m, "udp://10.0.0.1");
    await batcher.flush();
    expect(batches.map((b) => b.map((r) => [r.index, r.ok && r.value]))).toEqual([
      [
        [0, "a"],
        [1, "b"],
      ],
      [[0, "c"]],
    ]);
    await batcher.close();
  });

  it("dead-letters refused frames and messages the parser throws on, and keeps the batch", async () => {
    const { batcher, batches } = setup();
    batcher.refuse("SYSLOG_FRAME_TOO_LARGE", "too large", "xxxx");
    batcher.add("boom", "tcp://10.0.0.2");
    batcher.add("fine", "tcp://10.0.0.2");
    await batcher.close();
    expect(batches[0]).toEqual([
      {
        ok: false,
        index: 0,
        line: 1,
        code: "SYSLOG_FRAME_TOO_LARGE",
        reason: "too large",
        text: "xxxx",
        format: "syslog",
      },
      expect.objectContaining({ ok: false, index: 1, code: "SYSLOG_PARSE_FAILED" }),
      expect.objectContaining({ ok: true, index: 2, value: "fine" }),
    ]);
  });

  it("refuses messages past the queue bound unless forced, and calls back when there is room again", async () => {
    const { batcher } = setup({ maxBatch: 2, maxQueued: 2 });
    // Queue 2 (a batch is kicked off and leaves the queue), then fill the queue again.
    expect(batcher.add("1", "s")).toBe(true);
    expect(batcher.add("2", "s")).toBe(true);
    expect(batcher.add("3", "s")).toBe(true);
    expect(batcher.add("4", "s")).toBe(true);
    expect(batcher.full).toBe(true);
    expect(batcher.add("5", "s")).toBe(false);
    expect(batcher.add("5", "s", true)).toBe(true);
    let drained = false;
    batcher.onDrain(() => {
      drained = true;
    });
    await batcher.flush();
    expect(drained).toBe(true);
    await batcher.close();
    expect(batcher.add("late", "s")).toBe(false);
  });

  it("counts the messages of a batch that could not be stored and goes on", async () => {
    const { batcher, metrics, errors } = setup({ fail: true });
    batcher.add("a", "s");
    batcher.add("b", "s");
    await batcher.close();
    expect(metrics.syslogLost).toBe(2);
    expect(errors).toEqual([2]);
  });
});
