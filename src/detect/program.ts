import { type EventView, type TextVariant, scalarText, variantOf } from "./event-view.js";

/** A compiled test of one event. */
export type Matcher = (view: EventView) => boolean;

/**
 * A rule's detection before it is laid out: AND, OR and NOT over literal string tests of a field
 * (the bulk of every Sigma rule) and calls to compiled matchers for everything else.
 */
export type ProgramNode =
  | { readonly kind: "and" | "or"; readonly items: readonly ProgramNode[] }
  | { readonly kind: "not"; readonly item: ProgramNode }
  | {
      readonly kind: "literal";
      readonly shape: "exact" | "prefix" | "suffix" | "contains";
      readonly slot: number;
      readonly variant: TextVariant;
      /** The index's atom that must have been seen in this event first, or -1. */
      readonly atom: number;
      readonly text: string;
      /** When seeing the atom proves the literal, so the text need not be read (see AtomProof). */
      readonly proof?: AtomProof;
    }
  | { readonly kind: "call"; readonly matcher: Matcher }
  /** Whether the field folds plainly (EventView.foldsPlainly): what a `seen-plain` proof needs besides its atom. */
  | { readonly kind: "plain"; readonly slot: number }
  | { readonly kind: "constant"; readonly value: boolean };

/**
 * What the index seeing a literal's atom proves. The automata fold each unit of a value to the
 * first unit of its lower case; a literal whose atom is its own folded text, anchored as its shape
 * is, then holds whenever the atom was seen, except where `toLowerCase` and folding part ways: `İ`
 * lowers to two units, `Σ` to `ς` at a word's end and `ς` stays itself where it folds to `σ`,
 * which only a literal holding `i` or `σ` can be caught by. "seen": the atom proves the literal;
 * "seen-plain": it does when the value holds none of those three letters; "none": the literal is
 * compared.
 */
export type AtomProof = "none" | "seen" | "seen-plain";

// The code is branch code: AND, OR and NOT leave no instructions of their own. Every test is
// one instruction of eight integers that names where to go next when it holds and when it does
// not, so a rule runs as a loop from test to test until it reaches TRUE_END or FALSE_END. The
// recursive walk over AND and OR nodes it replaced cost about 13 ns a node, and as many nodes
// as tests were visited (36 an event in the Sigma benchmark).
//   [op, slot, flags, atom, a, b, next if true, next if false]
// Literals: flags is the variant | what the atom proves, a and b the offset and length of the
// literal's units in `units` (exact, prefix, suffix) or a is its index in `texts` (contains).
// CALL: slot is the matcher's index in `calls`. PLAIN: the slot. CONSTANT: flags 1 for true.
const EXACT = 0;
const PREFIX = 1;
const SUFFIX = 2;
/** Searched with indexOf, far faster than a loop here. */
const CONTAINS = 3;
const CALL = 4;
const PLAIN = 5;
const CONSTANT = 6;
const ON_TRUE = 6;
const ON_FALSE = 7;
/** Where a rule's run ends: it matched, or it did not. */
const TRUE_END = -1;
const FALSE_END = -2;

// Bits above a literal's variant: what seeing its atom proves (AtomProof).
const VARIANT_BITS = 3;
const PROVEN = 4;
const PROVEN_IF_PLAIN = 8;
const PROOF_BITS: Readonly<Record<AtomProof, number>> = { none: 0, seen: PROVEN, "seen-plain": PROVEN_IF_PLAIN };

/**
 * Rules' detections laid out flat: one Int32Array of code for all the rules of a log source, the
 * units of their exact, prefix and suffix literals in one Uint16Array, and the few strings and
 * matchers they need besides. Most rules run on a small share of the events, so their data is
 * rarely in the processor's cache when they do: a tree of closures (a function, its context, a
 * shape and a string per test) cost a cache miss at nearly every step, and matchers took three
 * quarters of detection's time on a mixed stream against a quarter when the same event came again
 * and again. Laid out flat, a test reads a few neighbouring integers, the literal's units next to
 * them and the event's text; the index runs a rule from its start in the shared code, without a
 * closure or an object of its own to reach first.
 */
export class ProgramSet {
  private building: { code: number[]; units: number[] } | undefined = { code: [], units: [] };
  private code = new Int32Array(0);
  private units = new Uint16Array(0);
  private readonly texts: string[] = [];
  private readonly calls: Matcher[] = [];

  /** A one-rule set's matcher. */
  static matcher(root: ProgramNode): Matcher {
    const node = simplify(root);
    if (node.kind === "call") return node.matcher;
    const set = new ProgramSet();
    const start = set.layOut(node);
    set.seal();
    return (view) => set.run(view, start);
  }

  /**
   * Lays a detection out; returns where its code starts. Only before seal. `rewrite` sees the
   * detection simplified (nested groups of one kind merged), as it will be laid out.
   */
  add(root: ProgramNode, rewrite?: (node: ProgramNode) => ProgramNode): number {
    const node = simplify(root);
    return this.layOut(rewrite ? simplify(rewrite(node)) : node);
  }

