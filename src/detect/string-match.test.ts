import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type GlobPart, QMARK, STAR } from "../sigma/index.js";
import { compileGlob, shapeOf } from "./string-match.js";

function reference(parts: readonly GlobPart[]): RegExp {
  const source = parts
    .map((p) => (p === STAR ? "[\\s\\S]*" : p === QMARK ? "[\\s\\S]" : p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${source}$`);
}

describe("glob matching", () => {
  it("recognises the common shapes", () => {
    expect(shapeOf(["a"])).toEqual({ kind: "exact", text: "a" });
    expect(shapeOf(["a", STAR])).toEqual({ kind: "prefix", text: "a" });
    expect(shapeOf([STAR, "a"])).toEqual({ kind: "suffix", text: "a" });
    expect(shapeOf([STAR, "a", STAR])).toEqual({ kind: "contains", text: "a" });
    expect(shapeOf(["a", QMARK]).kind).toBe("glob");
  });

  it("agrees with a regular expression on random globs and texts", () => {
    const piece = fc.oneof(fc.constantFrom<GlobPart>(STAR, QMARK), fc.constantFrom("a", "b", "ab", "ba"));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 7 }), fc.stringMatching(/^[ab]{0,10}$/), (parts, text) => {
        expect(compileGlob(parts)(text)).toBe(reference(parts).test(text));
      }),
      { numRuns: 2000 },
    );
  });
});
