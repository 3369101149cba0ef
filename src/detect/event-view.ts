import type { Document } from "../core/index.js";
import { foldDashes } from "./fold.js";
import type { Remembered } from "./remembered-scan.js";

/**
 * Field names used by compiled rules, each given a slot number once, so a matcher reads a field
 * by index and the view caches per event without building maps.
 */
export class FieldSlots {
  readonly names: string[] = [];
  private readonly bySlot = new Map<string, number>();

  /** The slot of a field name, assigning a new one on first use. */
  slot(name: string): number {
    let slot = this.bySlot.get(name);
    if (slot === undefined) {
      slot = this.names.length;
      this.names.push(name);
      this.bySlot.set(name, slot);
    }
    return slot;
  }
}

/** The units whose lower case and folding part ways (see EventView.foldsPlainly). */
const FOLDS_APART = /[\u0130\u03a3\u03c2]/;

/** Text variants a string test compares against: bit 1 lower-cased, bit 2 dashes folded. */
export type TextVariant = 0 | 1 | 2 | 3;

/**
 * One event as the matchers see it: field values fetched from the document once per event and
 * cached with their lower-cased and dash-folded forms. A view is reused for every event.
 */
export class EventView {
  doc: Document | undefined;
  /** Per atom of the current bucket, the event number in which the index last saw it. */
  atomHits: Int32Array = new Int32Array(0);
  /** The event number atoms seen in this event carry. */
  atomEpoch = 0;
  private epoch = 1;
  private readonly seen: number[] = [];
  private readonly values: unknown[] = [];
  private readonly textSeen: number[][] = [[], [], [], []];
  private readonly texts: (string | undefined)[][] = [[], [], [], []];

  /** Per slot, what the index's memory holds of the field's text in this event (see remembered). */
  private readonly rememberedSeen: number[] = [];
  private readonly rememberedOf: (Remembered | undefined)[] = [];
  private readonly plainSeen: number[] = [];
  private readonly plain: boolean[] = [];
  private readonly allSeen: number[] = [0, 0, 0, 0];
  private readonly allTexts: string[] = ["", "", "", ""];

  constructor(private readonly slots: FieldSlots) {}

  /**
   * Every scalar value of the event as one text, values separated by NUL, in the given variant:
   * keyword searches look for their words here once instead of value by value.
   */
  allText(variant: TextVariant): string {
    if (this.allSeen[variant] === this.epoch) return this.allTexts[variant] as string;
    let joined = "";
    this.doc?.forEachValue((v) => {
      const text = scalarText(v);
      if (text !== undefined) joined += `${text}\u0000`;
    });
    const text = variantOf(joined, variant) as string;
    this.allSeen[variant] = this.epoch;
    this.allTexts[variant] = text;
    return text;
  }

  /** Points the view at the next event. */
  reset(doc: Document): void {
    this.doc = doc;
    this.epoch++;
  }

  /** Records what the index's memory holds of the field's text in this event. */
  remember(slot: number, remembered: Remembered): void {
    this.rememberedSeen[slot] = this.epoch;
    this.rememberedOf[slot] = remembered;
  }

  /**
   * What the index's memory holds of the field's text in this event, where other tests of that
   * text keep their answers; undefined when the index did not remember it (a list, a memory at
   * rest, a field it does not read).
   */
  remembered(slot: number): Remembered | undefined {
    return this.rememberedSeen[slot] === this.epoch ? this.rememberedOf[slot] : undefined;
  }

  /** The raw value of a field, `undefined` when absent. */
  value(slot: number): unknown {
    if (this.seen[slot] !== this.epoch) {
      this.seen[slot] = this.epoch;
      this.values[slot] = this.doc?.get(this.slots.names[slot] as string);
    }
    return this.values[slot];
  }

  /**
   * Whether the field is one value whose lower case is, unit for unit, its folding as the index
   * reads it (see AtomProof in program.ts): it holds neither \u0130 (`İ`, which lowers to two
   * units), nor \u03a3 (`Σ`, which lowers by its place in a word), nor \u03c2 (`ς`, which folds
   * to `σ` but lowers to itself).
   */
  foldsPlainly(slot: number): boolean {
    if (this.plainSeen[slot] === this.epoch) return this.plain[slot] as boolean;
    this.plainSeen[slot] = this.epoch;
    const text = this.text(slot, 0);
    const plain = text !== undefined && !FOLDS_APART.test(text);
    this.plain[slot] = plain;
    return plain;
  }

  /** The field as text in the given variant; undefined when absent, null, an object or a list. */
  text(slot: number, variant: TextVariant): string | undefined {
    const seen = this.textSeen[variant] as number[];
    const texts = this.texts[variant] as (string | undefined)[];
    if (seen[slot] === this.epoch) return texts[slot];
    seen[slot] = this.epoch;
    const text = variantOf(scalarText(this.value(slot)), variant);
    texts[slot] = text;
    return text;
  }
}

/** Text of a scalar value, as Sigma compares it: numbers and booleans in their plain form. */
export function scalarText(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return String(v);
  return undefined;
}

/** Applies a text variant to a string. */
export function variantOf(text: string | undefined, variant: TextVariant): string | undefined {
  if (text === undefined) return undefined;
  let out = text;
  if (variant & 1) out = out.toLowerCase();
  if (variant & 2) out = foldDashes(out);
  return out;
}
