import { FOLD } from "./fold.js";
import { buildTrie } from "./trie.js";

/** Marks the start and the end of a scanned value, so anchored patterns are plain substrings. */
export const START = 0xfffe;
export const END = 0xffff;

/**
 * Bytes the dense rows of one automaton may take. Dense rows answer a step with one lookup;
 * sparse edges and failure links cost several scattered reads, so deep states are worth a row
 * too while the table stays a few megabytes (measured on the SigmaHQ set, scanning the regression
 * events: 256 KB made scans twice as slow as 1–4 MB; a row for all 66,000 command-line states,
 * 18 MB, was slower again). The cap keeps a huge rule set from growing the tables without bound.
 */
export const DENSE_BYTES = 2 * 1024 * 1024;

/** Options of AhoCorasick. */
export interface AhoCorasickOptions {
  /** Most states given a dense row (the shallowest, in breadth-first order); default from DENSE_BYTES. */
  readonly denseStates?: number;
}

/**
 * A multi-pattern matcher over folded text (Aho-Corasick, 1975). Patterns are sequences of
 * folded UTF-16 units and may begin with START or end with END to anchor them. Text that folds
 * to ASCII, nearly all of any log, runs on a dense table (one lookup a character, over the
 * classes of characters the patterns use) while the automaton is in one of its shallow states;
 * deeper states, reached only while the text follows some pattern for a while, and units outside
 * ASCII follow sparse edges and failure links.
 *
 * Written here because no maintained npm package offers anchored patterns, folding and
 * allocation-free scanning together.
 */
export class AhoCorasick {
  private readonly edgeStart: Int32Array;
  private readonly edgeCount: Int32Array;
  private readonly edgeUnit: Uint16Array;
  private readonly edgeTarget: Int32Array;
  private readonly fail: Int32Array;
  /** For each state, the range in `outputs` of the pattern ids that end there (with failure outputs). */
  private readonly outStart: Int32Array;
  private readonly outCount: Int32Array;
  private readonly outputs: Int32Array;
  /** Folded ASCII unit (raw units below 128 are folded first) → character class; 0 is "none". */
  private readonly asciiClass: Uint8Array;
  private readonly classes: number;
  private readonly startClass: number;
  private readonly endClass: number;
  /** States below this number have a dense row. */
  private readonly denseStates: number;
  /** Offsets below this (state * classes) belong to states with a dense row. */
  private readonly denseLimit: number;
  /**
   * The transition function over ASCII classes for the dense states: at (state * classes) +
   * class, the next state's offset (state * classes), stored as -(offset) - 1 when that state
   * reports patterns, so a step needs neither a multiplication nor a second lookup.
   */
  private readonly dense: Int32Array;

  /** Builds the automaton; `patterns[i]` gets id `i`. */
  constructor(patterns: readonly (readonly number[])[], options: AhoCorasickOptions = {}) {
    const trie = buildTrie(patterns);
    const n = trie.states;
    this.edgeStart = trie.edgeStart;
    this.edgeCount = trie.edgeCount;
    this.edgeUnit = trie.edgeUnit;
    this.edgeTarget = trie.edgeTarget;

    // States are numbered breadth first, so a state's failure target (shallower) is final
    // before the state's children need it.
    this.fail = new Int32Array(n);
    for (let s = 0; s < n; s++) {
      const start = this.edgeStart[s] as number;
      for (let e = start; e < start + (this.edgeCount[s] as number); e++) {
        const t = this.edgeTarget[e] as number;
        this.fail[t] = s === 0 ? 0 : this.step(this.fail[s] as number, this.edgeUnit[e] as number, -1);
      }
    }
    // Outputs of a state: the patterns ending there, then those of its failure target.
    this.outStart = new Int32Array(n);
    this.outCount = new Int32Array(n);
    const outputs: number[] = [];
    for (let s = 0; s < n; s++) {
      this.outStart[s] = outputs.length;
      for (let i = trie.endStart[s] as number; i < (trie.endStart[s + 1] as number); i++)
        outputs.push(trie.endIds[i] as number);
      const f = this.fail[s] as number;
      if (s !== 0 && f !== 0) {
        const fs = this.outStart[f] as number;
        for (let i = fs; i < fs + (this.outCount[f] as number); i++) outputs.push(outputs[i] as number);
      }
      this.outCount[s] = outputs.length - (this.outStart[s] as number);
    }
    this.outputs = Int32Array.from(outputs);

    // Classes: each ASCII unit the patterns use gets its own; every other ASCII unit shares 0.
    this.asciiClass = new Uint8Array(128);
    let classes = 1;
    const used = new Set(this.edgeUnit);
    for (let u = 0; u < 128; u++) if (used.has(u)) this.asciiClass[u] = classes++;
    for (let u = 0; u < 128; u++) {
      const f = FOLD[u] as number;
      if (f < 128) this.asciiClass[u] = this.asciiClass[f] as number;
    }
    // Two more classes for the START and END markers.
    this.startClass = classes++;
    this.endClass = classes++;
    this.classes = classes;
    const classOf = (unit: number): number =>
      unit === START
        ? this.startClass
        : unit === END
          ? this.endClass
          : unit < 128
            ? (this.asciiClass[unit] as number)
            : 0;
    const budget = options.denseStates ?? Math.floor(DENSE_BYTES / (4 * classes));
    this.denseStates = Math.max(1, Math.min(n, budget));
    // A state's row is its failure target's row (a shallower state, so dense too) with its own
    // edges written over it.
    const d = this.denseStates;
    this.denseLimit = d * classes;
    this.dense = new Int32Array(d * classes);
    for (let s = 0; s < d; s++) {
      if (s !== 0) {
        const f = this.fail[s] as number;
        this.dense.copyWithin(s * classes, f * classes, f * classes + classes);
      }
      const start = this.edgeStart[s] as number;
      for (let e = start; e < start + (this.edgeCount[s] as number); e++) {
        const c = classOf(this.edgeUnit[e] as number);
        if (c !== 0) this.dense[s * classes + c] = this.edgeTarget[e] as number;
      }
    }
    // Each entry becomes the target's row offset, negated (minus one) when the target reports
    // patterns (rows are copied above before any is converted).
    for (let i = 0; i < this.dense.length; i++) {
      const t = this.dense[i] as number;
      this.dense[i] = (this.outCount[t] as number) > 0 ? -(t * classes) - 1 : t * classes;
    }
  }

