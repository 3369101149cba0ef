import { detached } from "../core/index.js";

/**
 * Characters of remembered text all the memories sharing one budget may hold (an engine's: up to
 * 32 MB of strings). A memory whose next entry would pass it starts again empty, so the memories
 * in use keep their texts and the bound holds however many log sources, fields and rules there
 * are.
 */
export const REMEMBERED_CHARS = 16 * 1024 * 1024;

/** The characters remembered by the memories that share it. */
export interface RememberBudget {
  used: number;
}

/** Below this share of lookups answered, a memory is set aside for a while (see MemoryRest). */
const WORTHWHILE = 0.2;

/**
 * When a memory sets itself aside: after every `checkEvery` lookups it looks at how many were
 * answered, and below a fifth it empties itself and is not consulted for the next `calls` calls,
 * then is tried again, because a field's traffic changes. Values that never recur (a command line
 * with a fresh argument each time) would otherwise be copied in only to be forgotten.
 */
export interface MemoryRest {
  readonly checkEvery: number;
  readonly calls: number;
}

/**
 * Recent texts → an answer about each, at most `capacity` of them, their characters counted
 * against a shared budget. When either is reached the memory starts again empty. Texts are kept
 * as strings of their own (see detached), never as slices of the text they were cut from.
 *
 * The table is open addressing over a hash of a few sampled characters, not a `Map`. The values
 * looked up are fresh strings from `JSON.parse`, and a `Map` hashes every character of each before
 * its first lookup (about 1 ns a character: a command line of 200 costs more than the rest of the
 * lookup). A sample misses values that differ only where it does not look, so a slot's text is
 * always compared whole, and a value is looked for in at most PROBES slots: texts made to share a
 * sample are only not remembered, and cost a scan each as if there were no memory.
 *
 * Texts of SHORT_TEXT characters or fewer are kept in a `Map` instead. `JSON.parse` hands such
 * values out interned, their hash already worked out and one copy of each text, so a `Map` finds
 * them by that hash and by identity, where the table would sample and compare them.
 */
export class TextMemory<V> {
  private readonly short = new Map<string, V>();
  private keys: (string | undefined)[];
  private hashes: Int32Array;
  private answers: (V | undefined)[];
  private mask: number;
  private size = 0;
  /** Characters of the texts held, counted in the budget. */
  private chars = 0;
  /** Most slots, twice the capacity: probing stays short when the table is full. */
  private readonly mostSlots: number;
  /** Calls of `resting`, the call until which the memory is set aside, and lookups since the last review. */
  private calls = 0;
  private restUntil = 0;
  private lookups = 0;
  private answered = 0;
  private readonly checkEvery: number;
  private readonly restCalls: number;

  constructor(
    private readonly budget: RememberBudget,
    private readonly capacity: number,
    /** When to set the memory aside; without it, never. */
    rest?: MemoryRest,
  ) {
    this.checkEvery = rest?.checkEvery ?? Number.POSITIVE_INFINITY;
    this.restCalls = rest?.calls ?? 0;
    this.mostSlots = 2 ** Math.ceil(Math.log2(Math.max(capacity, 8) * 2));
    // Many memories (one per regular expression) see a handful of texts: they start small.
    const slots = Math.min(16, this.mostSlots);
    this.keys = new Array<string | undefined>(slots).fill(undefined);
    this.hashes = new Int32Array(slots);
    this.answers = new Array<V | undefined>(slots).fill(undefined);
    this.mask = slots - 1;
  }

  /**
   * Counts a use of the memory; true while it is set aside, when the caller works the answer out
   * without looking it up or remembering it.
   */
  resting(): boolean {
    return ++this.calls < this.restUntil;
  }

  get(text: string): V | undefined {
    if (++this.lookups === this.checkEvery) this.review();
    if (text.length <= SHORT_TEXT) {
      const known = this.short.get(text);
      if (known !== undefined) this.answered++;
      return known;
    }
    const hash = sampledHash(text);
    const keys = this.keys;
    const mask = this.mask;
    let i = hash & mask;
    for (let p = 0; p < PROBES; p++) {
      const key = keys[i];
      if (key === undefined) return undefined;
      if (this.hashes[i] === hash && key === text) {
        this.answered++;
        return this.answers[i];
      }
      i = (i + 1) & mask;
    }
    return undefined;
  }

  private review(): void {
    if (this.answered < WORTHWHILE * this.lookups) {
      this.restUntil = this.calls + this.restCalls;
      this.clear();
    }
    this.lookups = 0;
    this.answered = 0;
  }

