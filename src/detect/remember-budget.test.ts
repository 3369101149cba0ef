import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { REMEMBERED_CHARS, TextMemory, sampledHash } from "./remember-budget.js";

/**
 * Texts of 57 characters that differ only at characters 15 to 19, between two of those the hash
 * samples (the first two, every eleventh from the eleventh, the last six): the n-th, in base 26.
 */
function sameSample(n: number): string {
  let middle = "";
  for (let i = 0, rest = n; i < 5; i++, rest = Math.floor(rest / 26)) middle += String.fromCharCode(0x61 + (rest % 26));
  return `cmd.exe /c xxxx${middle}${"x".repeat(32)} -end`;
}

describe("a memory of answers about texts", () => {
  it("answers what was remembered and nothing else, like a Map, while it holds its texts", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.string({ maxLength: 60 }), fc.integer()), { maxLength: 200 }),
        fc.array(fc.string({ maxLength: 60 }), { maxLength: 50 }),
        (entries, probes) => {
          const memory = new TextMemory<number>({ used: 0 }, 1000);
          const reference = new Map<string, number>();
          for (const [text, answer] of entries) {
            // A text is remembered once; later answers for it are not asked of a memory.
            if (reference.has(text)) continue;
            memory.set(text, answer);
            reference.set(text, answer);
          }
          for (const text of [...reference.keys(), ...probes]) {
            const known = memory.get(text);
            // A text may go unremembered (its probe slots taken), never misremembered.
            if (known !== undefined) expect(known).toBe(reference.get(text));
          }
          expect(memory.get("never set \u0000")).toBeUndefined();
        },
      ),
    );
  });

  it("tells apart texts that share the sample its hash reads", () => {
    const texts = Array.from({ length: 5 }, (_, i) => sameSample(i));
    expect(new Set(texts.map(sampledHash)).size).toBe(1);
    const memory = new TextMemory<number>({ used: 0 }, 100);
    for (const [i, t] of texts.entries()) memory.set(t, i);
    for (const [i, t] of texts.entries()) expect(memory.get(t)).toBe(i);
    expect(memory.get(sameSample(5))).toBeUndefined();
  });

  it("forgets texts past the probes a hash allows, instead of searching the whole table", () => {
    const texts = Array.from({ length: 20 }, (_, i) => sameSample(i));
    expect(new Set(texts.map(sampledHash)).size).toBe(1);
    const memory = new TextMemory<number>({ used: 0 }, 1000);
    for (const [i, t] of texts.entries()) memory.set(t, i);
    const remembered = texts.filter((t) => memory.get(t) !== undefined);
    expect(remembered.length).toBeGreaterThan(0);
    expect(remembered.length).toBeLessThan(texts.length);
    for (const [i, t] of texts.entries()) expect([undefined, i]).toContain(memory.get(t));
  });

  it("keeps what it held when it grows, and starts again empty at its capacity", () => {
    const memory = new TextMemory<number>({ used: 0 }, 300);
    for (let i = 0; i < 300; i++) memory.set(`value number ${i}`, i);
    let held = 0;
    for (let i = 0; i < 300; i++) if (memory.get(`value number ${i}`) === i) held++;
    expect(held).toBeGreaterThan(290);
    memory.set("one more", -1);
    expect(memory.get("value number 0")).toBeUndefined();
    expect(memory.get("one more")).toBe(-1);
  });

  it("counts the characters it holds against the shared budget, and gives them back when cleared", () => {
    const budget = { used: 0 };
    const a = new TextMemory<boolean>(budget, 100);
    const b = new TextMemory<boolean>(budget, 100);
    a.set("abcd", true);
    b.set("efghij", false);
    expect(budget.used).toBe(10);
    a.clear();
    expect(budget.used).toBe(6);
    expect(a.get("abcd")).toBeUndefined();
    expect(b.get("efghij")).toBe(false);
    // A text that cannot fit even in an empty memory is not kept; the budget stays within bound.
    b.set("x".repeat(REMEMBERED_CHARS + 1), true);
    expect(budget.used).toBeLessThanOrEqual(REMEMBERED_CHARS);
    expect(b.get("x".repeat(REMEMBERED_CHARS + 1))).toBeUndefined();
  });

  it("keeps short texts (the Map) and long ones (the table) under one capacity and one budget", () => {
    const budget = { used: 0 };
    const memory = new TextMemory<number>(budget, 4);
    const short = JSON.parse('["reg.exe", "0x3e7"]') as string[];
    memory.set(short[0] as string, 1);
    memory.set(short[1] as string, 2);
    memory.set("C:\\Windows\\System32\\cmd.exe", 3);
    expect(budget.used).toBe(7 + 5 + 27);
    // Looked up with other copies of the same characters, as the next event brings them.
    expect(memory.get(JSON.parse('"reg.exe"') as string)).toBe(1);
    expect(memory.get("0x3e7")).toBe(2);
    expect(memory.get(`C:\\Windows\\System32\\${"cmd"}.exe`)).toBe(3);
    expect(memory.get("reg.exE")).toBeUndefined();
    memory.set("short", 4);
    memory.set("one more!!", 5);
    // The fifth text found the memory at its capacity: it started again empty, short texts too.
    expect(memory.get("reg.exe")).toBeUndefined();
    expect(memory.get("one more!!")).toBe(5);
    expect(budget.used).toBe(10);
  });
});
