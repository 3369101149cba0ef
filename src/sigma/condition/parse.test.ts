import { describe, expect, it } from "vitest";
import { parseCondition } from "./parse.js";

describe("condition grammar", () => {
  it("binds and tighter than or", () => {
    expect(parseCondition("a or b and c")).toEqual({
      kind: "or",
      children: [
        { kind: "ref", name: "a" },
        {
          kind: "and",
          children: [
            { kind: "ref", name: "b" },
            { kind: "ref", name: "c" },
          ],
        },
      ],
    });
  });

  it("binds not tighter than and", () => {
    expect(parseCondition("not a and b")).toEqual({
      kind: "and",
      children: [
        { kind: "not", child: { kind: "ref", name: "a" } },
        { kind: "ref", name: "b" },
      ],
    });
  });

  it("lets parentheses override precedence", () => {
    expect(parseCondition("(a or b) and c")).toMatchObject({
      kind: "and",
      children: [{ kind: "or" }, { kind: "ref" }],
    });
  });

  it("reads 1 of, all of and any of with patterns and them", () => {
    expect(parseCondition("1 of selection_*")).toEqual({ kind: "of", quantifier: "any", pattern: "selection_*" });
    expect(parseCondition("all of them")).toEqual({ kind: "of", quantifier: "all", pattern: "them" });
    expect(parseCondition("any of filter*")).toEqual({ kind: "of", quantifier: "any", pattern: "filter*" });
  });

  it("reads not 1 of as the negation of the quantifier", () => {
    expect(parseCondition("sel and not 1 of filter_*")).toEqual({
      kind: "and",
      children: [
        { kind: "ref", name: "sel" },
        { kind: "not", child: { kind: "of", quantifier: "any", pattern: "filter_*" } },
      ],
    });
  });

  it("accepts keywords in any case", () => {
    expect(parseCondition("a AND NOT b")).toMatchObject({ kind: "and" });
  });

  it("names the column of an unexpected token", () => {
    expect(() => parseCondition("a and )")).toThrow(/column 7/);
    expect(() => parseCondition("(a or b")).toThrow(/expected '\)'/);
    expect(() => parseCondition("a b")).toThrow(/after a complete condition/);
    expect(() => parseCondition("a and")).toThrow(/condition ends/);
  });

  it("refuses the obsolete aggregation syntax with a pointer to correlation rules", () => {
    expect(() => parseCondition("selection | count() > 5")).toThrow(/correlation rule/);
  });
});
