import type { TextVisitor } from "../core/index.js";
import { AhoCorasick, END, START } from "./aho-corasick.js";
import { FOLD } from "./fold.js";
import type { Matcher } from "./compile-item.js";
import type { ProgramSet } from "./program.js";
import { type EventView, scalarText } from "./event-view.js";
import type { AtomTable } from "./atom-table.js";
import type { RememberBudget } from "./remember-budget.js";
import { RememberedScan } from "./remembered-scan.js";
import { compileSafeRegex, minimumLength } from "./safe-regex.js";
import type { TextTest } from "./shape-set.js";
import { ANY_FIELD, type Atom, indexable, triggerCost } from "./trigger.js";

/** A rule compiled for one log source bucket: its matcher and the atoms that trigger it. */
export interface IndexedRule {
  /** Position of the rule in the engine's rule list; detections are reported in this order. */
  readonly ruleIndex: number;
  readonly matcher: Matcher;
  /** Groups of atom ids; a match shows one atom of every group. Null: run on every event. */
  readonly trigger: readonly (readonly number[])[] | null;
  /** Where the rule's code starts in the index's program set, when it has one (see ProgramSet). */
  readonly start?: number;
}

interface FieldIndex {
  readonly slot: number;
  /** The field's automaton behind a memory of recent values' answers (field values recur). */
  readonly remembered: RememberedScan;
}

/**
 * Per atom, the positions of the rules it leads for: `rules[start[atom]]` up to
 * `rules[start[atom + 1]]`. One flat layout, because it is read for every atom an event shows:
 * as one small array per atom (12,000 of them in the process creation bucket, most empty), each
 * read cost a cache miss for the array and another for its contents.
 */
interface Leads {
  readonly start: Int32Array;
  readonly rules: Int32Array;
}

/** The event number at which the index's stamps start again from 1. */
export const EPOCH_LIMIT = 0x7fffffff;

/**
 * The index counts the atoms of one event in this many (a power of two) to learn which are rare:
 * a sample tells as well as every event, and counting in every event wrote to one more array of
 * the bucket's size (97 KB for process creation) at every atom seen, a line the processor's cache
 * must fetch and write back.
 */
const COUNT_EVERY = 16;

/** Events after which the index first re-chooses each rule's lead group from what it has seen. */
const FIRST_ADAPTATION = 512;

/**
 * The rules of one log source, indexed so that an event visits only the rules whose trigger it
 * shows: one Aho-Corasick automaton per field finds, in a single pass over each field value,
 * every atom of the bucket (exact, prefix, suffix and substring values alike). Seen atoms are
 * recorded for the matchers. Each rule is looked up through one lead group of its trigger, the
 * one whose atoms are rarest; the rules a lead group brings forward then need one seen atom in
 * each of their other groups. Which atoms are rare is first guessed from their length, then
 * learnt from the events themselves (at 512, 2,048, 8,192... events), so a rule whose rare part
 * looked common to the guess stops being woken by every event. Rules without a trigger run on
 * every event.
 */
export class RuleIndex {
  private readonly always: Int32Array;
  /** Per rule (by position), its start in `programs`, or -1 to call its matcher. */
  private readonly starts: Int32Array;
  private readonly ruleIndexes: Int32Array;
  private readonly fields: FieldIndex[] = [];
  private readonly fieldCount: number;
  private readonly mark: Int32Array;
  /** Per triggered rule (by position), its groups of atom ids, and which one leads. */
  private readonly groups: (readonly Int32Array[] | null)[];
  /**
   * The same groups laid out flat for the test of each event's woken rules (otherGroupsSeen): per
   * rule, from `groupStart[position]`, the number of groups, then each group's length and atoms.
   * Read through the arrays of arrays, a woken rule's groups cost a cache miss for each array,
   * as the rules' code did before it was laid out flat (program.ts).
   */
  private readonly groupCode: Int32Array;
  private readonly groupStart: Int32Array;
  private readonly lead: Int32Array;
  /** Per atom, the positions of the rules it leads for (see Leads). */
  private leads: Leads;
  /**
   * Per atom, how many times it was seen (counted in one event of COUNT_EVERY, each count worth
   * that many), and its prior weight from the guess.
   */
  private readonly seenCount: Float64Array;
  private readonly prior: Float64Array;
  private readonly candidates: Int32Array;
  private readonly hits: Int32Array;
  private count = 0;
  private epoch = 0;
  private events = 0;
  /** What seeing an atom adds to its count in this event: COUNT_EVERY in the counted events, else 0. */
  private countWeight = 0;
  private nextAdaptation = FIRST_ADAPTATION;
  /** Scans one value of the event with the keyword automaton; made once, used for every event. */
  private readonly scanAnyValue: ((value: unknown) => void) | undefined;
  /** Fields with an automaton of their own, which also looks for the keywords. */
  private readonly indexedNames: ReadonlySet<string>;
  /** Like scanAnyValue, but skips fields whose own automaton also looks for the keywords. */
  private readonly scanAnyField: ((name: string, value: unknown) => void) | undefined;
  /** The walk over documents that offer one (forEachText): the keyword pass and the fields' reads. */
  private readonly walk: IndexWalk;
  /** The fields with an automaton of their own, by name → their slot, for the walk. */
  private readonly namedSlots = new Map<string, number>();
  /** Whether the walk has anything to do: keywords to look for or fields to read. */
  private readonly walks: boolean;
  /** Whether a keyword could be found in the text of a number or a boolean. */
  private readonly scalarsMayMatch: boolean;

