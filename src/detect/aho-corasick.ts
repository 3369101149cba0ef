import { FOLD } from "./fold.js";

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
  private readonly rootNext: Int32Array;
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
  /** state * classes + class → next state: the complete transition function over ASCII. */
  private readonly dense: Int32Array | Uint16Array;

  /** Builds the automaton; `patterns[i]` gets id `i`. */
  constructor(patterns: readonly (readonly number[])[]) {
    const { children, ends } = breadthFirstTrie(patterns);
    const n = children.length;
    this.fail = new Int32Array(n);
    this.edgeStart = new Int32Array(n);
    this.edgeCount = new Int32Array(n);
    let totalEdges = 0;
    for (const kids of children) totalEdges += kids.size;
    this.edgeUnit = new Uint16Array(totalEdges);
    this.edgeTarget = new Int32Array(totalEdges);
    let e = 0;
    children.forEach((kids, s) => {
      this.edgeStart[s] = e;
      this.edgeCount[s] = kids.size;
      for (const [unit, target] of [...kids].sort((a, b) => a[0] - b[0])) {
        this.edgeUnit[e] = unit;
        this.edgeTarget[e++] = target;
      }
    });
    this.rootNext = new Int32Array(65536);
    for (const [unit, target] of children[0] as Map<number, number>) this.rootNext[unit] = target;

    // Breadth-first, so a state's failure target is final before its children need it.
    const order: number[] = [];
    const queue: number[] = [...(children[0] as Map<number, number>).values()];
    for (let head = 0; head < queue.length; head++) {
      const s = queue[head] as number;
      order.push(s);
      for (const [unit, t] of children[s] as Map<number, number>) {
        let f = this.fail[s] as number;
        let next = -1;
        for (;;) {
          next = f === 0 ? (this.rootNext[unit] as number) : this.edge(f, unit);
          if (next !== -1 || f === 0) break;
          f = this.fail[f] as number;
        }
        this.fail[t] = next > 0 && next !== t ? next : 0;
        queue.push(t);
      }
    }
    const merged: number[][] = ends.map((x) => [...x]);
    for (const s of order) {
      const f = this.fail[s] as number;
      if (f !== 0) (merged[s] as number[]).push(...(merged[f] as number[]));
    }
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
    const classUnit = new Int32Array(classes).fill(-1);
    for (let u = 0; u < 128; u++)
      if (this.asciiClass[u] !== 0 && FOLD[u] === u) classUnit[this.asciiClass[u] as number] = u;
    classUnit[this.startClass] = START;
    classUnit[this.endClass] = END;
    // Half the memory, so more of the table stays in cache, whenever state numbers fit 16 bits.
    this.dense = new Int32Array(n * classes);
    // In breadth-first order a state's failure target is filled in before the state itself.
    for (const s of [0, ...order]) {
      for (let c = 1; c < classes; c++) {
        const unit = classUnit[c] as number;
        const next = s === 0 ? (this.rootNext[unit] as number) : this.edge(s, unit);
        this.dense[s * classes + c] =
          next !== -1 ? next : s === 0 ? 0 : (this.dense[(this.fail[s] as number) * classes + c] as number);
      }
    }
    this.outStart = new Int32Array(n);
    this.outCount = new Int32Array(n);
    let total = 0;
    for (const list of merged) total += list.length;
    this.outputs = new Int32Array(total);
    let o = 0;
    merged.forEach((list, s) => {
      this.outStart[s] = o;
      this.outCount[s] = list.length;
      for (const id of list) this.outputs[o++] = id;
    });
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
    while (s !== 0) {
      const next = this.edge(s, unit);
      if (next !== -1) return next;
      s = this.fail[s] as number;
    }
    return this.rootNext[unit] as number;
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
    let s = dense[this.startClass] as number;
    if (this.outCount[s] !== 0 && this.emit(s, onMatch)) return true;
    const asciiClass = this.asciiClass;
    const outCount = this.outCount;
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i);
      if (unit < 128) {
        s = dense[s * classes + (asciiClass[unit] as number)] as number;
      } else {
        const folded = FOLD[unit] as number;
        s = folded < 128 ? (dense[s * classes + (asciiClass[folded] as number)] as number) : this.step(s, folded);
      }
      if (outCount[s] !== 0 && this.emit(s, onMatch)) return true;
    }
    s = dense[s * classes + this.endClass] as number;
    return this.outCount[s] !== 0 && this.emit(s, onMatch);
  }
}

/**
 * The trie of the patterns with its states numbered breadth first: the shallow states, where a
 * scan spends nearly all its time, sit together at the start of the transition table.
 */
function breadthFirstTrie(patterns: readonly (readonly number[])[]): {
  children: Map<number, number>[];
  ends: number[][];
} {
  const kids: Map<number, number>[] = [new Map()];
  const patternEnds: number[][] = [[]];
  patterns.forEach((pattern, id) => {
    let state = 0;
    for (const unit of pattern) {
      const map = kids[state] as Map<number, number>;
      let next = map.get(unit);
      if (next === undefined) {
        next = kids.length;
        map.set(unit, next);
        kids.push(new Map());
        patternEnds.push([]);
      }
      state = next;
    }
    (patternEnds[state] as number[]).push(id);
  });
  const order = [0];
  for (let head = 0; head < order.length; head++) {
    for (const next of (kids[order[head] as number] as Map<number, number>).values()) order.push(next);
  }
  const renumber = new Int32Array(kids.length);
  order.forEach((old, fresh) => {
    renumber[old] = fresh;
  });
  const children = order.map((old) => {
    const map = new Map<number, number>();
    for (const [unit, next] of kids[old] as Map<number, number>) map.set(unit, renumber[next] as number);
    return map;
  });
  return { children, ends: order.map((old) => patternEnds[old] as number[]) };
}
