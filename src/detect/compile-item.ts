import { cidrContains, parseCidr, parseIp } from "../core/index.js";
import type { FieldItem, GlobPart, ValueTest } from "../sigma/index.js";
import { type EventView, type FieldSlots, type TextVariant, scalarText, variantOf } from "./event-view.js";
import { compileSafeRegex } from "./safe-regex.js";
import { type TextTest, anyOfShapes, shapeTest } from "./shape-set.js";
import { type StringShape, shapeOf } from "./string-match.js";
import { timePartOf } from "./time-part.js";

/** A compiled test of one event. */
export type Matcher = (view: EventView) => boolean;
/** A compiled test of one field slot of an event. */
type SlotTest = (view: EventView, slot: number) => boolean;

/** What compiling needs: the field slots, and how a rule's field name maps to event fields. */
export interface CompileContext {
  readonly slots: FieldSlots;
  readonly resolve: (field: string) => readonly string[];
}

/** The text variant a string test reads: lower-cased unless `cased`, dash-folded under `windash`. */
export function variantFor(test: { cased: boolean; windash: boolean }): TextVariant {
  return ((test.cased ? 0 : 1) | (test.windash ? 2 : 0)) as TextVariant;
}

/** Applies a variant to a glob's literal parts, as the compared text is treated. */
export function normaliseParts(parts: readonly GlobPart[], variant: TextVariant): GlobPart[] {
  return parts.map((p) => (typeof p === "string" ? (variantOf(p, variant) as string) : p));
}

/** Lifts a text test to a slot: scalars are tested as text, lists when any element passes. */
function onSlot(variant: TextVariant, test: TextTest): SlotTest {
  return (view, slot) => {
    const text = view.text(slot, variant);
    if (text !== undefined) return test(text);
    const value = view.value(slot);
    if (!Array.isArray(value)) return false;
    for (const element of value) {
      const t = variantOf(scalarText(element), variant);
      if (t !== undefined && test(t)) return true;
    }
    return false;
  };
}

function numberOf(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  if (typeof value === "string" && value.trim() !== "") {
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

function compareTest(test: Extract<ValueTest, { kind: "compare" }>): SlotTest {
  const { op, value: bound, timePart } = test;
  const check = (n: number): boolean =>
    op === "eq"
      ? n === bound
      : op === "lt"
        ? n < bound
        : op === "lte"
          ? n <= bound
          : op === "gt"
            ? n > bound
            : n >= bound;
  return (view, slot) => {
    const raw = view.value(slot);
    const n = timePart ? timePartOf(scalarText(raw), timePart) : numberOf(raw);
    return n !== undefined && check(n);
  };
}

function compileValueTest(test: ValueTest, ctx: CompileContext): SlotTest {
  switch (test.kind) {
    case "string": {
      const variant = variantFor(test);
      return onSlot(variant, shapeTest(shapeOf(normaliseParts(test.parts, variant))));
    }
    case "regex": {
      const re = compileSafeRegex(test.source, test.flags);
      return onSlot(0, (t) => re.test(t));
    }
    case "compare":
      return compareTest(test);
    case "cidr": {
      const network = parseCidr(test.cidr);
      if (!network) return () => false;
      return onSlot(0, (t) => {
        const ip = parseIp(t);
        return ip !== null && cidrContains(network, ip);
      });
    }
    case "null":
      return (view, slot) => {
        const v = view.value(slot);
        return v === undefined || v === null;
      };
    case "exists":
      return test.exists
        ? (view, slot) => view.value(slot) !== undefined
        : (view, slot) => view.value(slot) === undefined;
    case "fieldref": {
      const variant: TextVariant = test.cased ? 0 : 1;
      const others = ctx.resolve(test.field).map((name) => ctx.slots.slot(name));
      return (view, slot) => {
        const mine = view.text(slot, variant);
        if (mine === undefined) return false;
        for (const other of others) if (view.text(other, variant) === mine) return true;
        return false;
      };
    }
  }
}

/** Compiles the value tests of an item for one slot, linked by OR (or AND under `all`). */
function compileSlotTests(item: FieldItem, ctx: CompileContext): SlotTest {
  const tests = item.tests;
  if (!item.all) {
    // Group the plain string tests by variant so a long list becomes one set-and-loops test.
    const byVariant = new Map<TextVariant, StringShape[]>();
    const rest: SlotTest[] = [];
    for (const t of tests) {
      if (t.kind === "string") {
        const variant = variantFor(t);
        const list = byVariant.get(variant) ?? [];
        list.push(shapeOf(normaliseParts(t.parts, variant)));
        byVariant.set(variant, list);
      } else {
        rest.push(compileValueTest(t, ctx));
      }
    }
    for (const [variant, shapes] of byVariant) rest.unshift(onSlot(variant, anyOfShapes(shapes)));
    if (rest.length === 1) return rest[0] as SlotTest;
    return (view, slot) => {
      for (let i = 0; i < rest.length; i++) if ((rest[i] as SlotTest)(view, slot)) return true;
      return false;
    };
  }
  const every = tests.map((t) => compileValueTest(t, ctx));
  return (view, slot) => {
    for (let i = 0; i < every.length; i++) if (!(every[i] as SlotTest)(view, slot)) return false;
    return true;
  };
}

/**
 * Compiles a keyword item: its values are searched in every value of the event. Substring
 * keywords, the usual kind, look once in the event's joined text; others go value by value.
 */
function compileKeywords(item: FieldItem): Matcher {
  const tests = item.tests.map((t): Matcher => {
    if (t.kind === "string") {
      const variant = variantFor(t);
      const shape = shapeOf(normaliseParts(t.parts, variant));
      if (shape.kind === "contains" && !shape.text.includes("\u0000")) {
        const word = shape.text;
        return (view) => view.allText(variant).includes(word);
      }
      const inner = shapeTest(shape);
      return (view) => anyValue(view, (text) => inner(variantOf(text, variant) as string));
    }
    if (t.kind === "regex") {
      const re = compileSafeRegex(t.source, t.flags);
      return (view) => anyValue(view, (text) => re.test(text));
    }
    return () => false;
  });
  const result: Matcher = item.all ? (view) => tests.every((t) => t(view)) : (view) => tests.some((t) => t(view));
  return item.negate ? (view) => !result(view) : result;
}

function anyValue(view: EventView, test: TextTest): boolean {
  let hit = false;
  view.doc?.forEachValue((v) => {
    if (hit) return;
    const text = scalarText(v);
    if (text !== undefined && test(text)) hit = true;
  });
  return hit;
}

/**
 * Compiles a field item to a matcher. A rule field that a pipeline maps to several event fields
 * matches when any of them does.
 */
export function compileItem(item: FieldItem, ctx: CompileContext): Matcher {
  if (item.field === null) return compileKeywords(item);
  const slots = ctx.resolve(item.field).map((name) => ctx.slots.slot(name));
  const test = compileSlotTests(item, ctx);
  let matcher: Matcher;
  if (slots.length === 1) {
    const slot = slots[0] as number;
    matcher = (view) => test(view, slot);
  } else {
    matcher = (view) => {
      for (let i = 0; i < slots.length; i++) if (test(view, slots[i] as number)) return true;
      return false;
    };
  }
  return item.negate ? (view) => !matcher(view) : matcher;
}
