import type { AhoCorasick } from "./aho-corasick.js";
import { type MemoryRest, type RememberBudget, TextMemory } from "./remember-budget.js";
import type { TextTest } from "./shape-set.js";

/** Texts up to this length have their scan's answer remembered. */
const REMEMBERED_LENGTH = 4096;
/** Answers kept per automaton; when full, the memory starts again empty. */
const REMEMBERED_TEXTS = 8192;
/** A text whose scan finds more distinct patterns than this is scanned again each time. */
const MOST_PATTERNS = 64;
/** A field's memory is looked at every 4,096 lookups and set aside for 65,536 scans (see MemoryRest). */
const REST: MemoryRest = { checkEvery: 4096, calls: 65_536 };

const NOTHING = new Int32Array(0);

/**
 * What a scan remembers of a text: the ids of the patterns it holds and, once asked, the answers
 * of other tests of the same field's text (see EventView.remembered): 0 not yet known, 1 false,
 * 2 true. A regular expression read through its own memory cost a second lookup of the text,
 * in a table of its own with its own copy of the text, about 150 ns an event away from the cache.
 */
export interface Remembered {
  readonly ids: Int32Array;
  tests: Uint8Array | undefined;
  /** Whether the text folds plainly (EventView.foldsPlainly), once asked: 0 not yet known, 1 false, 2 true. */
  plain: number;
  /**
   * The answers of the literals compared with the text (ProgramSet), few of the thousands a field
   * may have: from index 1, `number << 1 | answer`; index 0 holds how many.
   */
  literals: Int32Array | undefined;
}

/** Most literal answers kept with a remembered text; past them, literals are compared each time. */
const MOST_LITERALS = 15;

/** The kept answer of literal `number` for the remembered text: 0 not known, 1 false, 2 true. */
export function literalAnswer(remembered: Remembered, number: number): number {
  const literals = remembered.literals;
  if (literals === undefined) return 0;
  const count = literals[0] as number;
  for (let i = 1; i <= count; i++) {
    const entry = literals[i] as number;
    if (entry >>> 1 === number) return (entry & 1) + 1;
  }
  return 0;
}

/** Keeps the answer of literal `number` for the remembered text, while there is room. */
export function keepLiteralAnswer(remembered: Remembered, number: number, answer: boolean): void {
  let literals = remembered.literals;
  if (literals === undefined) {
    literals = new Int32Array(MOST_LITERALS + 1);
    remembered.literals = literals;
  }
  const count = literals[0] as number;
  if (count === MOST_LITERALS) return;
  literals[count + 1] = (number << 1) | (answer ? 1 : 0);
  literals[0] = count + 1;
}

/** The answers of the tests kept with a remembered text, made on first use for the field's `count` tests. */
export function testAnswers(remembered: Remembered, count: number): Uint8Array {
  let tests = remembered.tests;
  if (tests === undefined) {
    tests = new Uint8Array(count);
    remembered.tests = tests;
  }
  return tests;
}

/**
 * An automaton's scan that remembers, per text, the patterns it found. The values the index
 * scans recur: an image path, a parent's command line, a user or a hash comes back thousands of
 * times, and the automaton's walk over a long value costs ~10 ns a character (its tables do not
 * fit in the processor's cache) where a lookup costs a hash of a few of its characters and one comparison.
 * A field whose values do not recur (a command line with a fresh argument each time) is noticed
 * and scanned directly, so it pays the memory's cost only while the memory is being tried.
 */
export class RememberedScan {
  private readonly answers: TextMemory<Remembered>;
  /** Distinct pattern ids of the text being scanned, for remembering them. */
  private readonly found = new Int32Array(MOST_PATTERNS);
  private foundCount = 0;
  /** Per pattern, the recording that last saw it (dedup without clearing). */
  private readonly recordedIn: Int32Array;
  /** Numbers the recordings; wraps before leaving the range of `recordedIn`. */
  private recording = 0;
  private report: (patternId: number) => unknown = () => undefined;
  /** The id each pattern is reported and remembered by (see the constructor). */
  private readonly ids: Int32Array;
  /** The number the first test is reported by, after the automaton's patterns. */
  private readonly firstTest: number;
  /** Whether the text the last recall did not know may be remembered once scanned. */
  private remembering = false;
  private readonly record = (patternId: number): undefined => {
    const id = this.ids[patternId] as number;
    if (this.recordedIn[patternId] !== this.recording) {
      this.recordedIn[patternId] = this.recording;
      if (this.foundCount < MOST_PATTERNS) this.found[this.foundCount] = id;
      this.foundCount++;
    }
    this.report(id);
    return undefined;
  };
  /** Reports a pattern by its id (see `ids`), for scans that remember nothing. */
  private readonly translate = (patternId: number): undefined => {
    this.report(this.ids[patternId] as number);
    return undefined;
  };