  constructor(
    private readonly rules: readonly IndexedRule[],
    atoms: AtomTable,
    slotOf: (field: string) => number,
    /** Shared by the memories of all the engine's buckets, which bounds them together. */
    budget: RememberBudget = { used: 0 },
    /** The rules' code, run from each rule's start without going through its matcher. */
    private readonly programs?: ProgramSet,
  ) {
    this.starts = Int32Array.from(rules, (r) => (programs && r.start !== undefined ? r.start : -1));
    this.ruleIndexes = Int32Array.from(rules, (r) => r.ruleIndex);
    this.mark = new Int32Array(rules.length);
    this.lead = new Int32Array(rules.length);
    this.candidates = new Int32Array(rules.length);
    this.hits = new Int32Array(atoms.size);
    this.seenCount = new Float64Array(atoms.size);
    this.prior = new Float64Array(atoms.size);
    for (let atom = 0; atom < atoms.size; atom++) {
      this.prior[atom] = triggerCost([{ field: atoms.fields[atom] as string, units: atoms.units[atom] as number[] }]);
    }
    const always: number[] = [];
    this.groups = rules.map((rule, position) => {
      const groups = rule.trigger;
      if (groups === null || !indexable(groups)) {
        always.push(position);
        return null;
      }
      return groups.map((g) => Int32Array.from(g));
    });
    this.always = Int32Array.from(always);
    const groupCode: number[] = [];
    this.groupStart = Int32Array.from(this.groups, (groups) => {
      if (groups === null) return -1;
      const start = groupCode.length;
      groupCode.push(groups.length);
      for (const group of groups) {
        groupCode.push(group.length);
        for (const atom of group) groupCode.push(atom);
      }
      return start;
    });
    this.groupCode = Int32Array.from(groupCode);
    this.leads = this.chooseLeads();
    const byField = new Map<string, number[]>();
    for (let atom = 0; atom < atoms.size; atom++) {
      const field = atoms.fields[atom] as string;
      const ids = byField.get(field);
      if (ids) ids.push(atom);
      else byField.set(field, [atom]);
    }
    // Keyword atoms ride along in every field's automaton, so the keyword pass can skip those
    // fields (when the document names its fields) and no value is read twice.
    const keywordIds = byField.get(ANY_FIELD) ?? [];
    for (const [field, fieldIds] of byField) {
      if (field === ANY_FIELD) continue;
      // Computed atoms are tested on the field's new values beside the automaton's scan.
      const computed = fieldIds.filter((id) => atoms.regexes[id] !== undefined);
      const ids = [...fieldIds.filter((id) => atoms.regexes[id] === undefined), ...keywordIds];
      const localToAtom = Int32Array.from([...ids, ...computed]);
      const automaton = new AhoCorasick(ids.map((id) => atoms.units[id] as number[]));
      const tests = computed.map((id) => regexTest(atoms.regexes[id] as NonNullable<Atom["regex"]>));
      this.namedSlots.set(field, slotOf(field));
      this.fields.push({
        slot: slotOf(field),
        remembered: new RememberedScan(automaton, ids.length, budget, localToAtom, tests),
      });
    }
    this.fieldCount = this.fields.length;
    const indexedNames: ReadonlySet<string> = new Set(this.namedSlots.keys());
    this.indexedNames = indexedNames;
    const keywordUnits = keywordIds.map((id) => atoms.units[id] as number[]);
    const sieve = keywordSieve(keywordUnits);
    // Numbers and booleans (a dozen an event: ids, levels, pids) need no text made of them when
    // no keyword could stand in one.
    const scalarsMayMatch = keywordUnits.some(mayStandInScalar);
    this.scalarsMayMatch = scalarsMayMatch;
    const keywordScan =
      keywordIds.length > 0
        ? new KeywordScan(sieve, new AhoCorasick(keywordUnits), (patternId) =>
            this.see(keywordIds[patternId] as number),
          )
        : undefined;
    this.walks = keywordScan !== undefined || this.fieldCount > 0;
    this.walk = new IndexWalk(keywordScan);
    this.scanAnyValue = keywordScan
      ? (value) => {
          if (!scalarsMayMatch && typeof value !== "string") return;
          const text = scalarText(value);
          if (text !== undefined) keywordScan.text(text);
        }
      : undefined;
    this.scanAnyField = keywordScan
      ? (name, value) => {
          if (!scalarsMayMatch && typeof value !== "string") return;
          const text = scalarText(value);
          // The sieve first: it clears most values without hashing their field's name.
          if (text !== undefined && sieve.passes(text) && !indexedNames.has(name)) keywordScan.scan(text);
        }
      : undefined;
  }

