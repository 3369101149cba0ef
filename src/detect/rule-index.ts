import { AhoCorasick } from "./aho-corasick.js";
import type { Matcher } from "./compile-item.js";
import { type EventView, scalarText } from "./event-view.js";
import type { AtomTable } from "./atom-table.js";
import { ANY_FIELD } from "./trigger.js";

/** A rule compiled for one log source bucket: its matcher and the atoms that trigger it. */
export interface IndexedRule {
  /** Position of the rule in the engine's rule list; detections are reported in this order. */
  readonly ruleIndex: number;
  readonly matcher: Matcher;
  /** Groups of atom ids; a match shows one atom of every group. Null: run on every event. */
  readonly trigger: readonly (readonly number[])[] | null;
}

interface FieldIndex {
  /** The field's slot, or -1 for keyword atoms, which are looked for in every value. */
  readonly slot: number;
  readonly automaton: AhoCorasick;
  readonly onPattern: (patternId: number) => undefined;
}

/**
 * The rules of one log source, indexed so that an event visits only the rules whose trigger it
 * shows: one Aho-Corasick automaton per field finds, in a single pass over each field value,
 * every atom of the bucket (exact, prefix, suffix and substring values alike). Seen atoms are
 * recorded for the matchers; atoms that trigger rules make them candidates. Rules without a
 * trigger run on every event.
 */
export class RuleIndex {
  private readonly always: Int32Array;
  private readonly fields: FieldIndex[] = [];
  private readonly mark: Int32Array;
  /** Per rule, the groups seen in this event as bits, and the bits that make it a candidate. */
  private readonly seenGroups: Int32Array;
  private readonly allGroups: Int32Array;
  private readonly candidates: Int32Array;
  private readonly hits: Int32Array;
  private count = 0;
  private epoch = 0;
  /** Scans one value of the event with the keyword automaton; made once, used for every event. */
  private readonly scanAnyValue: ((value: unknown) => void) | undefined;
  /** Like scanAnyValue, but skips fields whose own automaton also looks for the keywords. */
  private readonly scanAnyField: ((name: string, value: unknown) => void) | undefined;

  constructor(
    private readonly rules: readonly IndexedRule[],
    atoms: AtomTable,
    slotOf: (field: string) => number,
  ) {
    this.mark = new Int32Array(rules.length);
    this.seenGroups = new Int32Array(rules.length);
    this.allGroups = new Int32Array(rules.length);
    this.candidates = new Int32Array(rules.length);
    this.hits = new Int32Array(atoms.size);
    const always: number[] = [];
    // Per atom, the (rule, group) pairs it serves, packed as rule * 32 + group.
    const triggered: Set<number>[] = Array.from({ length: atoms.size }, () => new Set());
    rules.forEach((rule, position) => {
      const groups = rule.trigger;
      if (groups === null || groups.length === 0 || groups.some((g) => g.length === 0)) {
        always.push(position);
        return;
      }
      this.allGroups[position] = (1 << groups.length) - 1;
      groups.forEach((group, g) => {
        for (const atom of group) (triggered[atom] as Set<number>).add(position * 32 + g);
      });
    });
    this.always = Int32Array.from(always);
    const ruleLists = triggered.map((pairs) => Int32Array.from(pairs));
    const byField = new Map<string, number[]>();
    for (let atom = 0; atom < atoms.size; atom++) {
      const field = atoms.fields[atom] as string;
      byField.set(field, [...(byField.get(field) ?? []), atom]);
    }
    // Keyword atoms ride along in every field's automaton, so the keyword pass can skip those
    // fields (when the document names its fields) and no value is read twice.
    const keywordIds = byField.get(ANY_FIELD) ?? [];
    const indexedNames = new Set<string>();
    for (const [field, fieldIds] of byField) {
      const ids = field === ANY_FIELD ? fieldIds : [...fieldIds, ...keywordIds];
      if (field !== ANY_FIELD) indexedNames.add(field);
      const localToAtom = Int32Array.from(ids);
      this.fields.push({
        slot: field === ANY_FIELD ? -1 : slotOf(field),
        automaton: new AhoCorasick(ids.map((id) => atoms.units[id] as number[])),
        onPattern: (patternId) => {
          const atom = localToAtom[patternId] as number;
          this.hits[atom] = this.epoch;
          const list = ruleLists[atom] as Int32Array;
          for (let i = 0; i < list.length; i++) {
            const pair = list[i] as number;
            const r = pair >> 5;
            if (this.mark[r] !== this.epoch) {
              this.mark[r] = this.epoch;
              this.seenGroups[r] = 0;
            }
            const before = this.seenGroups[r] as number;
            const after = before | (1 << (pair & 31));
            if (after !== before) {
              this.seenGroups[r] = after;
              if (after === this.allGroups[r]) this.candidates[this.count++] = r;
            }
          }
          return undefined;
        },
      });
    }
    const keywordIndex = this.fields.find((f) => f.slot === -1);
    this.scanAnyValue = keywordIndex
      ? (value) => {
          const text = scalarText(value);
          if (text !== undefined) keywordIndex.automaton.scan(text, keywordIndex.onPattern);
        }
      : undefined;
    this.scanAnyField = keywordIndex
      ? (name, value) => {
          if (indexedNames.has(name)) return;
          const text = scalarText(value);
          if (text !== undefined) keywordIndex.automaton.scan(text, keywordIndex.onPattern);
        }
      : undefined;
  }

  /** How many rules run on every event because nothing could be indexed for them. */
  get unindexed(): number {
    return this.always.length;
  }

  /** Runs the candidate rules on the event and reports each matching rule's index, in rule order. */
  match(view: EventView, onMatch: (ruleIndex: number) => void): void {
    this.epoch++;
    this.count = 0;
    view.atomHits = this.hits;
    view.atomEpoch = this.epoch;
    for (const field of this.fields) {
      if (field.slot === -1) {
        const doc = view.doc;
        if (doc?.forEachField) doc.forEachField(this.scanAnyField as (name: string, value: unknown) => void);
        else doc?.forEachValue(this.scanAnyValue as (value: unknown) => void);
        continue;
      }
      const value = view.value(field.slot);
      const text = scalarText(value);
      if (text !== undefined) {
        field.automaton.scan(text, field.onPattern);
      } else if (Array.isArray(value)) {
        for (const element of value) {
          const t = scalarText(element);
          if (t !== undefined) field.automaton.scan(t, field.onPattern);
        }
      }
    }
    for (let i = 0; i < this.always.length; i++) this.candidates[this.count++] = this.always[i] as number;
    const found = this.candidates;
    // Insertion sort: candidate lists are short, and this keeps the hot path free of allocation.
    for (let i = 1; i < this.count; i++) {
      const v = found[i] as number;
      let j = i - 1;
      while (j >= 0 && (found[j] as number) > v) {
        found[j + 1] = found[j] as number;
        j--;
      }
      found[j + 1] = v;
    }
    for (let i = 0; i < this.count; i++) {
      const rule = this.rules[found[i] as number] as IndexedRule;
      if (rule.matcher(view)) onMatch(rule.ruleIndex);
    }
  }
}
