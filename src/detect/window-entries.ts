import type { Event } from "../core/index.js";

/** Events kept per group for a hit's evidence, newest; the aggregates count all the others too. */
export const MAX_KEPT_EVENTS = 32;

/** Events the correlation windows of one engine keep as evidence together (see EvidenceBudget). */
export const MAX_EVIDENCE_EVENTS = 50_000;

/**
 * How many events the windows sharing it keep as evidence, and how many they may. 32 events a
 * group bounds one group, not a flood of groups: 100,000 source addresses of a spraying attack,
 * each with a few failed logons, kept 300,000 event copies (a GB) per rule. Past the limit a
 * group that keeps events replaces its oldest with the new one, and a group that keeps none
 * keeps none: its hits are still raised, with the group and the count, without events
 * (`dropped` counts those events). Closed groups give their share back.
 */
export interface EvidenceBudget {
  held: number;
  readonly limit: number;
  dropped: number;
}

/** A budget of its own, of MAX_EVIDENCE_EVENTS. */
export function evidenceBudget(limit = MAX_EVIDENCE_EVENTS): EvidenceBudget {
  return { held: 0, limit, dropped: 0 };
}

/**
 * One match a correlation window holds. The event is known by its number in the group (an event
 * matching two steps has one number); only the newest MAX_KEPT_EVENTS events are kept, so a
 * window of a hundred thousand failed logons does not keep a hundred thousand events alive.
 */
export interface Entry {
  readonly time: number;
  readonly step: number;
  readonly value: string | number | undefined;
  readonly event: number;
}

/** An event kept for evidence, with its number in the group. */
export interface KeptEvent {
  readonly number: number;
  readonly event: Event;
}

/** How many times each key is held; its size is the number of distinct keys. */
class Tally<K> {
  private readonly counts = new Map<K, number>();

  get size(): number {
    return this.counts.size;
  }

  count(key: K): number {
    return this.counts.get(key) ?? 0;
  }

  add(key: K): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  remove(key: K): void {
    const n = (this.counts.get(key) ?? 0) - 1;
    if (n > 0) this.counts.set(key, n);
    else this.counts.delete(key);
  }
}

/**
 * The entries of one group's window, oldest first, with the aggregates correlations ask for kept
 * up to date as entries come and go. A brute-force window can hold tens of thousands of entries,
 * and a lower-bound condition is judged at every new one: recounting them each time made a flood
 * quadratic, where these updates cost the same for the first entry and the hundred-thousandth.
 */
export class WindowEntries {
  /** Entries from `head` on are held; the array is compacted once half of it is dropped. */
  private items: Entry[] = [];
  private head = 0;
  /** The newest events, oldest first, at most MAX_KEPT_EVENTS. */
  private kept: KeptEvent[] = [];
  private nextNumber = 0;
  /**
   * The event pushed last, as given (not as kept), and its number: an event matching two steps is
   * pushed twice in a row. Weak, so that a window does not keep what the copy was made to let go.
   */
  private lastGiven: WeakRef<Event> | undefined;
  private lastNumber = -1;
  private readonly events = new Tally<number>();
  private readonly values = new Tally<string | number>();
  private readonly steps = new Tally<number>();
  /** Sum and count of the values that read as finite numbers. */
  private sum = 0;
  private numbers = 0;
  /** Numbers held that are not integers, whose running sum may drift: the sum is then recounted. */
  private fractions = 0;
  /** Adjacent entries whose times go backwards (events out of order). */
  private late = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  get first(): Entry | undefined {
    return this.items[this.head];
  }

  get last(): Entry | undefined {
    return this.length === 0 ? undefined : this.items[this.items.length - 1];
  }

  /** Distinct events held (an event matching two steps counts once). */
  get distinctEvents(): number {
    return this.events.size;
  }

  /** Distinct values held, the entries without a value aside. */
  get distinctValues(): number {
    return this.values.size;
  }

  /** Entries holding this value. */
  countOf(value: string | number): number {
    return this.values.count(value);
  }

