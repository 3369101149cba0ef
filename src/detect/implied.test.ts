import { describe, expect, it } from "vitest";
import { type EventView, FieldSlots } from "./event-view.js";
import { assumeGroupsSeen } from "./implied.js";
import type { AtomProof, ProgramNode } from "./program.js";
import { ProgramSet } from "./program.js";
import { viewSeeing } from "./test-view.js";

const slots = new FieldSlots();
const image = slots.slot("Image");
const original = slots.slot("OriginalFileName");

/** A case-insensitive literal whose atom (its id) the index reads as the given proof. */
function suffix(slot: number, text: string, atom: number, proof: AtomProof): ProgramNode {
  return { kind: "literal", shape: "suffix", slot, variant: 1, atom, text, proof };
}

const viewOf = (fields: Record<string, unknown>, seen: readonly number[]) => viewSeeing(slots, fields, seen);

const run = (node: ProgramNode, view: EventView) => ProgramSet.matcher(node)(view);

describe("programs behind the index's trigger", () => {
  it("answers a list that one whole group proves without reading it", () => {
    const list: ProgramNode = {
      kind: "or",
      items: [suffix(image, "\\a.exe", 0, "seen"), suffix(image, "\\b.exe", 1, "seen")],
    };
    expect(assumeGroupsSeen(list, [[0, 1]])).toEqual({ kind: "constant", value: true });
    // A group with an atom outside the list proves nothing of it.
    expect(assumeGroupsSeen(list, [[0, 2]])).toEqual(list);
    // A rule with an empty group runs on every event: nothing is assumed.
    expect(assumeGroupsSeen(list, [[0, 1], []])).toEqual(list);
    expect(assumeGroupsSeen(list, [])).toEqual(list);
  });

  it("keeps the test where the value may not fold plainly, behind a check of the fields", () => {
    const list: ProgramNode = {
      kind: "or",
      items: [suffix(image, "\\find.exe", 0, "seen-plain"), suffix(original, "find.exe", 1, "seen-plain")],
    };
    const rewritten = assumeGroupsSeen(list, [[0, 1]]);
    expect(rewritten).toEqual({
      kind: "or",
      items: [
        {
          kind: "and",
          items: [
            { kind: "plain", slot: image },
            { kind: "plain", slot: original },
          ],
        },
        list,
      ],
    });
    // `İ` folds to `i` for the index, so the atom is seen, but lowers to two units: no match.
    const dotted = viewOf({ Image: "C:\\FİND.EXE", OriginalFileName: "x" }, [0]);
    expect(run(list, dotted)).toBe(false);
    expect(run(rewritten, dotted)).toBe(false);
    const plain = viewOf({ Image: "C:\\FIND.EXE", OriginalFileName: "x" }, [0]);
    expect(run(rewritten, plain)).toBe(true);
  });

  it("agrees with the whole program on every event that shows each group, as the index sees it", () => {
    const names = ["\\a.exe", "\\b.exe", "\\c.exe", "\\d.exe", "\\bi.exe", "\\ci.exe"];
    const literals = names.map((text, atom) => suffix(image, text, atom, /i/.test(text) ? "seen-plain" : "seen"));
    const values = ["C:\\a.exe", "C:\\B.EXE", "c:\\c.exe", "D:\\D.exe", "x\\BI.exe", "y\\CI.EXE", "z\\cİ.exe", "e.exe"];
    // Which atoms the index sees in a value: a suffix atom on its folded text (İ folds to i).
    const seenIn = (value: string) =>
      names.flatMap((n, atom) => (value.toLowerCase().replace("i̇", "i").endsWith(n) ? [atom] : []));
    let seed = 7;
    const next = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
      return (seed >>> 12) % n;
    };
    const pickAtoms = () => [...new Set(Array.from({ length: 1 + next(3) }, () => next(names.length)))];
    const randomNode = (depth: number): ProgramNode => {
      const pick = next(depth > 2 ? 2 : 5);
      if (pick < 2) return literals[next(literals.length)] as ProgramNode;
      if (pick === 2) return { kind: "not", item: randomNode(depth + 1) };
      return {
        kind: next(2) === 0 ? "and" : "or",
        items: Array.from({ length: 1 + next(4) }, () => randomNode(depth + 1)),
      };
    };
    let compared = 0;
    for (let i = 0; i < 500; i++) {
      const node = randomNode(0);
      const groups = Array.from({ length: 1 + next(2) }, pickAtoms);
      const rewritten = assumeGroupsSeen(node, groups);
      for (const value of values) {
        const seen = seenIn(value);
        if (!groups.every((g) => g.some((atom) => seen.includes(atom)))) continue;
        const view = viewOf({ Image: value }, seen);
        expect(run(rewritten, view)).toBe(run(node, view));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(100);
  });
});
