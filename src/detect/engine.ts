import type { Event, EventLogSource } from "../core/index.js";
import {
  type Pipeline,
  type SigmaCorrelation,
  type SigmaDocument,
  type SigmaFilter,
  type SigmaRule,
  type SkippedRule,
  fieldResolver,
  logsourceCovers,
  logsourceKey,
} from "../sigma/index.js";
import type { CompileContext } from "./compile-item.js";
import { compileDetection, detectionNode } from "./compile-detection.js";
import { ProgramSet } from "./program.js";
import { type CorrelationHit, type CorrelationState, CorrelationWindow, type SavedEvent } from "./correlation.js";
import { evidenceBudget } from "./window-entries.js";
import { EventView, FieldSlots } from "./event-view.js";
import { AtomTable } from "./atom-table.js";
import { type IndexedRule, RuleIndex } from "./rule-index.js";
import type { RememberBudget } from "./remember-budget.js";
import { detectionTrigger, indexable } from "./trigger.js";
import { assumeGroupsSeen } from "./implied.js";

/** A rule matched an event, or a correlation rule fired. */
export type Detection =
  | { readonly kind: "match"; readonly rule: SigmaRule; readonly event: Event }
  | { readonly kind: "correlation"; readonly rule: SigmaCorrelation; readonly hit: CorrelationHit };

/** Options of createEngine. */
export interface EngineOptions {
  /** Rules, global filters and correlation rules, as loaded. */
  readonly documents: readonly SigmaDocument[];
  readonly pipelines?: readonly Pipeline[];
  /** Index rules by field values (default). Off, every rule of the log source runs on every event: the baseline benchmarks compare against. */
  readonly index?: boolean;
  /**
   * Copies an event a correlation window keeps as evidence (the newest 32 of a group), so that it
   * holds only its own data: an event cut out of a request body would keep the whole body alive
   * as long as the window is open. Without it, windows keep the events as given.
   */
  readonly keep?: (event: Event) => Event;
}

/** What exportState returns. */
export interface EngineState {
  readonly version: 1;
  readonly lastTime: number;
  readonly windows: Readonly<Record<string, CorrelationState>>;
}

/** Counters an engine keeps, for summaries and metrics. */
export interface EngineStats {
  events: number;
  matches: number;
  correlations: number;
  /** Rules brought forward by the index's lead groups (before their other groups are checked). */
  woken: number;
  /** Rule matchers run: what the index did not spare. */
  evaluated: number;
}

/** What the engine's correlation windows keep as evidence: events held, the limit, events not kept. */
export interface EvidenceStats {
  readonly held: number;
  readonly limit: number;
  readonly dropped: number;
}

/**
 * The streaming Sigma engine. Rules are compiled once per event log source, on first sight of
 * that source; each event visits only the rules its field values point to.
 *
 * @example
 * const engine = createEngine({ documents: loaded.documents });
 * for (const event of events) for (const d of engine.match(event)) report(d);
 * for (const d of engine.flush()) report(d);
 */
export class SigmaEngine {
  readonly rules: readonly SigmaRule[];
  readonly correlations: readonly SigmaCorrelation[];
  /** Rules that loaded but cannot be compiled (an unsupported regular expression...). */
  readonly skipped: SkippedRule[] = [];
  readonly stats: EngineStats = { events: 0, matches: 0, correlations: 0, woken: 0, evaluated: 0 };
  private readonly filters: readonly SigmaFilter[];
  private readonly pipelines: readonly Pipeline[];
  private readonly useIndex: boolean;
  private readonly keep: ((event: Event) => Event) | undefined;
  private readonly slots = new FieldSlots();
  private readonly view = new EventView(this.slots);
  private readonly buckets = new Map<string, RuleIndex>();
  /** What the scans and regular expressions of all buckets remember of recent values, bounded together. */
  private readonly remembered: RememberBudget = { used: 0 };
  private readonly bySource = new WeakMap<EventLogSource, RuleIndex>();
  private readonly windows: CorrelationWindow[] = [];
  /** Bounds the events all correlation windows keep as evidence, together. */
  private readonly evidenceKept = evidenceBudget();
  /** rule id or name → correlation windows that consume its matches. */
  private readonly consumers = new Map<string, CorrelationWindow[]>();
  /** Rules whose matches only feed correlations (`generate: false`, the default). */
  private readonly silent = new Set<string>();
  /** Per rule (by index): its id and name, when a correlation window consumes its matches, else null. */
  private readonly feeds: (readonly string[] | null)[];
  /** Per rule (by index): whether its matches only feed correlations. */
  private readonly quiet: boolean[];
  /**
   * The rules the current event matched: the first `matchedCount` of `matched`. Counted rather
   * than emptied with `length = 0`, a call into V8's runtime for every event.
   */
  private readonly matched: number[] = [];
  private matchedCount = 0;
  private readonly collect = (ruleIndex: number) => {
    this.matched[this.matchedCount++] = ruleIndex;
  };
  private lastTime = 0;

