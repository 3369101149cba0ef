import type { Atom } from "./trigger.js";

/**
 * The atoms of one log source bucket: (field, folded sequence) pairs that the index looks for in
 * a single pass over each field. Compiled matchers read whether an atom was seen in the current
 * event instead of searching the field again; rules use some atoms as triggers.
 */
export class AtomTable {
  private readonly ids = new Map<string, number>();
  readonly fields: string[] = [];
  readonly units: (readonly number[])[] = [];
  /** Per atom, the regular expression of a computed atom (see Atom in trigger.ts), else undefined. */
  readonly regexes: (Atom["regex"] | undefined)[] = [];

  /** The id of an atom, registering it on first use. */
  register(field: string, units: readonly number[], regex?: Atom["regex"]): number {
    const key = regex
      ? `${field}\u0001/${regex.flags.i ? "i" : ""}${regex.flags.m ? "m" : ""}${regex.flags.s ? "s" : ""}/${regex.source}`
      : `${field}\u0001${units.join(",")}`;
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.fields.length;
      this.ids.set(key, id);
      this.fields.push(field);
      this.units.push(units);
      this.regexes.push(regex);
    }
    return id;
  }

  /** Per field, how many tests keep their answers in the field's remembered texts (see testNumber). */
  private readonly testCounts = new Map<string, { count: number }>();

  /**
   * A number for a test of the field's text that keeps its answers with what the index remembers
   * of the text (Remembered.tests), and the field's count of such tests, final once the bucket is
   * compiled.
   */
  testNumber(field: string): { readonly number: number; readonly counter: { readonly count: number } } {
    let counter = this.testCounts.get(field);
    if (!counter) {
      counter = { count: 0 };
      this.testCounts.set(field, counter);
    }
    return { number: counter.count++, counter };
  }

  /** The id of an atom already registered, or -1. */
  find(field: string, units: readonly number[]): number {
    return this.ids.get(`${field}\u0001${units.join(",")}`) ?? -1;
  }

  get size(): number {
    return this.fields.length;
  }
}
