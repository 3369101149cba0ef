import { describe, expect, it } from "vitest";
import { buildFieldItem } from "../detection-item.js";
import { STAR } from "../glob.js";

const strings = (key: string, value: unknown) =>
  buildFieldItem(key, value, {}).tests.map((t) => (t.kind === "string" ? t.parts : t));

describe("value modifiers", () => {
  it("puts stars around the value under |contains, before under |endswith, after under |startswith", () => {
    expect(strings("a|contains", "x")).toEqual([[STAR, "x", STAR]]);
    expect(strings("a|endswith", "x")).toEqual([[STAR, "x"]]);
    expect(strings("a|startswith", "x")).toEqual([["x", STAR]]);
  });

  it("does not double a star the value already has", () => {
    expect(strings("a|contains", "*x")).toEqual([[STAR, "x", STAR]]);
  });

  it("encodes the value in Base64 under |base64", () => {
    expect(strings("a|base64", "cmd")).toEqual([["Y21k"]]);
  });

  it("gives the three offset variants of the specification under |base64offset", () => {
    // The appendix's own example: "/bin/bash" at offsets 0, 1 and 2.
    expect(strings("a|base64offset", "/bin/bash")).toEqual([["L2Jpbi9iYXNo"], ["9iaW4vYmFza"], ["vYmluL2Jhc2"]]);
  });

  it("encodes UTF-16 little-endian, big-endian and with a byte order mark before Base64", () => {
    expect(strings("a|utf16le|base64", "cmd")).toEqual([["YwBtAGQA"]]);
    expect(strings("a|wide|base64", "cmd")).toEqual([["YwBtAGQA"]]);
    expect(strings("a|utf16be|base64", "cmd")).toEqual([["AGMAbQBk"]]);
    expect(strings("a|utf16|base64", "cmd")).toEqual([["//5jAG0AZAA="]]);
  });

  it("refuses to encode a value with wildcards", () => {
    expect(() => buildFieldItem("a|base64", "x*", {})).toThrow(/wildcards/);
  });

  it("links values with AND under |all, except for a single value where it means nothing", () => {
    expect(buildFieldItem("a|contains|all", ["x", "y"], {}).all).toBe(true);
    expect(buildFieldItem("a|contains|all", ["x"], {}).all).toBe(false);
  });

  it("sets regular expression flags only after |re", () => {
    const item = buildFieldItem("a|re|i|m|s", "^x.y$", {});
    expect(item.tests[0]).toEqual({ kind: "regex", source: "^x.y$", flags: { i: true, m: true, s: true } });
    expect(() => buildFieldItem("a|i", "x", {})).toThrow(/must follow/);
  });

  it("keeps a regular expression's backslashes as written", () => {
    expect(buildFieldItem("a|re", "\\\\x\\*", {}).tests[0]).toMatchObject({ source: "\\\\x\\*" });
  });

  it("turns numeric comparisons into numbers and refuses text", () => {
    expect(buildFieldItem("a|gte", 5, {}).tests[0]).toEqual({ kind: "compare", op: "gte", value: 5 });
    expect(buildFieldItem("a|lt", "7", {}).tests[0]).toEqual({ kind: "compare", op: "lt", value: 7 });
    expect(() => buildFieldItem("a|gt", "x", {})).toThrow(/number/);
  });

  it("checks CIDR networks when the rule loads", () => {
    expect(buildFieldItem("a|cidr", "10.0.0.0/8", {}).tests[0]).toEqual({ kind: "cidr", cidr: "10.0.0.0/8" });
    expect(() => buildFieldItem("a|cidr", "10.0.0.0/33", {})).toThrow(/not a CIDR/);
  });

  it("takes exactly one boolean under |exists", () => {
    expect(buildFieldItem("a|exists", true, {}).tests[0]).toEqual({ kind: "exists", exists: true });
    expect(() => buildFieldItem("a|exists", "yes", {})).toThrow(/true or false/);
  });

  it("expands placeholders from the given values, and asks for them when missing", () => {
    const item = buildFieldItem("User|expand", "%admins%", { admins: ["alice", "bob"] });
    expect(item.tests.map((t) => (t.kind === "string" ? t.parts : null))).toEqual([["alice"], ["bob"]]);
    expect(() => buildFieldItem("User|expand", "%admins%", {})).toThrow(/placeholder %admins%/);
  });

  it("keeps an escaped percent sign as a plain character under |expand", () => {
    const item = buildFieldItem("a|expand", "\\%plain%name%", { name: ["v"] });
    expect(item.tests[0]).toMatchObject({ parts: ["%plainv"] });
  });

  it("names the unknown modifier", () => {
    expect(() => buildFieldItem("a|containz", "x", {})).toThrow(/unknown modifier 'containz'/);
  });

  it("refuses null inside a list of values, as the specification says", () => {
    expect(() => buildFieldItem("a", ["x", null], {})).toThrow(/null/);
  });
});