  constructor(options: EngineOptions) {
    this.pipelines = options.pipelines ?? [];
    this.useIndex = options.index ?? true;
    this.keep = options.keep;
    const rules: SigmaRule[] = [];
    for (const doc of options.documents) {
      if (doc.kind !== "rule") continue;
      const problem = this.precheck(doc);
      if (problem) this.skipped.push(problem);
      else rules.push(doc);
    }
    this.rules = rules;
    this.filters = options.documents.filter((d): d is SigmaFilter => d.kind === "filter");
    this.correlations = options.documents.filter((d): d is SigmaCorrelation => d.kind === "correlation");
    this.wireCorrelations();
    // Worked out once, not for every match: most rules feed no correlation.
    this.feeds = rules.map((r) => {
      const refs = r.name ? [r.id, r.name] : [r.id];
      return refs.some((ref) => this.consumers.has(ref)) ? refs : null;
    });
    this.quiet = rules.map((r) => this.silent.has(r.id) || (r.name ? this.silent.has(r.name) : false));
  }

  /** Compiles a rule once on its own, so errors surface at load time rather than mid-stream. */
  private precheck(rule: SigmaRule): SkippedRule | undefined {
    try {
      compileDetection(rule.detection, { slots: new FieldSlots(), resolve: (f) => [f] });
      return undefined;
    } catch (error) {
      const e = error as { code?: string; message?: string };
      return {
        file: rule.source.file,
        line: rule.source.line,
        code: e.code ?? "SIGMA_COMPILE_FAILED",
        reason: e.message ?? String(error),
      };
    }
  }

  private wireCorrelations(): void {
    for (const c of this.correlations) {
      const steps = new Map<string, number[]>();
      for (const [i, ref] of c.rules.entries()) steps.set(ref, [...(steps.get(ref) ?? []), i]);
      const window = new CorrelationWindow(
        c,
        steps,
        this.keep ? { keep: this.keep, evidence: this.evidenceKept } : { evidence: this.evidenceKept },
      );
      this.windows.push(window);
      for (const ref of steps.keys()) {
        this.consumers.set(ref, [...(this.consumers.get(ref) ?? []), window]);
        if (!c.generate) this.silent.add(ref);
      }
    }
  }

  private bucket(source: EventLogSource): RuleIndex {
    // Parsers share one log source object per kind of event, so identity usually answers.
    const known = this.bySource.get(source);
    if (known) return known;
    const key = logsourceKey(source);
    let index = this.buckets.get(key);
    if (!index) {
      index = this.buildBucket(source);
      this.buckets.set(key, index);
    }
    this.bySource.set(source, index);
    return index;
  }

  private buildBucket(source: EventLogSource): RuleIndex {
    const entries: IndexedRule[] = [];
    const atoms = new AtomTable();
    const resolvers = new Map<string, (field: string) => string[]>();
    // Compared literals keep their answers with the texts the index remembers (not without one).
    const programs = new ProgramSet(this.useIndex);
    this.rules.forEach((rule, ruleIndex) => {
      if (!logsourceCovers(rule.logsource, source)) return;
      const lsKey = `${rule.logsource.product}|${rule.logsource.category}|${rule.logsource.service}`;
      let resolve = resolvers.get(lsKey);
      if (!resolve) {
        resolve = fieldResolver(this.pipelines, rule.logsource, source);
        resolvers.set(lsKey, resolve);
      }
      // Triggers first: matchers gate their tests on the atoms the index looks for.
      let trigger = this.useIndex ? detectionTrigger(rule.detection, resolve) : null;
      // A rule nothing can be looked for in would run on every event; a regular expression it
      // requires can stand in, tested once per new value of its field (a computed atom).
      if (this.useIndex && !indexable(trigger)) {
        const computed = detectionTrigger(rule.detection, resolve, true);
        if (indexable(computed)) trigger = computed;
      }
      const triggerIds = trigger?.map((group) => group.map((a) => atoms.register(a.field, a.units, a.regex))) ?? null;
      const ctx: CompileContext = this.useIndex
        ? { slots: this.slots, resolve, atoms, remembered: this.remembered }
        : { slots: this.slots, resolve, remembered: this.remembered };
      const filters = this.filters.filter(
        (f) => f.rules.includes(rule.id) || (rule.name && f.rules.includes(rule.name)),
      );
      // A global filter's detection excludes what it matches (Sigma filters).
      const start = programs.add(
        {
          kind: "and",
          items: [
            detectionNode(rule.detection, ctx),
            { kind: "not", item: { kind: "or", items: filters.map((f) => detectionNode(f.detection, ctx)) } },
          ],
        },
        // The index runs a triggered rule only once every group of its trigger was seen.
        triggerIds ? (node) => assumeGroupsSeen(node, triggerIds) : undefined,
      );
      entries.push({ ruleIndex, matcher: (view) => programs.run(view, start), trigger: triggerIds, start });
    });
    programs.seal();
    return new RuleIndex(entries, atoms, (field) => this.slots.slot(field), this.remembered, programs);
  }

