import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileSafeRegex, minimumLength, requiredLiteral } from "./safe-regex.js";

const plain = { i: false, m: false, s: false };

describe("regular expressions from rules", () => {
  it("cannot be made to backtrack: a catastrophic pattern finishes on a long hostile input", () => {
    // (a+)+$ takes exponential time on a backtracking engine with "aaaa…!"; RE2 stays linear.
    const re = compileSafeRegex("^(a+)+$", plain);
    const hostile = `${"a".repeat(50_000)}!`;
    const started = performance.now();
    expect(re.test(hostile)).toBe(false);
    const ms = performance.now() - started;
    console.info(`pathological /^(a+)+$/ over ${hostile.length} characters: ${ms.toFixed(1)} ms`);
  });

  it("refuses constructs that need backtracking, with the reason", () => {
    expect(() => compileSafeRegex("a(?=b)", plain)).toThrow(/linear time/);
    expect(() => compileSafeRegex("(a)\\1", plain)).toThrow(/linear time/);
  });

  it("finds the literal every match must contain", () => {
    expect(requiredLiteral("\\\\mimikatz\\.exe$")).toBe("\\mimikatz.exe");
    expect(requiredLiteral("foo(bar|baz)qux")).toBe("foo");
    expect(requiredLiteral("abc|def")).toBe("");
    expect(requiredLiteral("ab?cdef")).toBe("cdef");
    expect(requiredLiteral("[a-z]+xyz{2}")).toBe("xy");
    expect(requiredLiteral("(?i)invoke-mimikatz")).toBe("invoke-mimikatz");
  });
  it("knows the least length a pattern can match", () => {
    expect(minimumLength("\\s[a-fA-F0-9]{64}\\s[a-fA-F0-9]{16}")).toBe(82);
    expect(minimumLength("(?i)ab(c|de)?f+")).toBe(3);
    expect(minimumLength("^(?:abc|d)$")).toBe(1);
    expect(minimumLength("x{2,5}\\by\\x41\\p{L}")).toBe(5);
    expect(minimumLength("a{")).toBe(0);
    expect(minimumLength("a(?=b)")).toBe(0);
  });

  it("never puts the least length above a text the pattern matches", () => {
    const atom = fc.constantFrom("a", "b", ".", "[ab]", "\\w", "^", "$", "\\b", "(?i)");
    const regex: fc.Arbitrary<string> = fc.letrec((tie) => ({
      piece: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        atom,
        fc.tuple(tie("seq") as fc.Arbitrary<string>, fc.constantFrom("(", "(?:")).map(([r, open]) => `${open}${r})`),
        fc.tuple(tie("seq") as fc.Arbitrary<string>, tie("seq") as fc.Arbitrary<string>).map(([a, b]) => `(${a}|${b})`),
      ),
      quantified: fc
        .tuple(tie("piece") as fc.Arbitrary<string>, fc.constantFrom("", "*", "+", "?", "{2}", "{1,3}", "+?"))
        .map(([p, q]) => (/^[$^]|\\b|\(\?i\)$/.test(p) && q !== "" ? p : p + q)),
      seq: fc.array(tie("quantified") as fc.Arbitrary<string>, { minLength: 1, maxLength: 4 }).map((a) => a.join("")),
    })).seq as fc.Arbitrary<string>;
    fc.assert(
      fc.property(regex, fc.stringMatching(/^[ab ]{0,10}$/), (source, text) => {
        const re = compileSafeRegex(source, plain);
        if (re.test(text)) expect(text.length).toBeGreaterThanOrEqual(minimumLength(source));
      }),
      { numRuns: 3000 },
    );
  });
});