  /**
   * Picks each rule's lead group, the one expected to be seen least often (seen counts once
   * there are events to go by, the guess from atom length before), and lists per atom the rules
   * it leads for.
   */
  private chooseLeads(): Leads {
    const lists: number[][] = Array.from({ length: this.hits.length }, () => []);
    const weight = (group: Int32Array): number => {
      let w = 0;
      for (let i = 0; i < group.length; i++) {
        const atom = group[i] as number;
        w += (this.seenCount[atom] as number) + (this.prior[atom] as number);
      }
      return w;
    };
    this.groups.forEach((groups, position) => {
      if (groups === null) return;
      let best = 0;
      let bestWeight = Number.POSITIVE_INFINITY;
      groups.forEach((group, g) => {
        const w = weight(group);
        if (w < bestWeight) {
          bestWeight = w;
          best = g;
        }
      });
      this.lead[position] = best;
      for (const atom of groups[best] as Int32Array) (lists[atom] as number[]).push(position);
    });
    const start = new Int32Array(lists.length + 1);
    const distinct = lists.map((list) => [...new Set(list)]);
    distinct.forEach((list, atom) => {
      start[atom + 1] = (start[atom] as number) + list.length;
    });
    return { start, rules: Int32Array.from(distinct.flat()) };
  }

  /** `see` as a callback, for the fields' remembered scans, which report atom ids. */
  private readonly seeAtom = (atom: number): undefined => this.see(atom);

  /** Records that the event shows the atom, and brings forward the rules it leads for. */
  private see(atom: number): undefined {
    if (this.hits[atom] === this.epoch) return undefined;
    this.hits[atom] = this.epoch;
    if (this.countWeight !== 0) this.seenCount[atom] = (this.seenCount[atom] as number) + this.countWeight;
    const { start, rules } = this.leads;
    const end = start[atom + 1] as number;
    for (let i = start[atom] as number; i < end; i++) {
      const r = rules[i] as number;
      if (this.mark[r] !== this.epoch) {
        this.mark[r] = this.epoch;
        this.candidates[this.count++] = r;
      }
    }
    return undefined;
  }

  /** True when the event showed an atom of every group of the rule besides its lead. */
  private otherGroupsSeen(position: number): boolean {
    const code = this.groupCode;
    const lead = this.lead[position] as number;
    const hits = this.hits;
    const epoch = this.epoch;
    let at = this.groupStart[position] as number;
    const groups = code[at++] as number;
    for (let g = 0; g < groups; g++) {
      const length = code[at++] as number;
      const end = at + length;
      if (g !== lead) {
        let seen = false;
        for (let i = at; i < end; i++) {
          if (hits[code[i] as number] === epoch) {
            seen = true;
            break;
          }
        }
        if (!seen) return false;
      }
      at = end;
    }
    return true;
  }

  /** How many rules run on every event because nothing could be indexed for them. */
  get unindexed(): number {
    return this.always.length;
  }

