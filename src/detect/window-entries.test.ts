import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Event } from "../core/index.js";
import { type Entry, MAX_KEPT_EVENTS, WindowEntries } from "./window-entries.js";

const events: Event[] = Array.from({ length: 4 }, (_, i) => ({
  logsource: { categories: [] },
  doc: { get: () => undefined, forEachValue: () => {} },
  raw: i,
}));

type Op =
  | { kind: "push"; time: number; step: number; value: string | number | undefined; event: number }
  | { kind: "dropBefore"; cutoff: number }
  | { kind: "keepLast"; max: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant("push" as const),
      time: fc.integer({ min: 0, max: 50 }),
      step: fc.integer({ min: 0, max: 2 }),
      value: fc.oneof(fc.constant(undefined), fc.constantFrom("a", "b", "7", ""), fc.constantFrom(1, 2, 2.5, -3)),
      event: fc.integer({ min: 0, max: 3 }),
    }),
    weight: 6,
  },
  {
    arbitrary: fc.record({ kind: fc.constant("dropBefore" as const), cutoff: fc.integer({ min: 0, max: 50 }) }),
    weight: 1,
  },
  { arbitrary: fc.record({ kind: fc.constant("keepLast" as const), max: fc.integer({ min: 0, max: 8 }) }), weight: 1 },
);

describe("a group window's entries", () => {
  it("keep every aggregate equal to recounting the entries held", () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
        const window = new WindowEntries();
        // The model numbers events as the window does (the same event pushed again at once keeps
        // its number) and holds each entry with its event's number.
        let held: Entry[] = [];
        const given: Event[] = [];
        let last = -1;
        for (const o of ops) {
          if (o.kind === "push") {
            window.push(o.time, o.step, o.value, events[o.event] as Event);
            if (o.event !== last || given.length === 0) given.push(events[o.event] as Event);
            last = o.event;
            held.push({ time: o.time, step: o.step, value: o.value, event: given.length - 1 });
          } else if (o.kind === "dropBefore") {
            window.dropBefore(o.cutoff);
            let drop = 0;
            while (drop < held.length && (held[drop] as Entry).time < o.cutoff) drop++;
            held = held.slice(drop);
          } else {
            window.keepLast(o.max);
            held = held.slice(Math.max(0, held.length - o.max));
          }
          expect(window.toArray()).toEqual(held);
          // The evidence: the newest 32 numbers' events, those still held.
          const heldNumbers = new Set(held.map((e) => e.event));
          const newest = given.map((event, number) => ({ number, event })).slice(-MAX_KEPT_EVENTS);
          expect(window.keptEvents()).toEqual(newest.filter((k) => heldNumbers.has(k.number)));
          expect(window.distinctEvents).toBe(heldNumbers.size);
          expect(window.distinctValues).toBe(new Set(held.map((e) => e.value).filter((v) => v !== undefined)).size);
          for (const v of ["a", "7", 2]) expect(window.countOf(v)).toBe(held.filter((e) => e.value === v).length);
          const numbers = held.map((e) => Number(e.value)).filter((n) => Number.isFinite(n));
          const total = window.numericTotal();
          expect(total.count).toBe(numbers.length);
          expect(total.sum).toBeCloseTo(
            numbers.reduce((a, b) => a + b, 0),
            9,
          );
          for (const cutoff of [0, 10, 25, 49]) {
            expect(window.stepsSince(cutoff)).toBe(
              new Set(held.filter((e) => e.time >= cutoff).map((e) => e.step)).size,
            );
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it("holds a long sliding window without copying it at every step", () => {
    const window = new WindowEntries();
    const event = events[0] as Event;
    for (let t = 0; t < 200_000; t++) {
      window.push(t, 0, t % 7, event);
      window.dropBefore(t - 50_000);
    }
    expect(window.length).toBe(50_001);
    expect(window.first?.time).toBe(149_999);
    expect(window.distinctValues).toBe(7);
  });

  it("keeps the copy its keeper makes, and knows the given event again at its next step", () => {
    const copies: Event[] = [];
    const window = new WindowEntries((event) => {
      const copy = { ...event, raw: { copied: event.raw } };
      copies.push(copy);
      return copy;
    });
    const given = events[1] as Event;
    window.push(0, 0, undefined, given);
    window.push(0, 1, undefined, given);
    window.push(1, 0, undefined, events[2] as Event);
    expect(copies).toHaveLength(2);
    expect(window.distinctEvents).toBe(2);
    expect(window.keptEvents().map((k) => k.event)).toEqual(copies);
  });

  it("keeps the newest events for evidence, not every event of the window", () => {
    const window = new WindowEntries();
    const many: Event[] = Array.from({ length: 1000 }, (_, i) => ({ ...(events[0] as Event), raw: i }));
    many.forEach((event, i) => {
      window.push(i, 0, undefined, event);
      window.push(i, 1, undefined, event); // the same event at a second step
    });
    expect(window.distinctEvents).toBe(1000);
    expect(window.keptEvents().map((k) => k.event.raw)).toEqual(
      Array.from({ length: MAX_KEPT_EVENTS }, (_, i) => 968 + i),
    );
  });
});
