import type { ProgramNode } from "./program.js";

/**
 * Rewrites a rule's program for running behind the index, which runs a triggered rule only when
 * the event showed an atom of every group of its trigger (rule-index.ts). A test that every atom
 * of some group proves (an OR of literals whose atoms the index reads as proof, see AtomProof) is
 * then true whenever the rule runs, and becomes a constant: the long lists of image names most
 * rules select on were read item by item, each a miss in the cache, to find again what the index
 * had just found. Where the proof needs the value to fold plainly (`seen-plain`), the test is
 * answered by that check first and compared only when it fails.
 *
 * Only for rules that run behind their trigger: a rule that runs on every event, or a program run
 * without the index, must keep its tests.
 */
export function assumeGroupsSeen(node: ProgramNode, groups: readonly (readonly number[])[]): ProgramNode {
  if (groups.length === 0 || groups.some((g) => g.length === 0)) return node;
  return rewrite(node, groups);
}

function rewrite(node: ProgramNode, groups: readonly (readonly number[])[]): ProgramNode {
  switch (node.kind) {
    case "and":
      return { kind: "and", items: node.items.map((n) => rewrite(n, groups)) };
    case "not":
      return { kind: "not", item: rewrite(node.item, groups) };
    case "or": {
      const items = node.items.map((n) => rewrite(n, groups));
      return implied({ kind: "or", items }, items, groups);
    }
    case "literal":
      return implied(node, [node], groups);
    default:
      return node;
  }
}

/** The node as a constant, or behind a plain-folding check, when some group proves one of `tests`. */
function implied(
  node: ProgramNode,
  tests: readonly ProgramNode[],
  groups: readonly (readonly number[])[],
): ProgramNode {
  const proven = new Set<number>();
  const plainSlot = new Map<number, number>();
  for (const t of tests) {
    if (t.kind !== "literal" || t.atom === -1) continue;
    if (t.proof === "seen") proven.add(t.atom);
    else if (t.proof === "seen-plain") plainSlot.set(t.atom, t.slot);
  }
  if (proven.size === 0 && plainSlot.size === 0) return node;
  // The fewest fields whose plain folding, with some group seen, proves the node.
  let plainSlots: ReadonlySet<number> | undefined;
  for (const group of groups) {
    if (group.every((atom) => proven.has(atom))) return { kind: "constant", value: true };
    const slots = new Set<number>();
    let covered = true;
    for (const atom of group) {
      if (proven.has(atom)) continue;
      const slot = plainSlot.get(atom);
      if (slot === undefined) {
        covered = false;
        break;
      }
      slots.add(slot);
    }
    if (covered && (plainSlots === undefined || slots.size < plainSlots.size)) plainSlots = slots;
  }
  if (plainSlots === undefined) return node;
  const checks: ProgramNode[] = [...plainSlots].map((slot) => ({ kind: "plain", slot }));
  return { kind: "or", items: [{ kind: "and", items: checks }, node] };
}