  /** Runs the candidate rules on the event and reports each matching rule's index, in rule order. */
  match(view: EventView, onMatch: (ruleIndex: number) => void, stats?: { woken: number; evaluated: number }): void {
    // Atoms and rules are stamped with the event's number in Int32Arrays: start the numbers again
    // before they leave that range (2^31 events, about a day of a busy server's traffic).
    if (++this.epoch === EPOCH_LIMIT) {
      this.hits.fill(0);
      this.mark.fill(0);
      this.epoch = 1;
    }
    this.count = 0;
    this.countWeight = (this.events & (COUNT_EVERY - 1)) === 0 ? COUNT_EVERY : 0;
    if (++this.events === this.nextAdaptation) {
      this.nextAdaptation *= 4;
      this.leads = this.chooseLeads();
    }
    view.atomHits = this.hits;
    view.atomEpoch = this.epoch;
    // One walk over the document, where it offers one, looks for keywords in every value and
    // hands the view the values of the fields read below, which it then has without a `get`.
    const doc = view.doc;
    if (doc?.forEachText) {
      // An index without atoms (the rule-by-rule baseline's) has nothing to walk for.
      if (this.walks) {
        this.walk.view = view;
        doc.forEachText(this.walk, this.namedSlots, this.scalarsMayMatch);
      }
    } else if (this.walk.texts) {
      if (doc?.forEachField)
        doc.forEachField(this.scanAnyField as (name: string, value: unknown) => void, this.indexedNames);
      else doc?.forEachValue(this.scanAnyValue as (value: unknown) => void);
    }
    // By position up to a count kept apart: an index without fields (the rule-by-rule baseline's)
    // then never reads its empty array, whose map differs from a filled one's.
    const fields = this.fields;
    for (let f = 0; f < this.fieldCount; f++) {
      const field = fields[f] as FieldIndex;
      const value = view.value(field.slot);
      const text = scalarText(value);
      if (text !== undefined) {
        const remembered = field.remembered;
        const known = remembered.recall(text);
        if (known === undefined) {
          const fresh = remembered.scanAfresh(text, this.seeAtom);
          if (fresh !== undefined) view.remember(field.slot, fresh);
        } else {
          view.remember(field.slot, known);
          // The answer (atom ids) gone through here: one site calling `see`, where `scan` called
          // each field's own callback from one site for all of them.
          const ids = known.ids;
          for (let i = 0; i < ids.length; i++) this.see(ids[i] as number);
        }
      } else if (Array.isArray(value)) {
        for (const element of value) {
          const t = scalarText(element);
          if (t !== undefined) field.remembered.scanOnce(t, this.seeAtom);
        }
      }
    }
    const found = this.candidates;
    const woken = this.count;
    let kept = 0;
    for (let i = 0; i < this.count; i++) {
      const r = found[i] as number;
      if (this.otherGroupsSeen(r)) found[kept++] = r;
    }
    for (let i = 0; i < this.always.length; i++) found[kept++] = this.always[i] as number;
    // Insertion sort: candidate lists are short, and this keeps the hot path free of allocation.
    for (let i = 1; i < kept; i++) {
      const v = found[i] as number;
      let j = i - 1;
      while (j >= 0 && (found[j] as number) > v) {
        found[j + 1] = found[j] as number;
        j--;
      }
      found[j + 1] = v;
    }
    this.count = kept;
    if (stats) {
      stats.woken += woken;
      stats.evaluated += kept;
    }
    const starts = this.starts;
    const programs = this.programs;
    for (let i = 0; i < kept; i++) {
      const r = found[i] as number;
      const start = starts[r] as number;
      const matched =
        start >= 0 ? (programs as ProgramSet).run(view, start) : (this.rules[r] as IndexedRule).matcher(view);
      if (matched) onMatch(this.ruleIndexes[r] as number);
    }
  }
}

/**
 * What an index hands a document's walk (forEachText): the values of its fields go to the event's
 * view, the texts of all others through the keyword pass, when the bucket has keywords.
 */
class IndexWalk implements TextVisitor {
  view: EventView | undefined;
  readonly texts: boolean;

  constructor(private readonly keywords: KeywordScan | undefined) {
    this.texts = keywords !== undefined;
  }

  text(text: string): void {
    (this.keywords as KeywordScan).text(text);
  }

  named(slot: number, value: unknown): void {
    (this.view as EventView).preset(slot, value);
  }
}

/** The keyword pass over the texts a document hands out: the sieve, then the keyword automaton. */
class KeywordScan {
  constructor(
    private readonly sieve: KeywordSieve,
    private readonly automaton: AhoCorasick,
    private readonly onPattern: (patternId: number) => undefined,
  ) {}

  text(text: string): void {
    if (this.sieve.passes(text)) this.scan(text);
  }

  /** Reports the keywords the text holds. */
  scan(text: string): void {
    this.automaton.scan(text, this.onPattern);
  }
}

/** The test of a computed atom: whether its regular expression matches a value's text. */
function regexTest(regex: NonNullable<Atom["regex"]>): TextTest {
  const re = compileSafeRegex(regex.source, regex.flags);
  const shortest = minimumLength(regex.source);
  return (text) => text.length >= shortest && re.test(text);
}

/** The folded characters of the text of numbers and booleans (`-1.5e+21`, `NaN`, `Infinity`, `true`). */
const SCALAR_UNITS = new Set([..."0123456789-.+einfityaruls"].map((c) => c.charCodeAt(0)));