  /** Distinct steps among the entries at or after `cutoff`. */
  stepsSince(cutoff: number): number {
    const first = this.first;
    if (this.late === 0 && (first === undefined || first.time >= cutoff)) return this.steps.size;
    const seen = new Set<number>();
    for (let i = this.head; i < this.items.length; i++) {
      const e = this.items[i] as Entry;
      if (e.time >= cutoff) seen.add(e.step);
    }
    return seen.size;
  }

  /** The sum and count of the values that read as finite numbers. */
  numericTotal(): { sum: number; count: number } {
    if (this.fractions === 0) return { sum: this.sum, count: this.numbers };
    let sum = 0;
    for (let i = this.head; i < this.items.length; i++) {
      const n = Number((this.items[i] as Entry).value);
      if (Number.isFinite(n)) sum += n;
    }
    return { sum, count: this.numbers };
  }

  /** The newest events still held, oldest first, at most MAX_KEPT_EVENTS. */
  keptEvents(): KeptEvent[] {
    return this.kept.filter((k) => this.events.count(k.number) > 0);
  }

  /**
   * @param keep - makes the copy of a new event that is kept as evidence (an event holding only
   * its own data, see EngineOptions.keep); the event itself by default.
   */
  constructor(
    private readonly keepAs: (event: Event) => Event = (event) => event,
    private readonly budget: EvidenceBudget = evidenceBudget(),
  ) {}

  /** Adds a match of `event` at `step`; the same event pushed again at once keeps its number. */
  push(time: number, step: number, value: string | number | undefined, event: Event): void {
    let number = this.lastNumber;
    if (this.lastGiven?.deref() !== event) {
      number = this.nextNumber++;
      this.keep({ number, event: this.keepAs(event) });
      this.lastGiven = new WeakRef(event);
      this.lastNumber = number;
    }
    this.add({ time, step, value, event: number });
  }

  /** Puts back an entry and the events of a saved window (see exportState), oldest first. */
  restore(entries: readonly Entry[], kept: readonly KeptEvent[]): void {
    for (const k of kept) this.keep(k);
    for (const e of entries) {
      this.nextNumber = Math.max(this.nextNumber, e.event + 1);
      this.add(e);
    }
  }

  /** Drops the oldest entries while they are older than `cutoff`. */
  dropBefore(cutoff: number): void {
    while (this.length > 0 && (this.first as Entry).time < cutoff) this.shift();
  }

  /** Drops the oldest entries beyond the newest `max`. */
  keepLast(max: number): void {
    while (this.length > max) this.shift();
  }

  /** The entries held, oldest first. */
  toArray(): Entry[] {
    return this.items.slice(this.head);
  }

  /** Gives the events kept back to the budget; the group is being closed. */
  release(): void {
    this.budget.held -= this.kept.length;
    this.kept = [];
  }

  private keep(k: KeptEvent): void {
    this.nextNumber = Math.max(this.nextNumber, k.number + 1);
    const budget = this.budget;
    if (this.kept.length >= MAX_KEPT_EVENTS || (budget.held >= budget.limit && this.kept.length > 0)) {
      this.kept.shift();
      this.kept.push(k);
    } else if (budget.held < budget.limit) {
      this.kept.push(k);
      budget.held++;
    } else {
      budget.dropped++;
    }
  }

  private add(entry: Entry): void {
    const newest = this.last;
    if (newest !== undefined && entry.time < newest.time) this.late++;
    this.items.push(entry);
    this.count(entry, 1);
  }

  private shift(): void {
    const gone = this.items[this.head] as Entry;
    this.items[this.head] = undefined as unknown as Entry;
    this.head++;
    this.count(gone, -1);
    const next = this.items[this.head];
    if (next !== undefined && next.time < gone.time) this.late--;
    if (this.head >= 1024 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    if (this.length === 0) this.late = 0;
  }

  private count(e: Entry, sign: 1 | -1): void {
    if (sign === 1) {
      this.events.add(e.event);
      this.steps.add(e.step);
      if (e.value !== undefined) this.values.add(e.value);
    } else {
      this.events.remove(e.event);
      this.steps.remove(e.step);
      if (e.value !== undefined) this.values.remove(e.value);
    }
    const n = Number(e.value);
    if (e.value !== undefined && Number.isFinite(n)) {
      this.sum += sign * n;
      this.numbers += sign;
      if (!Number.isInteger(n)) this.fractions += sign;
    }
  }
}
