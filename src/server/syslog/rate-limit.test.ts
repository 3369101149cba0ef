import { describe, expect, it } from "vitest";
import { TokenBuckets } from "./rate-limit.js";

describe("per-source token buckets", () => {
  it("lets a burst through, refuses past it, and refills at the rate", () => {
    const limits = new TokenBuckets({ perSecond: 10, burst: 3 });
    const t = 1_000_000;
    expect([1, 2, 3, 4].map(() => limits.take("10.0.0.1", t))).toEqual([true, true, true, false]);
    expect(limits.take("10.0.0.1", t + 50)).toBe(false);
    expect(limits.take("10.0.0.1", t + 100)).toBe(true);
    // Quiet for long, the bucket is full again but never more than the burst.
    expect([1, 2, 3, 4].map(() => limits.take("10.0.0.1", t + 60_000))).toEqual([true, true, true, false]);
  });

  it("keeps sources apart", () => {
    const limits = new TokenBuckets({ perSecond: 1, burst: 1 });
    expect(limits.take("a", 0)).toBe(true);
    expect(limits.take("a", 0)).toBe(false);
    expect(limits.take("b", 0)).toBe(true);
  });

  it("remembers a bounded number of sources, forgetting the least recently seen", () => {
    const limits = new TokenBuckets({ perSecond: 1, burst: 1, maxSources: 2 });
    limits.take("a", 0);
    limits.take("b", 0);
    limits.take("a", 0);
    limits.take("c", 0);
    expect(limits.size).toBe(2);
    // b was forgotten: it starts with a full bucket; a was kept, still empty.
    expect(limits.take("b", 0)).toBe(true);
    expect(limits.take("c", 0)).toBe(false);
  });
});