  /** Remembers an answer, unless the budget has no room for the text even once this memory is emptied. */
  set(text: string, answer: V): void {
    if (this.size >= this.capacity || this.budget.used + text.length > REMEMBERED_CHARS) this.clear();
    if (this.budget.used + text.length > REMEMBERED_CHARS) return;
    if (text.length <= SHORT_TEXT) {
      // Too short to be a slice of a longer text (V8 slices from 13 characters): kept as given.
      if (this.short.has(text)) return;
      this.short.set(text, answer);
      this.held(text);
      return;
    }
    // Grown at half full: the probes of a fuller table get long.
    if (this.size * 2 >= this.keys.length && this.keys.length < this.mostSlots) this.grow();
    const hash = sampledHash(text);
    const slot = this.freeSlot(hash);
    if (slot === -1) return;
    this.keys[slot] = detached(text);
    this.hashes[slot] = hash;
    this.answers[slot] = answer;
    this.held(text);
  }

  /** Counts a text now held, in the memory's size and the budget. */
  private held(text: string): void {
    this.size++;
    this.chars += text.length;
    this.budget.used += text.length;
  }

  clear(): void {
    this.short.clear();
    this.keys.fill(undefined);
    this.answers.fill(undefined);
    this.size = 0;
    this.budget.used -= this.chars;
    this.chars = 0;
  }

  /** The first empty slot of the hash's probe sequence, or -1 when its PROBES slots are taken. */
  private freeSlot(hash: number): number {
    let i = hash & this.mask;
    for (let p = 0; p < PROBES; p++) {
      if (this.keys[i] === undefined) return i;
      i = (i + 1) & this.mask;
    }
    return -1;
  }

  private grow(): void {
    const { keys, hashes, answers } = this;
    const slots = keys.length * 2;
    this.keys = new Array<string | undefined>(slots).fill(undefined);
    this.hashes = new Int32Array(slots);
    this.answers = new Array<V | undefined>(slots).fill(undefined);
    this.mask = slots - 1;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      if (key === undefined) continue;
      const slot = this.freeSlot(hashes[i] as number);
      // A text whose probe sequence is full in the larger table is forgotten.
      if (slot === -1) {
        this.size--;
        this.chars -= key.length;
        this.budget.used -= key.length;
        continue;
      }
      this.keys[slot] = key;
      this.hashes[slot] = hashes[i] as number;
      this.answers[slot] = answers[i];
    }
  }
}

/** Texts this long or shorter are kept in the memory's Map (see TextMemory). */
const SHORT_TEXT = 10;

/** Slots a text is looked for in, from its hash's. */
const PROBES = 8;

/**
 * A hash of a text's length and twelve of its characters: the first two, four spread between
 * and the last six (ids and paths differ at their ends, command lines anywhere); every character
 * of a text of twelve or fewer. It is taken of every value the index looks up, so it reads as
 * little as it can, in two independent chains the processor can work on together: the 24 reads
 * in one chain it replaced took 0.39 µs of the 0.85 a regression event's lookups cost, this 0.31
 * (a microbenchmark over those values).
 */
export function sampledHash(text: string): number {
  const n = text.length;
  let a = Math.imul(n, 0x9e3779b1);
  let b = 0x5bd1e995;
  if (n <= 12) {
    for (let i = 0; i < n; i += 2) {
      a = Math.imul(a ^ text.charCodeAt(i), 0x01000193);
      if (i + 1 < n) b = Math.imul(b ^ text.charCodeAt(i + 1), 0x01000193);
    }
  } else {
    const fifth = (n / 5) | 0;
    a = Math.imul(a ^ text.charCodeAt(0), 0x01000193);
    b = Math.imul(b ^ text.charCodeAt(1), 0x01000193);
    a = Math.imul(a ^ text.charCodeAt(fifth), 0x01000193);
    b = Math.imul(b ^ text.charCodeAt(2 * fifth), 0x01000193);
    a = Math.imul(a ^ text.charCodeAt(3 * fifth), 0x01000193);
    b = Math.imul(b ^ text.charCodeAt(4 * fifth), 0x01000193);
    a = Math.imul(a ^ text.charCodeAt(n - 1), 0x01000193);
    b = Math.imul(b ^ text.charCodeAt(n - 2), 0x01000193);
    a = Math.imul(a ^ text.charCodeAt(n - 3), 0x01000193);
    b = Math.imul(b ^ text.charCodeAt(n - 4), 0x01000193);
    a = Math.imul(a ^ text.charCodeAt(n - 5), 0x01000193);
    b = Math.imul(b ^ text.charCodeAt(n - 6), 0x01000193);
  }
  const h = Math.imul(a ^ b ^ (b >>> 13), 0x9e3779b1);
  return h ^ (h >>> 15);
}
