import { describe, expect, it } from "vitest";
import { compileSafeRegex, requiredLiteral } from "./safe-regex.js";

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
});
