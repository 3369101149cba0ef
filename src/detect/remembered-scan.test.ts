import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AhoCorasick } from "./aho-corasick.js";
import { foldString } from "./fold.js";
import { getHeapStatistics, setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { detached } from "../core/index.js";
import { REMEMBERED_CHARS } from "./remember-budget.js";
import { type Remembered, RememberedScan, keepLiteralAnswer, literalAnswer } from "./remembered-scan.js";

const units = (s: string) => [...foldString(s)].map((c) => c.charCodeAt(0));

function found(scan: (text: string, onMatch: (id: number) => unknown) => unknown, text: string): number[] {
  const ids = new Set<number>();
  scan(text, (id) => {
    ids.add(id);
  });
  return [...ids].sort((a, b) => a - b);
}

describe("a scan that remembers its answers", () => {
  it("reports what the automaton finds, for new and recurring texts alike", () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: fc.constantFrom("a", "b", "C", "-", "\\"), minLength: 1, maxLength: 4 }), {
          minLength: 1,
          maxLength: 12,
        }),
        fc.array(fc.string({ unit: fc.constantFrom("a", "B", "c", "-", "\\", "x"), maxLength: 30 }), { maxLength: 40 }),
        (patterns, pool) => {
          const ac = new AhoCorasick(patterns.map(units));
          const remembered = new RememberedScan(ac, patterns.length);
          // Every text twice or more, so answers come from the memory as well as from scans.
          for (const text of [...pool, ...pool, ...pool.reverse()]) {
            expect(found((t, m) => remembered.scan(t, m), text)).toEqual(found((t, m) => ac.scan(t, m), text));
          }
        },
      ),
    );
  });

  it("keeps answering correctly when its memory fills, and for texts with many patterns", () => {
    const patterns = Array.from({ length: 100 }, (_, i) => units(`p${i}x`));
    const ac = new AhoCorasick(patterns);
    const remembered = new RememberedScan(ac, patterns.length);
    const crowded = patterns.map((_, i) => `p${i}x`).join(" ");
    for (let round = 0; round < 3; round++) {
      expect(found((t, m) => remembered.scan(t, m), crowded)).toHaveLength(100);
      for (let i = 0; i < 20_000; i++) {
        const text = `value ${i % 9000} p${i % 100}x`;
        expect(found((t, m) => remembered.scan(t, m), text)).toEqual([i % 100]);
      }
    }
  });

  it("finds every pattern in values that never recur (where the memory sets itself aside)", () => {
    const ac = new AhoCorasick([units("evil"), units("bad")]);
    const remembered = new RememberedScan(ac, 2);
    for (let i = 0; i < 30_000; i++) {
      const text = i % 3 === 0 ? `run ${i} evil` : i % 3 === 1 ? `x${i}bad` : `${i}`;
      expect(found((t, m) => remembered.scan(t, m), text)).toEqual(i % 3 === 0 ? [0] : i % 3 === 1 ? [1] : []);
    }
  });
});

describe("a scan with tests of the whole text (computed atoms)", () => {
  it("reports each test that holds after the automaton's patterns, remembered or not, and for list elements", () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: fc.constantFrom("a", "b", "\\"), minLength: 1, maxLength: 3 }), {
          minLength: 1,
          maxLength: 6,
        }),
        fc.array(fc.string({ unit: fc.constantFrom("a", "B", "\\", "7"), maxLength: 20 }), { maxLength: 30 }),
        (patterns, pool) => {
          const ac = new AhoCorasick(patterns.map(units));
          const tests = [(t: string) => /\d/.test(t), (t: string) => t.length > 10];
          const remembered = new RememberedScan(ac, patterns.length, { used: 0 }, undefined, tests);
          const expected = (text: string) => {
            const ids = new Set(found((t, m) => ac.scan(t, m), text));
            tests.forEach((test, i) => {
              if (test(text)) ids.add(patterns.length + i);
            });
            return [...ids].sort((a, b) => a - b);
          };
          for (const text of [...pool, ...pool, ...pool.reverse()]) {
            expect(found((t, m) => remembered.scan(t, m), text)).toEqual(expected(text));
            expect(found((t, m) => remembered.scanOnce(t, m), text)).toEqual(expected(text));
          }
        },
      ),
    );
  });
});

