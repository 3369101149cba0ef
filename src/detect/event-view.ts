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
  /**
   * Per-slot caches, stamped with the event number in which they were filled. Typed arrays and
   * arrays made alike, sized to the slots at each event's start: grown from empty arrays by
   * writes, their elements kinds (and so their maps) came to differ from one view to another by
   * which fields and variants its events read, and the code every view runs through met several
   * maps. A second engine in the process (the benchmark's baseline) cost the first 0.4 µs an event.
   */
  private capacity = 0;
  private seen = new Int32Array(0);
  private values: unknown[] = [];
  /** Per slot and text variant, at `slot * 4 + variant`. */
  private textSeen = new Int32Array(0);
  private texts: (string | undefined)[] = [];
  /** Per slot, what the index's memory holds of the field's text in this event (see remembered). */
  private rememberedSeen = new Int32Array(0);
  private rememberedOf: (Remembered | undefined)[] = [];
  private plainSeen = new Int32Array(0);
  private plain = new Uint8Array(0);
  private readonly allSeen = new Int32Array(4);
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
    // The stamps are Int32: start them again before they leave that range.
    if (++this.epoch === VIEW_EPOCH_LIMIT) this.restamp();
    if (this.capacity !== this.slots.names.length) this.resize(this.slots.names.length);
  }

  private restamp(): void {
    for (const stamps of [this.seen, this.textSeen, this.rememberedSeen, this.plainSeen, this.allSeen]) stamps.fill(0);
    this.epoch = 1;
  }

  /**
   * Sizes the caches to the slots, which grow as buckets are compiled. A slot given out within
   * an event still reads right: out of range, its stamps read as unset and keep nothing.
   */
  private resize(capacity: number): void {
    this.capacity = capacity;
    this.seen = new Int32Array(capacity);
    this.values = emptySlots(capacity);
    this.textSeen = new Int32Array(capacity * 4);
    this.texts = emptySlots(capacity * 4);
    this.rememberedSeen = new Int32Array(capacity);
    this.rememberedOf = emptySlots(capacity);
    this.plainSeen = new Int32Array(capacity);
    this.plain = new Uint8Array(capacity);
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

  /** Sets a field's value for this event, as a walk over the document found it (Document.forEachText). */
  preset(slot: number, value: unknown): void {
    this.seen[slot] = this.epoch;
    this.values[slot] = value;
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
    if (this.plainSeen[slot] === this.epoch) return this.plain[slot] === 1;
    this.plainSeen[slot] = this.epoch;
    // A text the index remembers keeps the answer, asked once of each value rather than per event.
    const remembered = this.remembered(slot);
    let plain: boolean;
    if (remembered !== undefined && remembered.plain !== 0) plain = remembered.plain === 2;
    else {
      const text = this.text(slot, 0);
      plain = text !== undefined && !FOLDS_APART.test(text);
      if (remembered !== undefined) remembered.plain = plain ? 2 : 1;
    }
    this.plain[slot] = plain ? 1 : 0;
    return plain;
  }

  /** The field as text in the given variant; undefined when absent, null, an object or a list. */
  text(slot: number, variant: TextVariant): string | undefined {
    const at = slot * 4 + variant;
    if (this.textSeen[at] === this.epoch) return this.texts[at];
    this.textSeen[at] = this.epoch;
    const text = variantOf(scalarText(this.value(slot)), variant);
    this.texts[at] = text;
    return text;
  }
}

/** The event number at which a view's stamps start again from 1. */
export const VIEW_EPOCH_LIMIT = 0x7fffffff;

/** An array of `length` undefined elements, made the same way for every view (see EventView). */
function emptySlots<T>(length: number): (T | undefined)[] {
  return Array.from({ length }, () => undefined);
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
