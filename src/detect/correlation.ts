import type { Event } from "../core/index.js";
import type { SigmaCorrelation, Threshold } from "../sigma/index.js";
import { type Entry, type EvidenceBudget, MAX_KEPT_EVENTS, WindowEntries, evidenceBudget } from "./window-entries.js";

export { MAX_KEPT_EVENTS } from "./window-entries.js";

/** A correlation that fired: which groups, how much, and the events behind it. */
export interface CorrelationHit {
  readonly correlation: SigmaCorrelation;
  /** group-by field → value. */
  readonly group: Readonly<Record<string, string>>;
  /** The aggregate that met the condition: a count, a sum, an average, a share in percent. */
  readonly value: number;
  readonly firstMs: number;
  readonly lastMs: number;
  /** Up to MAX_KEPT_EVENTS of the events that contributed, oldest first. */
  readonly events: readonly Event[];
}

/** Entries kept per group window, so a flood cannot grow memory without bound. */
export const MAX_WINDOW_ENTRIES = 100_000;
/**
 * Groups kept open per correlation rule. Groups whose window has passed are closed as time goes
 * on; this bounds the rest (a scan of every source address of the internet, say): past it, the
 * oldest group is closed.
 */
export const MAX_OPEN_GROUPS = 100_000;
/** Entries held by all the groups of one correlation rule; past it, the oldest groups are closed. */
export const MAX_HELD_ENTRIES = 1_000_000;

/** Options of CorrelationWindow. */
export interface CorrelationWindowOptions {
  /** Entries all groups may hold together (MAX_HELD_ENTRIES unless told). */
  readonly maxHeld?: number;
  /** Copies an event kept as evidence (EngineOptions.keep). */
  readonly keep?: (event: Event) => Event;
  /** The evidence budget this window shares with the engine's others (its own by default). */
  readonly evidence?: EvidenceBudget;
}

interface Group {
  readonly key: Readonly<Record<string, string>>;
  readonly entries: WindowEntries;
  /** temporal_ordered: for each step, the start time of the latest sequence that reached it. */
  reached: number[];
  windowStart: number;
}

/** An event as kept in saved correlation state: enough to rebuild it after a restart. */
export interface SavedEvent {
  readonly raw: unknown;
  readonly id?: string;
  readonly timestamp?: string;
  readonly logsource: Event["logsource"];
}

/** The open windows of one correlation rule, as plain data that survives a restart. */
export interface CorrelationState {
  readonly groups: readonly {
    readonly id: string;
    readonly key: Readonly<Record<string, string>>;
    readonly windowStart: number;
    readonly reached: readonly (number | null)[];
    /**
     * Entries know their event by its number in the group (an event seen at two steps has one);
     * `events` holds the newest events, kept as the hit's evidence, and `eventNumbers` their
     * numbers. States saved before `eventNumbers` held every event, numbered by position.
     */
    readonly entries: readonly { time: number; step: number; value: string | number | null; event: number }[];
    readonly events: readonly SavedEvent[];
    readonly eventNumbers?: readonly number[];
  }[];
}

/** Holds when every bound of the threshold holds. */
export function thresholdHolds(t: Threshold | undefined, v: number): boolean {
  if (!t) return true;
  if (t.gt !== undefined && !(v > t.gt)) return false;
  if (t.gte !== undefined && !(v >= t.gte)) return false;
  if (t.lt !== undefined && !(v < t.lt)) return false;
  if (t.lte !== undefined && !(v <= t.lte)) return false;
  if (t.eq !== undefined && v !== t.eq) return false;
  if (t.neq !== undefined && v === t.neq) return false;
  return true;
}

/** An upper bound can only be judged once a window is complete; a lower bound as soon as it is met. */
function judgedAtClose(c: SigmaCorrelation): boolean {
  if (c.type === "temporal" || c.type === "temporal_ordered" || c.type === "value_percentile") return false;
  const t = c.condition;
  return t !== undefined && (t.lt !== undefined || t.lte !== undefined || t.neq !== undefined);
}

function valueKey(v: unknown): string | number | undefined {
  if (typeof v === "string" || typeof v === "number") return v;
  if (typeof v === "boolean") return String(v);
  return undefined;
}

/**
 * Runs one correlation rule over the matches of the rules it refers to, arriving in time order.
 * Each group-by combination has its own window. A lower-bound condition fires as soon as it
 * holds and then starts the group afresh; an upper bound (`lt`, `lte`, `neq`) is judged when the
 * group's window closes, so "fewer than N" means fewer than N in a whole timespan.
 */
