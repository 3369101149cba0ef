import { type EventView, type TextVariant, scalarText, variantOf } from "./event-view.js";
import { keepLiteralAnswer, literalAnswer } from "./remembered-scan.js";

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
// one instruction of five integers that names where to go next when it holds and when it does
// not, so a rule runs as a loop from test to test until it reaches TRUE_END or FALSE_END. The
// recursive walk over AND and OR nodes it replaced cost about 13 ns a node, and as many nodes
// as tests were visited (36 an event in the Sigma benchmark).
//   [op | flags << 3 | slot << 8, atom, a, next if true, next if false]
// Literals: flags is the variant | what the atom proves; a is where the literal's length stands in
// `units` (low 16 bits, then high), its units after it (exact, prefix, suffix), or its index in
// `texts` (contains).
// CALL: slot is the matcher's index in `calls`. PLAIN: the slot. CONSTANT: flags 1 for true.
// Five integers, not eight as the fields laid out one each took: a rule's code is seldom in the
// processor's cache when the rule runs (a log source's code is 590 KB for process creation in
// eight), and fewer lines of it are read.
const EXACT = 0;
const PREFIX = 1;
const SUFFIX = 2;
/** Searched with indexOf, far faster than a loop here. */
const CONTAINS = 3;
const CALL = 4;
const PLAIN = 5;
const CONSTANT = 6;
const WIDTH = 5;
const ATOM = 1;
const A = 2;
const ON_TRUE = 3;
const ON_FALSE = 4;
const OP_BITS = 7;
const FLAGS_SHIFT = 3;
const FLAGS_BITS = 15;
const SLOT_SHIFT = 8;
/** Most slots (field slots or matchers) an instruction can name. */
const MOST_SLOTS = 1 << 23;
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
  private building: { code: number[]; units: number[]; answers: number[] } | undefined = {
    code: [],
    units: [],
    answers: [],
  };
  private code = new Int32Array(0);
  private units = new Uint16Array(0);
  private readonly texts: string[] = [];
  private readonly calls: Matcher[] = [];
  /**
   * Per instruction, the number its literal's answer is kept under with the field's remembered
   * text, or -1. A recurring value is then compared once, not lower-cased and compared at every
   * event (1.1 texts lower-cased and 5.3 literals compared an event in the benchmark). The same
   * literal of the same field in several rules has one number.
   */
  private answers = new Int32Array(0);
  private readonly answerNumbers = new Map<string, number>();

  /** With `keepAnswers`, compared literals keep their answers with the index's remembered texts. */
  constructor(private readonly keepAnswers = false) {}

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
    const { code, units, answers } = building;
    const texts = this.texts;
    const calls = this.calls;
    const keepAnswers = this.keepAnswers;
    const answerNumbers = this.answerNumbers;
    // One instruction (see the layout above); returns where it starts.
    const instruction = (
      op: number,
      slot: number,
      flags: number,
      atom: number,
      a: number,
      onTrue: number,
      onFalse: number,
      answer = -1,
    ) => {
      if (slot >= MOST_SLOTS) throw new Error(`a rule's code names slot ${slot}, past the ${MOST_SLOTS} it can`);
      code.push(op | (flags << FLAGS_SHIFT) | (slot << SLOT_SHIFT), atom, a, onTrue, onFalse);
      answers.push(answer);
      return code.length - WIDTH;
    };
    // The number a literal that may be compared (not proven by its atom alone) keeps its answer
    // under; one per distinct literal of a field.
    const answerOf = (n: Extract<ProgramNode, { kind: "literal" }>, flags: number): number => {
      if (!keepAnswers || flags & PROVEN) return -1;
      const key = `${n.shape}|${n.slot}|${n.variant}|${n.text}`;
      let number = answerNumbers.get(key);
      if (number === undefined) {
        number = answerNumbers.size;
        answerNumbers.set(key, number);
      }
      return number;
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
            return instruction(CONTAINS, n.slot, flags, n.atom, texts.length - 1, onTrue, onFalse, answerOf(n, flags));
          }
          const at = units.length;
          // The length first, in two units (they hold 16 bits each), then the literal's units.
          units.push(n.text.length & 0xffff, n.text.length >>> 16);
          for (let i = 0; i < n.text.length; i++) units.push(n.text.charCodeAt(i));
          const op = n.shape === "exact" ? EXACT : n.shape === "prefix" ? PREFIX : SUFFIX;
          return instruction(op, n.slot, flags, n.atom, at, onTrue, onFalse, answerOf(n, flags));
        }
        case "call":
          calls.push(n.matcher);
          return instruction(CALL, calls.length - 1, 0, -1, 0, onTrue, onFalse);
        case "plain":
          return instruction(PLAIN, n.slot, 0, -1, 0, onTrue, onFalse);
      }
    };
    const start = emit(node, TRUE_END, FALSE_END);
    if (start >= 0) return start;
    // A detection that is a constant still gets an instruction, so every rule starts somewhere.
    return instruction(CONSTANT, 0, start === TRUE_END ? 1 : 0, -1, 0, start, start);
  }

  /** Ends building: the code moves to its typed arrays. */
  seal(): void {
    if (!this.building) return;
    this.code = Int32Array.from(this.building.code);
    this.units = Uint16Array.from(this.building.units);
    this.answers = Int32Array.from(this.building.answers);
    this.building = undefined;
  }

  /** Runs the rule whose code starts at `pc`: whether the event matches it. */
  run(view: EventView, pc: number): boolean {
    const code = this.code;
    while (pc >= 0) {
      const word = code[pc] as number;
      const op = word & OP_BITS;
      let holds: boolean;
      if (op === CALL) holds = (this.calls[word >>> SLOT_SHIFT] as Matcher)(view);
      else if (op === PLAIN) holds = view.foldsPlainly(word >>> SLOT_SHIFT);
      else if (op === CONSTANT) holds = ((word >>> FLAGS_SHIFT) & FLAGS_BITS) === 1;
      else {
        const atom = code[pc + ATOM] as number;
        const flags = (word >>> FLAGS_SHIFT) & FLAGS_BITS;
        if (atom !== -1 && view.atomHits[atom] !== view.atomEpoch) holds = false;
        else if (atom !== -1 && (flags & PROVEN || (flags & PROVEN_IF_PLAIN && view.foldsPlainly(word >>> SLOT_SHIFT))))
          holds = true;
        else holds = this.compare(view, op, word >>> SLOT_SHIFT, (flags & VARIANT_BITS) as TextVariant, pc);
      }
      pc = code[pc + (holds ? ON_TRUE : ON_FALSE)] as number;
    }
    return pc === TRUE_END;
  }

  /**
   * Whether the literal at `pc` holds for its field: answered from the field's remembered text
   * when the index remembers it, else compared.
   */
  private compare(view: EventView, op: number, slot: number, variant: TextVariant, pc: number): boolean {
    const number = this.answers[(pc / WIDTH) | 0] as number;
    if (number !== -1) {
      const remembered = view.remembered(slot);
      if (remembered !== undefined) {
        const known = literalAnswer(remembered, number);
        if (known !== 0) return known === 2;
        const answer = this.compareText(view, op, slot, variant, pc);
        keepLiteralAnswer(remembered, number, answer);
        return answer;
      }
    }
    return this.compareText(view, op, slot, variant, pc);
  }

  /** Reads the field of the literal at `pc` and compares it; a list holds when an element does. */
  private compareText(view: EventView, op: number, slot: number, variant: TextVariant, pc: number): boolean {
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
    const a = this.code[pc + A] as number;
    if (op === CONTAINS) return text.includes(this.texts[a] as string);
    const units = this.units;
    const length = (units[a] as number) | ((units[a + 1] as number) << 16);
    const offset = a + 2;
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
