import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AhoCorasick, END, START } from "./aho-corasick.js";
import { FOLD, foldString } from "./fold.js";

const units = (s: string) => [...foldString(s)].map((c) => c.charCodeAt(0));

function naive(patterns: number[][], text: string): Set<number> {
  const folded = [START, ...units(text), END];
  const found = new Set<number>();
  patterns.forEach((p, id) => {
    outer: for (let i = 0; i + p.length <= folded.length; i++) {
      for (let j = 0; j < p.length; j++) if (folded[i + j] !== p[j]) continue outer;
      found.add(id);
      return;
    }
  });
  return found;
}

describe("Aho-Corasick over folded text", () => {
  it("finds exact, prefix, suffix and substring patterns in one pass", () => {
    const ac = new AhoCorasick([
      [START, ...units("cmd.exe"), END],
      [START, ...units("c:\\")],
      [...units(".exe"), END],
      units("powershell"),
    ]);
    const found: number[] = [];
    ac.scan("C:\\Windows\\PowerShell.EXE", (id) => {
      found.push(id);
    });
    expect(found.sort()).toEqual([1, 2, 3]);
  });

  it("folds case but keeps dashes apart (windash folds its own text)", () => {
    expect(FOLD["A".charCodeAt(0)]).toBe("a".charCodeAt(0));
    expect(FOLD[0x2014]).toBe(0x2014);
    expect(FOLD["/".charCodeAt(0)]).toBe("/".charCodeAt(0));
    const found: number[] = [];
    new AhoCorasick([units(" \u2014enc"), units(" -enc")]).scan("x \u2014ENC y", (id) => {
      found.push(id);
    });
    expect(found).toEqual([0]);
  });

  it("never confuses text with the start and end markers", () => {
    const found: number[] = [];
    new AhoCorasick([[START, ...units("a")]]).scan("x\ufffea", (id) => {
      found.push(id);
    });
    expect(found).toEqual([]);
  });

  it("finds the same patterns as a naive search", () => {
    const alphabet = fc.constantFrom("a", "b", "A", "-", "/", "\\", ".", "\u00e9", "\u00c9", "\u2014");
    const word = fc.array(alphabet, { minLength: 1, maxLength: 5 }).map((a) => a.join(""));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(word, fc.boolean(), fc.boolean()), { minLength: 1, maxLength: 20 }),
        fc.array(alphabet, { maxLength: 30 }).map((a) => a.join("")),
        (specs, text) => {
          const patterns = specs.map(([w, s, e]) => [...(s ? [START] : []), ...units(w), ...(e ? [END] : [])]);
          const found = new Set<number>();
          new AhoCorasick(patterns).scan(text, (id) => {
            found.add(id);
          });
          expect(found).toEqual(naive(patterns, text));
          // Few dense rows: most steps go by sparse edges and failure links.
          for (const denseStates of [1, 3]) {
            const sparse = new Set<number>();
            new AhoCorasick(patterns, { denseStates }).scan(text, (id) => {
              sparse.add(id);
            });
            expect(sparse).toEqual(found);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
