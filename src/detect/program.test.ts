import { describe, expect, it } from "vitest";
import { type EventView, FieldSlots, type TextVariant, scalarText, variantOf } from "./event-view.js";
import { type ProgramNode, ProgramSet } from "./program.js";
import { viewSeeing } from "./test-view.js";

type Shape = "exact" | "prefix" | "suffix" | "contains";

function literal(slot: number, shape: Shape, text: string, variant: TextVariant = 1, atom = -1): ProgramNode {
  return { kind: "literal", shape, slot, variant, atom, text };
}

/** What a node means, evaluated directly from the tree: the reference the laid-out code must agree with. */
function reference(node: ProgramNode, view: EventView): boolean {
  switch (node.kind) {
    case "and":
      return node.items.every((n) => reference(n, view));
    case "or":
      return node.items.some((n) => reference(n, view));
    case "not":
      return !reference(node.item, view);
    case "constant":
      return node.value;
    case "call":
      return node.matcher(view);
    case "plain":
      return view.foldsPlainly(node.slot);
    case "literal": {
      if (node.atom !== -1 && view.atomHits[node.atom] !== view.atomEpoch) return false;
      const test = (t: string) =>
        node.shape === "exact"
          ? t === node.text
          : node.shape === "prefix"
            ? t.startsWith(node.text)
            : node.shape === "suffix"
              ? t.endsWith(node.text)
              : t.includes(node.text);
      const value = view.value(node.slot);
      const texts = Array.isArray(value) ? value.map(scalarText) : [scalarText(value)];
      return texts.some((t) => t !== undefined && test(variantOf(t, node.variant) as string));
    }
  }
}

