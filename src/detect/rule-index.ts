import { AhoCorasick } from "./aho-corasick.js";
import type { Matcher } from "./compile-item.js";
import { type EventView, scalarText } from "./event-view.js";
import { ANY_FIELD, type Atom, type Trigger } from "./trigger.js";

/** A rule compiled for one log source bucket: its matcher and what the index may look for. */
export interface IndexedRule {
  /** Position of the rule in the engine's rule list; detections are reported in this order. */
  readonly ruleIndex: number;
  readonly matcher: Matcher;
  readonly trigger: Trigger;
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
 * every exact, prefix, suffix and substring atom at once. Rules without a trigger are always run.
 */
export class RuleIndex {
  private readonly always: Int32Array;
  private readonly fields: FieldIndex[] = [];
  private readonly mark: Int32Array;
  private readonly candidates: Int32Array;
  private count = 0;
  private epoch = 0;
  /** Scans one value of the event with the keyword automaton; made once, used for every event. */
  private readonly scanAnyValue: ((value: unknown) => void) | undefined;

  constructor(
    private readonly rules: readonly IndexedRule[],
    slotOf: (field: string) => number,
    useIndex = true,
  ) {
    this.mark = new Int32Array(rules.length);
    this.candidates = new Int32Array(rules.length);
    const always: number[] = [];
    const byField = new Map<string, { patterns: number[][]; keys: Map<string, number>; rules: number[][] }>();
    rules.forEach((rule, position) => {
      if (!useIndex || rule.trigger === null || rule.trigger.length === 0) {
        always.push(position);
        return;
      }
      for (const atom of rule.trigger) addAtom(byField, atom, position);
    });
    this.always = Int32Array.from(always);
    let scanAny: ((value: unknown) => void) | undefined;
    for (const [field, entry] of byField) {
      const ruleLists = entry.rules.map((list) => Int32Array.from(new Set(list)));
      this.fields.push({
        slot: field === ANY_FIELD ? -1 : slotOf(field),
        automaton: new AhoCorasick(entry.patterns),
        onPattern: (patternId) => {
          const list = ruleLists[patternId] as Int32Array;
          for (let i = 0; i < list.length; i++) {
            const r = list[i] as number;
            if (this.mark[r] !== this.epoch) {
              this.mark[r] = this.epoch;
              this.candidates[this.count++] = r;
            }
          }
          return undefined;
        },
      });
    }
    const keywordIndex = this.fields.find((f) => f.slot === -1);
    if (keywordIndex) {
      scanAny = (value) => {
        const text = scalarText(value);
        if (text !== undefined) keywordIndex.automaton.scan(text, keywordIndex.onPattern);
      };
    }
    this.scanAnyValue = scanAny;
  }

  /** How many rules run on every event because nothing could be indexed for them. */
  get unindexed(): number {
    return this.always.length;
  }

  /** Runs the candidate rules on the event and reports each matching rule's index, in rule order. */
  match(view: EventView, onMatch: (ruleIndex: number) => void): void {
    this.epoch++;
    this.count = 0;
    for (const field of this.fields) {
      if (field.slot === -1) {
        view.doc?.forEachValue(this.scanAnyValue as (value: unknown) => void);
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
    for (let i = 0; i < this.always.length; i++) {
      const r = this.always[i] as number;
      this.mark[r] = this.epoch;
      this.candidates[this.count++] = r;
    }
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

function addAtom(
  byField: Map<string, { patterns: number[][]; keys: Map<string, number>; rules: number[][] }>,
  atom: Atom,
  position: number,
): void {
  let entry = byField.get(atom.field);
  if (!entry) {
    entry = { patterns: [], keys: new Map(), rules: [] };
    byField.set(atom.field, entry);
  }
  const key = atom.units.join(",");
  let id = entry.keys.get(key);
  if (id === undefined) {
    id = entry.patterns.length;
    entry.keys.set(key, id);
    entry.patterns.push([...atom.units]);
    entry.rules.push([]);
  }
  (entry.rules[id] as number[]).push(position);
}