  private edge(state: number, unit: number): number {
    const start = this.edgeStart[state] as number;
    const count = this.edgeCount[state] as number;
    if (count < 8) {
      for (let i = start; i < start + count; i++) if (this.edgeUnit[i] === unit) return this.edgeTarget[i] as number;
      return -1;
    }
    let lo = start;
    let hi = start + count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const u = this.edgeUnit[mid] as number;
      if (u === unit) return this.edgeTarget[mid] as number;
      if (u < unit) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /**
   * The next state by edges and failure links, until a dense row can answer: from a state
   * without a dense row, for a unit outside ASCII (`cls` -1), and while the rows are being built.
   */
  private step(state: number, unit: number, cls: number): number {
    let s = state;
    for (;;) {
      if (cls >= 0 && s < this.denseStates) {
        const v = this.dense[s * this.classes + cls] as number;
        return (v < 0 ? -v - 1 : v) / this.classes;
      }
      const next = this.edge(s, unit);
      if (next !== -1) return next;
      if (s === 0) return 0;
      s = this.fail[s] as number;
    }
  }

  /** Reports the patterns ending at a state; true when `onMatch` asked to stop. */
  private emit(state: number, onMatch: (patternId: number) => unknown): boolean {
    const count = this.outCount[state] as number;
    if (count === 0) return false;
    const start = this.outStart[state] as number;
    for (let i = start; i < start + count; i++) if (onMatch(this.outputs[i] as number) === true) return true;
    return false;
  }

  /**
   * Calls `onMatch` with the id of every pattern found in START + fold(text) + END, in the order
   * they end. Returning true from `onMatch` stops the scan; the return value says whether it did.
   */
  scan(text: string, onMatch: (patternId: number) => unknown): boolean {
    const dense = this.dense;
    const classes = this.classes;
    const asciiClass = this.asciiClass;
    const denseLimit = this.denseLimit;
    let v = dense[this.startClass] as number;
    let off = v < 0 ? -v - 1 : v;
    if (v < 0 && this.emit(off / classes, onMatch)) return true;
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i);
      if (unit < 128 && off < denseLimit) {
        v = dense[off + (asciiClass[unit] as number)] as number;
        if (v < 0) {
          off = -v - 1;
          if (this.emit(off / classes, onMatch)) return true;
        } else {
          off = v;
        }
        continue;
      }
      // A deep state, or a unit outside ASCII: edges hold folded units (the dense classes fold
      // ASCII by themselves).
      const folded = FOLD[unit] as number;
      const state = this.step(off / classes, folded, folded < 128 ? (asciiClass[folded] as number) : -1);
      off = state * classes;
      if ((this.outCount[state] as number) > 0 && this.emit(state, onMatch)) return true;
    }
    const state = this.step(off / classes, END, this.endClass);
    return (this.outCount[state] as number) > 0 && this.emit(state, onMatch);
  }
}