export class CorrelationWindow {
  private readonly groups = new Map<string, Group>();
  private readonly atClose: boolean;
  /** Entries held by all groups. */
  private held = 0;
  private readonly maxHeld: number;
  private readonly keep: ((event: Event) => Event) | undefined;
  private readonly evidence: EvidenceBudget;
  /** Time (ms) at which the next sweep closes the groups whose window has passed. */
  private nextSweep = Number.NEGATIVE_INFINITY;

  constructor(
    readonly correlation: SigmaCorrelation,
    /** Which step (position in `rules`) a rule id or name is; a rule may stand at several. */
    private readonly steps: ReadonlyMap<string, readonly number[]>,
    options: CorrelationWindowOptions = {},
  ) {
    this.atClose = judgedAtClose(correlation);
    this.maxHeld = options.maxHeld ?? MAX_HELD_ENTRIES;
    this.keep = options.keep;
    this.evidence = options.evidence ?? evidenceBudget();
  }

  /** The group-by field a step reads: an alias resolves per rule name. */
  private groupField(field: string, ruleRefs: readonly string[]): string {
    const alias = this.correlation.aliases[field];
    if (!alias) return field;
    for (const ref of ruleRefs) if (alias[ref] !== undefined) return alias[ref] as string;
    return field;
  }

  /** Feeds one match of a referenced rule (known by its id and name) and returns any hits. */
  feed(ruleRefs: readonly string[], event: Event, time: number): CorrelationHit[] {
    const steps = ruleRefs.flatMap((r) => this.steps.get(r) ?? []);
    if (steps.length === 0) return [];
    const key: Record<string, string> = {};
    for (const field of this.correlation.groupBy) {
      const v = event.doc.get(this.groupField(field, ruleRefs));
      key[field] = v === undefined || v === null ? "" : typeof v === "object" ? JSON.stringify(v) : String(v);
    }
    const groupId = JSON.stringify(this.correlation.groupBy.map((f) => key[f]));
    const hits: CorrelationHit[] = [];
    this.sweep(time, hits);
    let group = this.groups.get(groupId);
    if (group && this.atClose && time - group.windowStart > this.correlation.timespanMs) {
      const hit = this.judge(group, time);
      if (hit) hits.push(hit);
      this.close(groupId);
      group = undefined;
    }
    if (!group) {
      group = { key, entries: new WindowEntries(this.keep, this.evidence), reached: [], windowStart: time };
      this.groups.set(groupId, group);
      if (this.groups.size > MAX_OPEN_GROUPS) this.closeOldest(hits);
    }
    const field = this.correlation.field;
    const value = field === undefined ? undefined : valueKey(event.doc.get(this.groupField(field, ruleRefs)));
    const before = group.entries.length;
    for (const step of new Set(steps)) {
      group.entries.push(time, step, value, event);
      if (this.correlation.type === "temporal_ordered") this.advanceOrdered(group, step, time);
    }
    if (!this.atClose) group.entries.dropBefore(time - this.correlation.timespanMs);
    group.entries.keepLast(MAX_WINDOW_ENTRIES);
    this.held += group.entries.length - before;
    if (!this.atClose) {
      const hit = this.judge(group, time, value);
      if (hit) {
        // A group that could keep no evidence (the budget spent) still shows the event that completed it.
        hits.push(hit.events.length > 0 ? hit : { ...hit, events: [event] });
        this.close(groupId);
      }
    }
    while (this.held > this.maxHeld && this.groups.size > 1) this.closeOldest(hits);
    return hits;
  }

  /**
   * Closes the groups whose window has passed, once per timespan of stream time: a group judged
   * at close is judged now (its window is complete), any other is dropped, since all its entries
   * are too old to count again. Without it every group value ever seen (each source address of a
   * brute-force rule) stayed in memory and in the saved state. Stream time is the events' time,
   * held back to the clock so that one event dated in the future cannot close every window.
   */
  private sweep(eventTime: number, hits: CorrelationHit[]): void {
    const now = Math.min(eventTime, Date.now());
    if (now < this.nextSweep) return;
    const span = this.correlation.timespanMs;
    this.nextSweep = now + Math.max(span, 1000);
    for (const [id, group] of this.groups) {
      if (this.atClose) {
        if (now - group.windowStart <= span) continue;
        const hit = this.judge(group, now);
        if (hit) hits.push(hit);
        this.close(id);
      } else if ((group.entries.last?.time ?? group.windowStart) < now - span) {
        this.close(id);
      }
    }
  }

  /** Closes the group opened first, judging it if it is judged at close. */
  private closeOldest(hits: CorrelationHit[]): void {
    const [id, group] = this.groups.entries().next().value as [string, Group];
    if (this.atClose) {
      const hit = this.judge(group, group.entries.last?.time ?? group.windowStart);
      if (hit) hits.push(hit);
    }
    this.close(id);
  }