describe("the memories' shared budget", () => {
  it("holds the characters remembered by all the memories under its bound, and they keep answering", () => {
    const budget = { used: 0 };
    const ac = new AhoCorasick([units("needle")]);
    const memories = Array.from({ length: 3 }, () => new RememberedScan(ac, 1, budget));
    // Long values that recur (a third of them are new), several times the budget in all.
    const long = (i: number) => `${"x".repeat(3000)} ${i} ${i % 2 === 0 ? "needle" : ""}`;
    for (let i = 0; i < 30_000; i++) {
      const text = long(i % 6000);
      const memory = memories[i % 3] as RememberedScan;
      expect(found((t, m) => memory.scan(t, m), text)).toEqual(i % 2 === 0 ? [0] : []);
      expect(budget.used).toBeLessThanOrEqual(REMEMBERED_CHARS);
    }
    expect(budget.used).toBeGreaterThan(0);
  });
});

describe("remembered texts", () => {
  it("are kept as strings of their own, not as slices of the text they were cut from", () => {
    expect(detached("C:\\Windows\\System32\\cmd.exe")).toBe("C:\\Windows\\System32\\cmd.exe");
    expect(detached("")).toBe("");
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    gc();
    const before = getHeapStatistics().used_heap_size;
    const kept = new Map<string, number>();
    // Enough rounds for V8 to optimise detached, which must then still copy.
    for (let i = 0; i < 3000; i++) {
      const body = `${i} ${"x".repeat(100_000)}`;
      kept.set(detached(body.slice(0, 80)), i);
    }
    gc();
    // 3,000 values of 80 characters; kept as slices, they would hold 300 MB of bodies.
    expect(kept.size).toBe(3000);
    expect(getHeapStatistics().used_heap_size - before).toBeLessThan(100_000_000);
  });
});

describe("a scan that remembers its answers by the caller's ids", () => {
  it("reports the same ids for new texts, remembered ones and when its memory rests", () => {
    const patterns = ["evil", "bad", "worse"].map(units);
    const ids = Int32Array.from([70, 80, 90]);
    const ac = new AhoCorasick(patterns);
    const remembered = new RememberedScan(ac, patterns.length, { used: 0 }, ids);
    const expected = (text: string) => found((t, m) => ac.scan(t, m), text).map((p) => ids[p] as number);
    // Recurring texts first (answers remembered), then never-recurring ones (the memory rests).
    for (let i = 0; i < 40_000; i++) {
      const text = i < 10_000 ? ["evil and bad", "worse", "nothing", "bad"][i % 4] : `x${i} ${i % 2 ? "evil" : "ok"}`;
      expect(found((t, m) => remembered.scan(t, m), text as string)).toEqual(expected(text as string));
    }
  });
});

describe("literal answers kept with a remembered text", () => {
  it("answers the literals kept, by number, and none past the fifteen it keeps", () => {
    const remembered: Remembered = { ids: new Int32Array(0), tests: undefined, plain: 0, literals: undefined };
    expect(literalAnswer(remembered, 0)).toBe(0);
    for (let n = 1; n <= 20; n++) keepLiteralAnswer(remembered, n * 1000, n % 3 === 0);
    for (let n = 1; n <= 15; n++)
      expect(literalAnswer(remembered, n * 1000), `literal ${n * 1000}`).toBe(n % 3 === 0 ? 2 : 1);
    for (let n = 16; n <= 20; n++) expect(literalAnswer(remembered, n * 1000)).toBe(0);
    // Numbers the list does not hold are unknown, whatever the slots past the count hold.
    expect(literalAnswer(remembered, 0)).toBe(0);
    expect(literalAnswer(remembered, 1)).toBe(0);
    expect(literalAnswer(remembered, 2 ** 29)).toBe(0);
  });
});
