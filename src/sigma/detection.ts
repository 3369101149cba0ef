import type { Place } from "../core/index.js";
import type { ConditionNode } from "./condition/index.js";
import type { ValueTest } from "./value.js";

/** A test of one field (or, with `field` null, of any value: a keyword search). */
export interface FieldItem {
  readonly kind: "field";
  /** The field name as written in the rule; null for keywords. */
  readonly field: string | null;
  readonly modifiers: readonly string[];
  readonly tests: readonly ValueTest[];
  /** AND over the tests instead of OR. */
  readonly all: boolean;
  /** True under `neq`: the item holds when the combined tests do not. */
  readonly negate: boolean;
  readonly place?: Place;
}

/** A search identifier's body: maps are AND, lists of maps are OR. */
export type DetectionNode =
  | { readonly kind: "and"; readonly items: readonly DetectionNode[] }
  | { readonly kind: "or"; readonly items: readonly DetectionNode[] }
  | FieldItem;

/** The detection section: named searches and the condition over them (a list of conditions is OR). */
export interface Detection {
  readonly searches: Readonly<Record<string, DetectionNode>>;
  readonly condition: ConditionNode;
  /** The condition text(s) as written, for output. */
  readonly conditionText: string;
}

/** Every field item of a detection node, depth first. */
export function* fieldItems(node: DetectionNode): Generator<FieldItem> {
  if (node.kind === "field") {
    yield node;
    return;
  }
  for (const item of node.items) yield* fieldItems(item);
}
