import { cidrContains, parseCidr, parseIp } from "../core/index.js";
import type { FieldItem, GlobPart, ValueTest } from "../sigma/index.js";
import type { AtomTable } from "./atom-table.js";
import { type MemoryRest, type RememberBudget, TextMemory } from "./remember-budget.js";
import { type EventView, type FieldSlots, type TextVariant, scalarText, variantOf } from "./event-view.js";
import { compileSafeRegex, minimumLength } from "./safe-regex.js";
import { type TextTest, anyOfShapes, exactSet, shapeTest } from "./shape-set.js";
import { type StringShape, shapeOf } from "./string-match.js";
import { timePartOf } from "./time-part.js";
import { testAnswers } from "./remembered-scan.js";
import { ANY_FIELD, testUnits } from "./trigger.js";

import type { AtomProof, Matcher, ProgramNode } from "./program.js";
import { END, START } from "./aho-corasick.js";
import { foldString, foldUnits, untouchedTextByLowerCase } from "./fold.js";

export type { Matcher } from "./program.js";
/** A compiled test of one field slot of an event. */
type SlotTest = (view: EventView, slot: number) => boolean;

/** What compiling needs: the field slots, how a rule's field name maps to event fields, and atoms. */
export interface CompileContext {
  readonly slots: FieldSlots;
  readonly resolve: (field: string) => readonly string[];
  /**
   * The bucket's atom table, when rules run behind the index. A test whose atom the index looks
   * for (a trigger of some rule) and did not see in this event is false without reading the
   * field. Absent, every test reads its field.
   */
  readonly atoms?: AtomTable;
  /** Bounds what regular expressions remember of their answers, with the engine's other memories. */
  readonly remembered?: RememberBudget;
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

/** The id of the atom a test needs in `field` when the index looks for it, else -1. */
function atomFor(test: ValueTest, field: string, ctx: CompileContext): number {
  if (!ctx.atoms) return -1;
  const units = testUnits(test);
  if (!units) return -1;
  // Only atoms already in the index: adding every value of every list would swell the automata
  // until their tables no longer fit in cache, which costs more than it saves.
  return ctx.atoms.find(field, units);
}

/** Runs `test` only when the index saw its atom in this event (a necessary condition). */
function gated(atom: number, test: SlotTest): SlotTest {
  if (atom === -1) return test;
  return (view, slot) => view.atomHits[atom] === view.atomEpoch && test(view, slot);
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

/** A value test other than a string (those become program literals: see stringNode). */
function compileValueTest(test: Exclude<ValueTest, { kind: "string" }>, field: string, ctx: CompileContext): SlotTest {
  switch (test.kind) {
    case "regex": {
      const re = compileSafeRegex(test.source, test.flags);
      const shortest = minimumLength(test.source);
      const answers = rememberAnswers((t) => re.test(t), ctx.remembered ?? { used: 0 });
      const slotTest = onSlot(0, (t) => t.length >= shortest && answers(t));
      return gated(atomFor(test, field, ctx), remembering(ctx, ctx.slots.slot(field), slotTest));
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
      // The texts as they are settle most events without lower-casing them. Equal, their lower
      // cases are; of different lengths, their lower cases differ too unless the shorter holds
      // `İ`, the only unit whose lower case is two (each adds one to its text's lower case).
      return (view, slot) => {
        const mine = view.text(slot, 0);
        if (mine === undefined) return false;
        for (const other of others) {
          const theirs = view.text(other, 0);
          if (theirs === undefined) continue;
          if (theirs === mine) return true;
          if (variant === 0) continue;
          if (theirs.length !== mine.length && !(theirs.length < mine.length ? theirs : mine).includes("\u0130"))
            continue;
          if (view.text(other, 1) === view.text(slot, 1)) return true;
        }
        return false;
      };
    }
  }
}

/** Texts up to this length have a regular expression's answer remembered, this many per expression. */
const REMEMBERED_LENGTH = 2048;
const REMEMBERED_TEXTS = 1024;
/** An expression's memory is looked at every 1,024 lookups and set aside for 16,384 tests (see MemoryRest). */
const REST: MemoryRest = { checkEvery: 1024, calls: 16_384 };

/**
 * A text test that remembers its recent answers. Regular expressions cost the most of any test
 * (a linear-time engine in JavaScript) and the values they read recur from event to event; a
 * lookup costs a hash of a few sampled characters and one comparison. The texts held count
 * against the engine's budget of remembered characters (remember-budget.ts). An expression whose
 * texts do not recur stops remembering them for a while (MemoryRest).
 */
function rememberAnswers(test: TextTest, budget: RememberBudget): TextTest {
  const answers = new TextMemory<boolean>(budget, REMEMBERED_TEXTS, REST);
  return (text) => {
    if (answers.resting() || text.length > REMEMBERED_LENGTH) return test(text);
    const known = answers.get(text);
    if (known !== undefined) return known;
    const answer = test(text);
    answers.set(text, answer);
    return answer;
  };
}

/**
 * A test of a field's raw text that keeps its answer with what the index remembers of the text,
 * when it does (EventView.remembered): a recurring value is then answered without a lookup of
 * its own. Otherwise the test runs as it is.
 */
function remembering(ctx: CompileContext, slot: number, test: SlotTest): SlotTest {
  if (!ctx.atoms) return test;
  const { number, counter } = ctx.atoms.testNumber(ctx.slots.names[slot] as string);
  return (view, slot) => {
    const remembered = view.remembered(slot);
    if (remembered === undefined) return test(view, slot);
    const tests = testAnswers(remembered, counter.count);
    const known = tests[number] as number;
    if (known !== 0) return known === 2;
    const answer = test(view, slot);
    tests[number] = answer ? 2 : 1;
    return answer;
  };
}

/** A slot test as a node of the program. */
function callOn(slot: number, test: SlotTest): ProgramNode {
  return { kind: "call", matcher: (view) => test(view, slot) };
}

/** Lists of more values than this without an atom to gate them are tested by one set or automaton. */
const INLINE_VALUES = 8;

/** A string shape of one field as a node: a literal the program compares itself, or a glob. */
function shapeNode(
  shape: StringShape,
  slot: number,
  variant: TextVariant,
  atom: number,
  ctx: CompileContext,
): ProgramNode {
  if (shape.kind === "glob")
    return callOn(slot, gated(atom, remembering(ctx, slot, onSlot(variant, shapeTest(shape)))));
  const proof =
    ctx.atoms && atom !== -1 ? atomProof(shape, variant, ctx.atoms.units[atom] as readonly number[]) : "none";
  // A case-insensitive literal that lower-casing cannot touch is compared with the text as it is,
  // which then need not be lower-cased for it (the rule on images without a backslash reads
  // every process creation's image for `\`).
  const compared =
    proof === "none" && variant & 1 && untouchedTextByLowerCase(shape.text) ? ((variant & ~1) as TextVariant) : variant;
  return { kind: "literal", shape: shape.kind, slot, variant: compared, atom, text: shape.text, proof };
}

/**
 * What seeing the atom proves of a case-insensitive literal (see AtomProof): the atom must be the
 * literal's whole folded text, anchored as the shape is.
 */
export function atomProof(
  shape: Exclude<StringShape, { kind: "glob" }>,
  variant: TextVariant,
  atomUnits: readonly number[],
): AtomProof {
  if (variant !== 1) return "none";
  const text = shape.text;
  const expected = [
    ...(shape.kind === "exact" || shape.kind === "prefix" ? [START] : []),
    ...foldUnits(text),
    ...(shape.kind === "exact" || shape.kind === "suffix" ? [END] : []),
  ];
  if (expected.length !== atomUnits.length || expected.some((u, i) => u !== atomUnits[i])) return "none";
  // Surrogates fold to themselves but lower by pairs: such literals are compared.
  if (/[\ud800-\udfff]/.test(text) || foldString(text) !== text) return "none";
  return /[i\u03c3]/.test(text) ? "seen-plain" : "seen";
}

/** A string test of one field as a node. */
function stringNode(
  test: Extract<ValueTest, { kind: "string" }>,
  field: string,
  slot: number,
  ctx: CompileContext,
): ProgramNode {
  const variant = variantFor(test);
  return shapeNode(shapeOf(normaliseParts(test.parts, variant)), slot, variant, atomFor(test, field, ctx), ctx);
}

/**
 * A long OR list of plain string values for one field. Behind the index, values whose atom the
 * index looks for become literals gated on that atom, so only values the index saw in this event
 * are compared. Of the rest, a few are compared one by one; many go through one set (exact
 * values) or one automaton (the others). Without the index, the list is one automaton-backed test.
 */
function stringListNode(
  tests: readonly Extract<ValueTest, { kind: "string" }>[],
  variant: TextVariant,
  field: string,
  slot: number,
  ctx: CompileContext,
): ProgramNode {
  const shapes = tests.map((t) => shapeOf(normaliseParts(t.parts, variant)));
  if (!ctx.atoms) return callOn(slot, onSlot(variant, anyOfShapes(shapes)));
  const items: ProgramNode[] = [];
  const exact: string[] = [];
  const rest: StringShape[] = [];
  tests.forEach((t, i) => {
    const shape = shapes[i] as StringShape;
    const atom = atomFor(t, field, ctx);
    if (atom !== -1) items.push(shapeNode(shape, slot, variant, atom, ctx));
    else if (shape.kind === "exact") exact.push(shape.text);
    else rest.push(shape);
  });
  if (exact.length > INLINE_VALUES) items.push(callOn(slot, onSlot(variant, exactSet(exact))));
  else for (const text of exact) items.push(shapeNode({ kind: "exact", text }, slot, variant, -1, ctx));
  if (rest.length > INLINE_VALUES) items.push(callOn(slot, remembering(ctx, slot, onSlot(variant, anyOfShapes(rest)))));
  else for (const shape of rest) items.push(shapeNode(shape, slot, variant, -1, ctx));
  return { kind: "or", items };
}

/** One value test of a field as a node. */
function valueNode(test: ValueTest, field: string, slot: number, ctx: CompileContext): ProgramNode {
  return test.kind === "string" ? stringNode(test, field, slot, ctx) : callOn(slot, compileValueTest(test, field, ctx));
}

/** The value tests of an item for one field, linked by OR (or AND under `all`). */
function fieldTestsNode(item: FieldItem, field: string, slot: number, ctx: CompileContext): ProgramNode {
  if (item.all) return { kind: "and", items: item.tests.map((t) => valueNode(t, field, slot, ctx)) };
  const byVariant = new Map<TextVariant, Extract<ValueTest, { kind: "string" }>[]>();
  const rest: ProgramNode[] = [];
  for (const t of item.tests) {
    if (t.kind === "string") {
      const variant = variantFor(t);
      byVariant.set(variant, [...(byVariant.get(variant) ?? []), t]);
    } else {
      rest.push(valueNode(t, field, slot, ctx));
    }
  }
  const lists: ProgramNode[] = [];
  for (const [variant, tests] of byVariant) {
    lists.push(
      tests.length === 1
        ? stringNode(tests[0] as Extract<ValueTest, { kind: "string" }>, field, slot, ctx)
        : stringListNode(tests, variant, field, slot, ctx),
    );
  }
  return { kind: "or", items: [...lists, ...rest] };
}

/**
 * Compiles a keyword item: its values are searched in every value of the event. Substring
 * keywords, the usual kind, look once in the event's joined text; others go value by value.
 */
function compileKeywords(item: FieldItem, ctx: CompileContext): Matcher {
  const tests = item.tests.map((t): Matcher => {
    const atom = atomFor(t, ANY_FIELD, ctx);
    let test: Matcher;
    if (t.kind === "string") {
      const variant = variantFor(t);
      const shape = shapeOf(normaliseParts(t.parts, variant));
      if (shape.kind === "contains" && !shape.text.includes("\u0000")) {
        const word = shape.text;
        test = (view) => view.allText(variant).includes(word);
      } else {
        const inner = shapeTest(shape);
        test = (view) => anyValue(view, (text) => inner(variantOf(text, variant) as string));
      }
    } else if (t.kind === "regex") {
      const re = compileSafeRegex(t.source, t.flags);
      const shortest = minimumLength(t.source);
      test = (view) => anyValue(view, (text) => text.length >= shortest && re.test(text));
    } else {
      test = () => false;
    }
    return atom === -1 ? test : (view) => view.atomHits[atom] === view.atomEpoch && test(view);
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
 * A field item as a node of the rule's program. A rule field that a pipeline maps to several
 * event fields matches when any of them does.
 */
export function itemNode(item: FieldItem, ctx: CompileContext): ProgramNode {
  if (item.field === null) return { kind: "call", matcher: compileKeywords(item, ctx) };
  const node: ProgramNode = {
    kind: "or",
    items: ctx.resolve(item.field).map((name) => fieldTestsNode(item, name, ctx.slots.slot(name), ctx)),
  };
  return item.negate ? { kind: "not", item: node } : node;
}