describe("rule programs", () => {
  const slots = new FieldSlots();
  const image = slots.slot("Image");
  const cmd = slots.slot("CommandLine");

  it("compares literals whole, at the start, at the end and anywhere, in the test's variant", () => {
    const view = viewSeeing(slots, { Image: "C:\\Windows\\System32\\CMD.exe" });
    const run = (node: ProgramNode) => ProgramSet.matcher(node)(view);
    expect(run(literal(image, "exact", "c:\\windows\\system32\\cmd.exe"))).toBe(true);
    expect(run(literal(image, "exact", "c:\\windows\\system32\\cmd.ex"))).toBe(false);
    expect(run(literal(image, "prefix", "c:\\windows\\"))).toBe(true);
    expect(run(literal(image, "prefix", "d:\\"))).toBe(false);
    expect(run(literal(image, "suffix", "\\cmd.exe"))).toBe(true);
    expect(run(literal(image, "suffix", "x\\c:\\windows\\system32\\cmd.exe"))).toBe(false);
    expect(run(literal(image, "contains", "system32"))).toBe(true);
    expect(run(literal(image, "contains", "System32", 0))).toBe(true);
    expect(run(literal(image, "contains", "system32", 0))).toBe(false);
    expect(run(literal(image, "prefix", ""))).toBe(true);
    expect(run(literal(cmd, "prefix", ""))).toBe(false);
  });

  it("tests each element of a list value, and numbers as their text", () => {
    const view = viewSeeing(slots, { Image: ["a.exe", "B.DLL"], CommandLine: 4625 });
    expect(ProgramSet.matcher(literal(image, "suffix", ".dll"))(view)).toBe(true);
    expect(ProgramSet.matcher(literal(image, "exact", "c.exe"))(view)).toBe(false);
    expect(ProgramSet.matcher(literal(cmd, "exact", "4625"))(view)).toBe(true);
  });

  it("answers false for a literal whose atom the index did not see, without reading the field", () => {
    const fields = { Image: "c:\\tools\\nc.exe" };
    expect(ProgramSet.matcher(literal(image, "suffix", "nc.exe", 1, 3))(viewSeeing(slots, fields, [3]))).toBe(true);
    expect(ProgramSet.matcher(literal(image, "suffix", "nc.exe", 1, 3))(viewSeeing(slots, fields, [2]))).toBe(false);
  });

  it("stops AND at the first false and OR at the first true", () => {
    const calls: string[] = [];
    const spy = (name: string, value: boolean): ProgramNode => ({
      kind: "call",
      matcher: () => {
        calls.push(name);
        return value;
      },
    });
    const view = viewSeeing(slots, {});
    const node: ProgramNode = {
      kind: "or",
      items: [
        { kind: "and", items: [spy("a", true), spy("b", false), spy("c", true)] },
        { kind: "not", item: spy("d", false) },
        spy("e", true),
      ],
    };
    expect(ProgramSet.matcher(node)(view)).toBe(true);
    expect(calls).toEqual(["a", "b", "d"]);
  });

  it("folds empty groups and constants as Sigma reads them (no filter excludes nothing)", () => {
    const view = viewSeeing(slots, { Image: "x" });
    const rule = literal(image, "exact", "x");
    const withFilters = (filters: ProgramNode[]): ProgramNode => ({
      kind: "and",
      items: [rule, { kind: "not", item: { kind: "or", items: filters } }],
    });
    expect(ProgramSet.matcher(withFilters([]))(view)).toBe(true);
    expect(ProgramSet.matcher(withFilters([literal(image, "prefix", "x")]))(view)).toBe(false);
    expect(ProgramSet.matcher({ kind: "and", items: [] })(view)).toBe(true);
    expect(ProgramSet.matcher({ kind: "or", items: [] })(view)).toBe(false);
    expect(ProgramSet.matcher({ kind: "not", item: { kind: "not", item: rule } })(view)).toBe(true);
  });

  it("keeps each rule of a shared set apart, and refuses rules added after sealing", () => {
    const set = new ProgramSet();
    const a = set.add(literal(image, "suffix", "a.exe"));
    const b = set.add({ kind: "or", items: [literal(image, "suffix", "b.exe"), literal(cmd, "contains", "-b")] });
    set.seal();
    const view = viewSeeing(slots, { Image: "c:\\b.exe", CommandLine: "x" });
    expect(set.run(view, a)).toBe(false);
    expect(set.run(view, b)).toBe(true);
    expect(() => set.add(literal(image, "exact", "x"))).toThrow(/sealed/);
  });

  it("agrees with the tree it was laid out from on random detections and events", () => {
    // A small deterministic generator, so a failure can be replayed (its high bits: the low
    // bits of a linear congruential generator repeat with a short period).
    let seed = 12345;
    const next = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
      return (seed >>> 12) % n;
    };
    const words = ["", "a", "ab", "b", "ba", "abc", "C:\\A", "c:\\a\\b", "-x", "\u2013x", "Ab"];
    const shapes: Shape[] = ["exact", "prefix", "suffix", "contains"];
    const randomNode = (depth: number): ProgramNode => {
      const pick = next(depth > 3 ? 2 : 6);
      if (pick < 2) {
        return literal(
          next(2) === 0 ? image : cmd,
          shapes[next(4)] as Shape,
          words[next(words.length)] as string,
          next(4) as TextVariant,
          next(3) === 0 ? next(4) : -1,
        );
      }
      if (pick === 2) return { kind: "not", item: randomNode(depth + 1) };
      if (pick === 3) return { kind: "constant", value: next(2) === 0 };
      const items = Array.from({ length: next(4) }, () => randomNode(depth + 1));
      return { kind: next(2) === 0 ? "and" : "or", items };
    };
    const value = (): unknown => {
      const k = next(5);
      if (k === 0) return undefined;
      if (k === 1) return [words[next(words.length)], words[next(words.length)]];
      return `${words[next(words.length)]}${words[next(words.length)]}`;
    };
    let checked = 0;
    for (let i = 0; i < 400; i++) {
      const set = new ProgramSet();
      const nodes = Array.from({ length: 3 }, () => randomNode(0));
      const starts = nodes.map((n) => set.add(n));
      set.seal();
      for (let e = 0; e < 10; e++) {
        const fields: Record<string, unknown> = {};
        const img = value();
        const cl = value();
        if (img !== undefined) fields.Image = img;
        if (cl !== undefined) fields.CommandLine = cl;
        const view = viewSeeing(slots, fields, [next(4), next(4)]);
        nodes.forEach((node, r) => {
          expect(set.run(view, starts[r] as number)).toBe(reference(node, view));
          checked++;
        });
      }
    }
    expect(checked).toBe(12_000);
  });
});