  private layOut(node: ProgramNode): number {
    const building = this.building;
    if (!building) throw new Error("program set already sealed");
    const { code, units } = building;
    const texts = this.texts;
    const calls = this.calls;
    // One instruction (see the layout above); returns where it starts.
    const instruction = (
      op: number,
      slot: number,
      flags: number,
      atom: number,
      a: number,
      b: number,
      onTrue: number,
      onFalse: number,
    ) => {
      code.push(op, slot, flags, atom, a, b, onTrue, onFalse);
      return code.length - 8;
    };
    // Lays out `n` so that it goes on to `onTrue` when it holds and to `onFalse` when not;
    // returns where it starts. Children are laid out last first, since each goes on to the next.
    const emit = (n: ProgramNode, onTrue: number, onFalse: number): number => {
      switch (n.kind) {
        case "and": {
          let next = onTrue;
          for (let i = n.items.length - 1; i >= 0; i--) next = emit(n.items[i] as ProgramNode, next, onFalse);
          return next;
        }
        case "or": {
          let next = onFalse;
          for (let i = n.items.length - 1; i >= 0; i--) next = emit(n.items[i] as ProgramNode, onTrue, next);
          return next;
        }
        case "not":
          return emit(n.item, onFalse, onTrue);
        case "constant":
          return n.value ? onTrue : onFalse;
        case "literal": {
          // Read only when the literal has an atom (see run).
          const flags = n.variant | PROOF_BITS[n.proof ?? "none"];
          if (n.shape === "contains") {
            texts.push(n.text);
            return instruction(CONTAINS, n.slot, flags, n.atom, texts.length - 1, 0, onTrue, onFalse);
          }
          const offset = units.length;
          for (let i = 0; i < n.text.length; i++) units.push(n.text.charCodeAt(i));
          const op = n.shape === "exact" ? EXACT : n.shape === "prefix" ? PREFIX : SUFFIX;
          return instruction(op, n.slot, flags, n.atom, offset, n.text.length, onTrue, onFalse);
        }
        case "call":
          calls.push(n.matcher);
          return instruction(CALL, calls.length - 1, 0, -1, 0, 0, onTrue, onFalse);
        case "plain":
          return instruction(PLAIN, n.slot, 0, -1, 0, 0, onTrue, onFalse);
      }
    };
    const start = emit(node, TRUE_END, FALSE_END);
    if (start >= 0) return start;
    // A detection that is a constant still gets an instruction, so every rule starts somewhere.
    return instruction(CONSTANT, 0, start === TRUE_END ? 1 : 0, -1, 0, 0, start, start);
  }

  /** Ends building: the code moves to its typed arrays. */
  seal(): void {
    if (!this.building) return;
    this.code = Int32Array.from(this.building.code);
    this.units = Uint16Array.from(this.building.units);
    this.building = undefined;
  }

  /** Runs the rule whose code starts at `pc`: whether the event matches it. */
  run(view: EventView, pc: number): boolean {
    const code = this.code;
    while (pc >= 0) {
      const op = code[pc] as number;
      let holds: boolean;
      if (op === CALL) holds = (this.calls[code[pc + 1] as number] as Matcher)(view);
      else if (op === PLAIN) holds = view.foldsPlainly(code[pc + 1] as number);
      else if (op === CONSTANT) holds = code[pc + 2] === 1;
      else {
        const atom = code[pc + 3] as number;
        const flags = code[pc + 2] as number;
        if (atom !== -1 && view.atomHits[atom] !== view.atomEpoch) holds = false;
        else if (
          atom !== -1 &&
          (flags & PROVEN || (flags & PROVEN_IF_PLAIN && view.foldsPlainly(code[pc + 1] as number)))
        )
          holds = true;
        else holds = this.compare(view, op, pc);
      }
      pc = code[pc + (holds ? ON_TRUE : ON_FALSE)] as number;
    }
    return pc === TRUE_END;
  }

  /** Reads the field of the literal at `pc` and compares it; a list holds when an element does. */
  private compare(view: EventView, op: number, pc: number): boolean {
    const code = this.code;
    const slot = code[pc + 1] as number;
    const variant = ((code[pc + 2] as number) & VARIANT_BITS) as TextVariant;
    const text = view.text(slot, variant);
    if (text !== undefined) return this.literal(op, pc, text);
    // A list value (rare): the test holds when it holds for an element.
    const value = view.value(slot);
    if (!Array.isArray(value)) return false;
    for (const element of value) {
      const t = variantOf(scalarText(element), variant);
      if (t !== undefined && this.literal(op, pc, t)) return true;
    }
    return false;
  }

  /** Tests text against the literal of the instruction at `pc`. */
  private literal(op: number, pc: number, text: string): boolean {
    const code = this.code;
    if (op === CONTAINS) return text.includes(this.texts[code[pc + 4] as number] as string);
    const units = this.units;
    const offset = code[pc + 4] as number;
    const length = code[pc + 5] as number;
    const n = text.length;
    if (op === EXACT) {
      if (n !== length) return false;
    } else if (n < length) {
      return false;
    }
    // Suffixes are compared from their end, where paths and names differ first.
    if (op === SUFFIX) {
      const shift = n - length;
      for (let i = length - 1; i >= 0; i--) if (text.charCodeAt(shift + i) !== units[offset + i]) return false;
      return true;
    }
    for (let i = 0; i < length; i++) if (text.charCodeAt(i) !== units[offset + i]) return false;
    return true;
  }
}

/** Removes one-item groups, merges nested groups of the same kind and double negations. */
function simplify(node: ProgramNode): ProgramNode {
  switch (node.kind) {
    case "and":
    case "or": {
      // The value that decides the group (false for AND) and the one that drops out.
      const decides = node.kind === "or";
      const items: ProgramNode[] = [];
      for (const item of node.items.map(simplify)) {
        if (item.kind === "constant") {
          if (item.value === decides) return item;
        } else if (item.kind === node.kind) {
          items.push(...item.items);
        } else {
          items.push(item);
        }
      }
      if (items.length === 1) return items[0] as ProgramNode;
      if (items.length === 0) return { kind: "constant", value: !decides };
      return { kind: node.kind, items };
    }
    case "not": {
      const inner = simplify(node.item);
      if (inner.kind === "not") return inner.item;
      if (inner.kind === "constant") return { kind: "constant", value: !inner.value };
      return { kind: "not", item: inner };
    }
    default:
      return node;
  }
}
