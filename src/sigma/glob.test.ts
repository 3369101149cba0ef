import { describe, expect, it } from "vitest";
import { QMARK, STAR, formatGlob, parseGlob } from "./glob.js";

describe("Sigma wildcards and escapes", () => {
  it("reads * and ? as wildcards", () => {
    expect(parseGlob("a*b?c")).toEqual(["a", STAR, "b", QMARK, "c"]);
  });

  it("reads \\* and \\? as plain characters", () => {
    expect(parseGlob("a\\*b\\?")).toEqual(["a*b?"]);
  });

  it("keeps a lone backslash before an ordinary character", () => {
    expect(parseGlob("C:\\Windows\\System32")).toEqual(["C:\\Windows\\System32"]);
  });

  it("reads \\\\ as one backslash, so \\\\* is a backslash then a wildcard", () => {
    expect(parseGlob("C:\\\\*")).toEqual(["C:\\", STAR]);
  });

  it("reads \\\\\\* as a backslash then a plain star", () => {
    expect(parseGlob("a\\\\\\*")).toEqual(["a\\*"]);
  });

  it("reads four backslashes as two", () => {
    expect(parseGlob("a\\\\\\\\b")).toEqual(["a\\\\b"]);
  });

  it("folds runs of stars into one", () => {
    expect(parseGlob("a**b")).toEqual(["a", STAR, "b"]);
  });

  it("writes a glob back so that it parses to the same parts", () => {
    for (const raw of ["a*b?c", "x\\*y", "C:\\\\*", "plain"]) {
      expect(parseGlob(formatGlob(parseGlob(raw)))).toEqual(parseGlob(raw));
    }
  });
});
