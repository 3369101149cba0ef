import { describe, expect, it } from "vitest";
import { lookupPath } from "./lookup.js";

describe("lookupPath", () => {
  it("follows lists, literal dotted keys and, when asked, names in another case", () => {
    const root = { target: [{ displayName: "a" }, { displayName: "b" }], "x.y": 1, Deep: { Name: "n" } };
    expect(lookupPath(root, "target.displayName")).toEqual(["a", "b"]);
    expect(lookupPath(root, "x.y")).toBe(1);
    expect(lookupPath(root, "deep.name")).toBeUndefined();
    expect(lookupPath(root, "deep.name", true)).toBe("n");
    expect(lookupPath(root, "constructor")).toBeUndefined();
  });
});