/** Whether a keyword pattern could be found in the text of a number or a boolean. */
function mayStandInScalar(pattern: readonly number[]): boolean {
  return pattern.every((u) => u === START || u === END || SCALAR_UNITS.has(u));
}

/** Most distinct characters the keyword sieve looks for before it is cheaper to scan every value. */
const MAX_SIEVE_UNITS = 4;

function isDigit(unit: number): boolean {
  return unit >= 0x30 && unit <= 0x39;
}

/** Whether a folded unit has no case: it stands for itself in any text that holds the keyword. */
function caseless(unit: number): boolean {
  return FOLD[unit] === unit && String.fromCharCode(unit).toUpperCase() === String.fromCharCode(unit);
}

/**
 * A quick necessary test for the keyword pass: a value can hold a keyword only if it is long
 * enough and holds, for some keyword, one character of it that has no case (a colon, a dot, a
 * backslash, a digit) followed by the character the keyword has after it (`::` for `sekurlsa::`,
 * `.d` for `mimilib.dll`). The values the pass reads are mostly ids, numbers and times, which
 * one regular expression over those pairs clears far faster than the automaton reads them;
 * times hold colons and dots, but followed by digits. Keywords made of letters only leave
 * nothing to test.
 */
export function keywordSieve(patterns: readonly (readonly number[])[]): KeywordSieve {
  let shortest = Number.POSITIVE_INFINITY;
  // Per anchor (a caseless unit of some keyword), the folded units that follow it in the keywords;
  // null when a keyword ends at it.
  const followersOf = new Map<number, number[] | null>();
  for (const pattern of patterns) {
    shortest = Math.min(shortest, pattern.filter((u) => u !== START && u !== END).length);
    const next = (i: number): number | undefined => {
      const unit = pattern[i + 1];
      return unit === START || unit === END ? undefined : unit;
    };
    // A caseless unit with the next unit of the keyword after it if there is one; punctuation
    // before digits, which are common in the ids and numbers the pass mostly reads.
    const positions = pattern.map((_u, i) => i).filter((i) => caseless(pattern[i] as number));
    const rank = (i: number) => (next(i) === undefined ? 2 : 0) + (isDigit(pattern[i] as number) ? 1 : 0);
    const at = positions.sort((a, b) => rank(a) - rank(b) || a - b)[0];
    if (at === undefined) return new KeywordSieve(0, null);
    const unit = pattern[at] as number;
    const follower = next(at);
    const followers = followersOf.has(unit) ? (followersOf.get(unit) as number[] | null) : [];
    if (follower === undefined || followers === null) followersOf.set(unit, null);
    else followersOf.set(unit, followers.includes(follower) ? followers : [...followers, follower]);
  }
  // Every unit that folds to an anchor stands for it in the text, and every unit that folds to
  // a follower for that follower.
  const probes: { readonly unit: number; readonly followers: number[] | null }[] = [];
  const unitsOf = new Map<number, number[]>();
  for (const followers of followersOf.values()) for (const f of followers ?? []) unitsOf.set(f, []);
  for (let c = 0; c < FOLD.length; c++) {
    const folded = FOLD[c] as number;
    const followers = followersOf.get(folded);
    if (followers !== undefined) probes.push({ unit: c, followers });
    unitsOf.get(folded)?.push(c);
  }
  if (probes.length === 0 || probes.length > MAX_SIEVE_UNITS) return new KeywordSieve(0, null);
  // One expression of escaped units, classes and alternatives, without repetition: one pass over
  // the text, where looking for each probe with indexOf took a call a probe (about 40% more).
  const unitEscape = (unit: number) => `\\u${unit.toString(16).padStart(4, "0")}`;
  const followerClass = (followers: readonly number[]) =>
    `[${followers
      .flatMap((f) => unitsOf.get(f) ?? [])
      .map(unitEscape)
      .join("")}]`;
  const sieve = new RegExp(
    probes.map((p) => unitEscape(p.unit) + (p.followers === null ? "" : followerClass(p.followers))).join("|"),
  );
  return new KeywordSieve(shortest, sieve);
}

/** What keywordSieve makes: texts shorter than `minLength`, or without a match of `pattern`, hold no keyword. */
export class KeywordSieve {
  constructor(
    readonly minLength: number,
    /** Null when it is cheaper to scan every text long enough. */
    readonly pattern: RegExp | null,
  ) {}

  /** Whether the text may hold a keyword. */
  passes(text: string): boolean {
    return text.length >= this.minLength && (this.pattern === null || this.pattern.test(text));
  }
}