  constructor(
    private readonly automaton: AhoCorasick,
    patterns: number,
    budget: RememberBudget = { used: 0 },
    /**
     * The id each pattern is reported and remembered by (the index's atom ids); by default its
     * number in the automaton. Remembered as the caller's ids, an answer is gone through without
     * a table to look each one up in, a cache miss apiece for a field with thousands of patterns.
     * With `tests`, their ids follow the automaton's patterns' ids.
     */
    ids?: Int32Array,
    /**
     * Tests of the whole text reported as patterns numbered after the automaton's (computed
     * atoms: regular expressions), so that their answers are remembered with the scan's.
     */
    private readonly tests: readonly TextTest[] = [],
  ) {
    const total = patterns + tests.length;
    this.ids = ids ?? Int32Array.from({ length: total }, (_, i) => i);
    this.recordedIn = new Int32Array(total);
    this.answers = new TextMemory(budget, REMEMBERED_TEXTS, REST);
    this.firstTest = patterns;
  }

  /** Scans the text and runs the tests, reporting through `onPattern` (numbers, not ids). */
  private scanAndTest(text: string, onPattern: (patternId: number) => undefined): void {
    this.automaton.scan(text, onPattern);
    const tests = this.tests;
    for (let i = 0; i < tests.length; i++) if ((tests[i] as TextTest)(text)) onPattern(this.firstTest + i);
  }

  /** Reports the ids the text shows without looking it up or remembering it (list elements). */
  scanOnce(text: string, onMatch: (patternId: number) => unknown): void {
    this.report = onMatch;
    this.scanAndTest(text, this.translate);
  }

  /** Calls `onMatch` once or more with the id of every pattern found in the text (scan's semantics, never stopping). */
  scan(text: string, onMatch: (patternId: number) => unknown): void {
    const known = this.recall(text);
    if (known !== undefined) {
      const ids = known.ids;
      for (let i = 0; i < ids.length; i++) onMatch(ids[i] as number);
      return;
    }
    this.scanAfresh(text, onMatch);
  }

  /**
   * The ids of the distinct patterns remembered for the text, or undefined when it is not remembered; then
   * scanAfresh must be called next, with the same text. Split from scan so that a caller can go
   * through the answer itself: one call of its own per pattern instead of a call of `onMatch`,
   * which a caller with one callback per field makes at a site that sees them all.
   */
  recall(text: string): Remembered | undefined {
    if (this.answers.resting() || text.length > REMEMBERED_LENGTH) {
      this.remembering = false;
      return undefined;
    }
    this.remembering = true;
    return this.answers.get(text);
  }

  /**
   * Scans the text the last recall did not know, and remembers the answer when it may. Returns
   * what it remembered (or would have, past the memory's bounds), undefined when it may not.
   */
  scanAfresh(text: string, onMatch: (patternId: number) => unknown): Remembered | undefined {
    if (!this.remembering) {
      this.scanOnce(text, onMatch);
      return undefined;
    }
    this.foundCount = 0;
    if (++this.recording === 0x7fffffff) {
      this.recordedIn.fill(0);
      this.recording = 1;
    }
    this.report = onMatch;
    this.scanAndTest(text, this.record);
    if (this.foundCount > MOST_PATTERNS) return undefined;
    const remembered: Remembered = {
      ids: this.foundCount === 0 ? NOTHING : this.found.slice(0, this.foundCount),
      tests: undefined,
      plain: 0,
      literals: undefined,
    };
    this.answers.set(text, remembered);
    return remembered;
  }
}
