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
 * lowers to two units and `Σ` to `ς` at a word's end, which only a literal holding `i` or `σ` can
 * be caught by. "seen": the atom proves the literal; "seen-plain": it does when the value holds
 * neither of those two letters; "none": the literal is compared.
 */
export type AtomProof = "none" | "seen" | "seen-plain";

// Opcodes. Every node starts [opcode, end]: `end` is where the node's code stops, so a parent
// steps from child to child and skips the rest when it can answer early.
const AND = 0;
const OR = 1;
const NOT = 2;
/** [op, end, slot, variant | proof, atom, offset, length]: the literal's units are in `units`. */
const EXACT = 3;
const PREFIX = 4;
const SUFFIX = 5;
/** [op, end, slot, variant | proof, atom, text index]: searched with indexOf, far faster than a loop here. */
const CONTAINS = 6;
/** [op, end, matcher index] */
const CALL = 7;
/** [op, end] */
const TRUE = 8;
const FALSE = 9;
/** [op, end, slot] */
const PLAIN = 10;

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
    const emit = (n: ProgramNode): void => {
      const at = code.length;
      switch (n.kind) {
        case "and":
        case "or":
          code.push(n.kind === "and" ? AND : OR, 0);
          for (const item of n.items) emit(item);
          break;
        case "not":
          code.push(NOT, 0);
          emit(n.item);
          break;
        case "literal": {
          // Read only when the literal has an atom (see run).
          const flags = n.variant | PROOF_BITS[n.proof ?? "none"];
          if (n.shape === "contains") {
            code.push(CONTAINS, 0, n.slot, flags, n.atom, texts.length);
            texts.push(n.text);
          } else {
            code.push(n.shape === "exact" ? EXACT : n.shape === "prefix" ? PREFIX : SUFFIX, 0);
            code.push(n.slot, flags, n.atom, units.length, n.text.length);
            for (let i = 0; i < n.text.length; i++) units.push(n.text.charCodeAt(i));
          }
          break;
        }
        case "call":
          code.push(CALL, 0, calls.length);
          calls.push(n.matcher);
          break;
        case "constant":
          code.push(n.value ? TRUE : FALSE, 0);
          break;
        case "plain":
          code.push(PLAIN, 0, n.slot);
          break;
      }
      code[at + 1] = code.length;
    };
    const start = code.length;
    emit(node);
    return start;
  }

  /** Ends building: the code moves to its typed arrays. */
  seal(): void {
    if (!this.building) return;
    this.code = Int32Array.from(this.building.code);
    this.units = Uint16Array.from(this.building.units);
    this.building = undefined;
  }

  /** Evaluates the node at `pc`. */
  run(view: EventView, pc: number): boolean {
    const code = this.code;
    const op = code[pc] as number;
    switch (op) {
      case AND: {
        const end = code[pc + 1] as number;
        for (let c = pc + 2; c < end; c = code[c + 1] as number) if (!this.run(view, c)) return false;
        return true;
      }
      case OR: {
        const end = code[pc + 1] as number;
        for (let c = pc + 2; c < end; c = code[c + 1] as number) if (this.run(view, c)) return true;
        return false;
      }
      case NOT:
        return !this.run(view, pc + 2);
      case CALL:
        return (this.calls[code[pc + 2] as number] as Matcher)(view);
      case TRUE:
        return true;
      case FALSE:
        return false;
      case PLAIN:
        return view.foldsPlainly(code[pc + 2] as number);
      default: {
        const atom = code[pc + 4] as number;
        const slot = code[pc + 2] as number;
        const flags = code[pc + 3] as number;
        if (atom !== -1) {
          if (view.atomHits[atom] !== view.atomEpoch) return false;
          if (flags & PROVEN || (flags & PROVEN_IF_PLAIN && view.foldsPlainly(slot))) return true;
        }
        const variant = (flags & VARIANT_BITS) as TextVariant;
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
    }
  }

  /** Tests text against the literal of the node at `pc`. */
  private literal(op: number, pc: number, text: string): boolean {
    const code = this.code;
    if (op === CONTAINS) return text.includes(this.texts[code[pc + 5] as number] as string);
    const units = this.units;
    const offset = code[pc + 5] as number;
    const length = code[pc + 6] as number;
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
