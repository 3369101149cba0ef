import { FOLD } from "./fold.js";
import { buildTrie } from "./trie.js";

/** Marks the start and the end of a scanned value, so anchored patterns are plain substrings. */
export const START = 0xfffe;
export const END = 0xffff;

/**
 * A multi-pattern matcher over folded text (Aho-Corasick, 1975). Patterns are sequences of
 * folded UTF-16 units and may begin with START or end with END to anchor them. Text that folds
 * to ASCII, nearly all of any log, runs on a dense table (one lookup a character, over the
 * classes of characters the patterns use); other units follow sparse edges and failure links.
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
  /**
   * The complete transition function over ASCII: at state offset (state * classes) + class, the
   * next state's offset, stored as -(offset) - 1 when that state reports patterns.
   */
  private readonly dense: Int32Array;

  /** Builds the automaton; `patterns[i]` gets id `i`. */
  constructor(patterns: readonly (readonly number[])[]) {
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
        this.fail[t] = s === 0 ? 0 : this.step(this.fail[s] as number, this.edgeUnit[e] as number);
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
    // Two more classes for the START and END markers, so a scan never leaves the dense table.
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
    // A state's row is its failure target's row with its own edges written over it.
    this.dense = new Int32Array(n * classes);
    for (let s = 0; s < n; s++) {
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
    // patterns: the scan then needs neither a multiplication nor a second lookup per character.
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

  private step(state: number, unit: number): number {
    let s = state;
    for (;;) {
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
    let v = dense[this.startClass] as number;
    let off = v < 0 ? -v - 1 : v;
    if (v < 0 && this.emit(off / classes, onMatch)) return true;
    for (let i = 0; i < text.length; i++) {
      let unit = text.charCodeAt(i);
      if (unit >= 128) {
        unit = FOLD[unit] as number;
        if (unit >= 128) {
          // Outside ASCII even when folded: follow the sparse edges and failure links.
          const state = this.step(off / classes, unit);
          off = state * classes;
          if ((this.outCount[state] as number) > 0 && this.emit(state, onMatch)) return true;
          continue;
        }
      }
      v = dense[off + (asciiClass[unit] as number)] as number;
      if (v < 0) {
        off = -v - 1;
        if (this.emit(off / classes, onMatch)) return true;
      } else {
        off = v;
      }
    }
    v = dense[off + this.endClass] as number;
    return v < 0 && this.emit((-v - 1) / classes, onMatch);
  }
}