  /** Matches one event; returns its detections (rule matches and any correlations they complete). */
  match(event: Event): Detection[] {
    this.stats.events++;
    // The bucket first: compiling one gives out slots, which the view sizes itself to at reset.
    const bucket = this.bucket(event.logsource);
    this.view.reset(event.doc);
    this.matchedCount = 0;
    bucket.match(this.view, this.collect, this.stats);
    if (this.matchedCount === 0) return NONE;
    const out: Detection[] = [];
    for (let i = 0; i < this.matchedCount; i++) {
      const ruleIndex = this.matched[i] as number;
      const rule = this.rules[ruleIndex] as SigmaRule;
      this.stats.matches++;
      if (!this.quiet[ruleIndex]) out.push({ kind: "match", rule, event });
      const refs = this.feeds[ruleIndex];
      if (refs) this.feedCorrelations(refs, event, out, 0);
    }
    return out;
  }

  private feedCorrelations(refs: readonly string[], event: Event, out: Detection[], depth: number): void {
    const windows = new Set(refs.flatMap((r) => this.consumers.get(r) ?? []));
    if (windows.size === 0 || depth > 8) return;
    const parsed = event.timestamp === undefined ? Number.NaN : Date.parse(event.timestamp);
    const time = Number.isFinite(parsed) ? parsed : this.lastTime;
    this.lastTime = Math.max(this.lastTime, time);
    for (const window of windows) {
      for (const hit of window.feed(refs, event, time)) this.emitCorrelation(hit, out, depth);
    }
  }

  private emitCorrelation(hit: CorrelationHit, out: Detection[], depth: number): void {
    const c = hit.correlation;
    this.stats.correlations++;
    if (!this.silent.has(c.id) && !(c.name && this.silent.has(c.name))) out.push({ kind: "correlation", rule: c, hit });
    // A correlation may itself feed another (chaining); its group values stand in for an event.
    // A hit judged when its window closed, in a group that could keep no evidence (the engine's
    // evidence budget spent), has no event to pass on: the chain stops there.
    const last = hit.events[hit.events.length - 1];
    if (last) this.feedCorrelations(c.name ? [c.id, c.name] : [c.id], last, out, depth + 1);
  }

  /**
   * The engine's state between events (open correlation windows, the stream's clock) as plain
   * JSON-safe data, so a server can save it and resume after a restart.
   */
  exportState(): EngineState {
    const windows: Record<string, CorrelationState> = {};
    for (const w of this.windows) windows[w.correlation.id] = w.exportState();
    return { version: 1, lastTime: this.lastTime, windows };
  }

  /**
   * exportState as JSON text, made a group at a time with `pause` awaited after every `every`
   * groups. Turning a flood's state into JSON in one go (100,000 groups, a million entries: 120 MB)
   * held the main thread for 850 ms; in slices, ingest goes on between them. Each group is saved
   * as it was when its turn came.
   */
  async exportStateText(pause: () => Promise<void>, every = 500): Promise<string> {
    const windows: string[] = [];
    let done = 0;
    for (const w of this.windows) {
      const groups: string[] = [];
      for (const group of w.exportGroups()) {
        groups.push(JSON.stringify(group));
        if (++done % every === 0) await pause();
      }
      windows.push(`${JSON.stringify(w.correlation.id)}:{"groups":[${groups.join(",")}]}`);
    }
    return `{"version":1,"lastTime":${JSON.stringify(this.lastTime)},"windows":{${windows.join(",")}}}`;
  }

  /** Restores state saved by exportState; windows of correlations no longer loaded are dropped. */
  importState(state: EngineState, revive: (saved: SavedEvent) => Event): void {
    if (state.version !== 1) return;
    this.lastTime = state.lastTime;
    for (const w of this.windows) {
      const saved = state.windows[w.correlation.id];
      if (saved) w.importState(saved, revive);
    }
  }

  /** Closes open correlation windows at the end of a stream and returns what they judge. */
  flush(): Detection[] {
    const out: Detection[] = [];
    for (const window of this.windows) for (const hit of window.flush()) this.emitCorrelation(hit, out, 0);
    return out;
  }

  /** The events the correlation windows keep as evidence, against their limit. */
  get evidence(): EvidenceStats {
    return { ...this.evidenceKept };
  }

  /** Rules in the bucket of a log source that cannot be indexed, for diagnostics. */
  unindexedCount(source: EventLogSource): number {
    return this.bucket(source).unindexed;
  }
}

const NONE: Detection[] = [];
Object.freeze(NONE);

/** Builds an engine; see SigmaEngine. */
export function createEngine(options: EngineOptions): SigmaEngine {
  return new SigmaEngine(options);
}