  private close(id: string): void {
    const group = this.groups.get(id);
    if (group === undefined) return;
    this.held -= group.entries.length;
    group.entries.release();
    this.groups.delete(id);
  }

  private advanceOrdered(group: Group, step: number, time: number): void {
    const span = this.correlation.timespanMs;
    if (step === 0) {
      group.reached[0] = time;
      return;
    }
    const start = group.reached[step - 1];
    if (start !== undefined && time - start <= span) group.reached[step] = start;
  }

  /** The open windows as plain data (see CorrelationState). */
  exportState(): CorrelationState {
    return { groups: [...this.exportGroups()] };
  }

  /**
   * The open windows one group at a time, so a caller can pause between them. Groups opened or
   * closed meanwhile are seen or skipped as a Map's iteration sees them.
   */
  *exportGroups(): Generator<CorrelationState["groups"][number]> {
    for (const [id, g] of this.groups) {
      const kept = g.entries.keptEvents();
      const events: SavedEvent[] = kept.map(({ event }) => ({
        raw: event.raw,
        logsource: event.logsource,
        ...(event.timestamp === undefined ? {} : { timestamp: event.timestamp }),
        ...(event.id === undefined ? {} : { id: event.id }),
      }));
      const entries = g.entries
        .toArray()
        .map((e) => ({ time: e.time, step: e.step, value: e.value ?? null, event: e.event }));
      yield {
        id,
        key: g.key,
        windowStart: g.windowStart,
        reached: g.reached.map((r) => r ?? null),
        entries,
        events,
        eventNumbers: kept.map((k) => k.number),
      };
    }
  }

  /** Restores windows saved by exportState; `revive` rebuilds each saved event. */
  importState(state: CorrelationState, revive: (saved: SavedEvent) => Event): void {
    this.closeAll();
    for (const g of state.groups) {
      const entries = new WindowEntries(this.keep, this.evidence);
      // Only the newest events are wanted: reviving a large old-format window's every event is waste.
      const first = Math.max(0, g.events.length - MAX_KEPT_EVENTS);
      const kept = g.events.slice(first).map((saved, i) => ({
        number: g.eventNumbers?.[first + i] ?? first + i,
        event: revive(saved),
      }));
      entries.restore(
        g.entries.map((e) => ({ time: e.time, step: e.step, value: e.value ?? undefined, event: e.event })),
        kept,
      );
      this.held += entries.length;
      this.groups.set(g.id, {
        key: g.key,
        windowStart: g.windowStart,
        reached: g.reached.map((r) => (r === null ? (undefined as unknown as number) : r)),
        entries,
      });
    }
  }

  /** Closes every open window and returns the hits judged at close. Call at the end of a stream. */
  flush(): CorrelationHit[] {
    const hits: CorrelationHit[] = [];
    if (this.atClose) {
      for (const group of this.groups.values()) {
        const hit = this.judge(group, group.entries.last?.time ?? group.windowStart);
        if (hit) hits.push(hit);
      }
    }
    this.closeAll();
    return hits;
  }

  private closeAll(): void {
    for (const group of this.groups.values()) group.entries.release();
    this.groups.clear();
    this.held = 0;
  }

  private judge(group: Group, now: number, current?: string | number): CorrelationHit | undefined {
    const c = this.correlation;
    const entries = group.entries;
    if (entries.length === 0) return undefined;
    let value: number;
    switch (c.type) {
      case "event_count":
        value = entries.distinctEvents;
        break;
      case "value_count":
        value = entries.distinctValues;
        break;
      case "value_sum":
      case "value_avg": {
        const { sum, count } = entries.numericTotal();
        if (count === 0) return undefined;
        value = c.type === "value_sum" ? sum : sum / count;
        break;
      }
      case "value_percentile": {
        if (current === undefined) return undefined;
        value = (entries.countOf(current) / entries.length) * 100;
        break;
      }
      case "temporal": {
        value = entries.stepsSince(now - c.timespanMs);
        // Without a condition, every referenced rule must have matched (the specification's default).
        if (!c.condition && value < c.rules.length) return undefined;
        break;
      }
      case "temporal_ordered": {
        const last = c.rules.length - 1;
        if (group.reached[last] === undefined) return undefined;
        value = c.rules.length;
        break;
      }
    }
    if (!thresholdHolds(c.condition, value)) return undefined;
    return {
      correlation: c,
      group: group.key,
      value,
      firstMs: (entries.first as Entry).time,
      lastMs: (entries.last as Entry).time,
      events: entries.keptEvents().map((k) => k.event),
    };
  }
}
