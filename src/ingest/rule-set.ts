import { type Event, describeIssues } from "../core/index.js";
import { type Detection, type EngineState, type SavedEvent, type SigmaEngine, createEngine } from "../detect/index.js";
import { evidenceCopy } from "./ingested-event.js";
import { type IngestFormat, type JsonEventOptions, normaliseRecord } from "../formats/index.js";
import type { Pipeline, SigmaCorrelation, SigmaDocument, SigmaRule, SkippedRule } from "../sigma/index.js";

/** A rule as the API lists it. */
export interface RuleSummary {
  readonly id: string;
  readonly title: string;
  readonly kind: "rule" | "correlation";
  readonly level: string;
  readonly status?: string;
  readonly tags: readonly string[];
  readonly logsource?: { readonly product?: string; readonly category?: string; readonly service?: string };
  readonly file: string;
  readonly enabled: boolean;
}

/** Options of RuleSet. */
export interface RuleSetOptions {
  readonly documents: readonly SigmaDocument[];
  readonly pipelines?: readonly Pipeline[];
  /** Rules skipped while loading, kept to report them. */
  readonly skipped?: readonly SkippedRule[];
  readonly disabled?: Iterable<string>;
}

/**
 * The rules the streaming engine runs, which of them are disabled, and the engine itself.
 * Replacing the documents builds a new engine and carries the open correlation windows over.
 */
export class RuleSet {
  private current: SigmaEngine;
  private documents: readonly SigmaDocument[];
  private loadSkipped: readonly SkippedRule[];
  readonly pipelines: readonly Pipeline[];
  readonly disabled: Set<string>;
  /** How generic JSON records get a log source: the pipelines' `logsources`. */
  readonly jsonOptions: JsonEventOptions;
  private byId = new Map<string, SigmaRule | SigmaCorrelation>();

  constructor(options: RuleSetOptions) {
    this.pipelines = options.pipelines ?? [];
    this.jsonOptions = { logsources: this.pipelines.flatMap((p) => p.logsources) };
    this.documents = options.documents;
    this.loadSkipped = options.skipped ?? [];
    this.disabled = new Set(options.disabled ?? []);
    this.current = createEngine({ documents: this.documents, pipelines: this.pipelines, keep: evidenceCopy });
    this.index();
  }

  /** The engine events run through now. */
  get engine(): SigmaEngine {
    return this.current;
  }

  /** Rules that did not load or compile, with the reason. */
  get skipped(): readonly SkippedRule[] {
    return [...this.loadSkipped, ...this.current.skipped];
  }

  private index(): void {
    this.byId = new Map();
    for (const r of this.current.rules) this.byId.set(r.id, r);
    for (const c of this.current.correlations) this.byId.set(c.id, c);
  }

  /** Swaps in new documents; open correlation windows of rules still loaded carry over. */
  replace(documents: readonly SigmaDocument[], skipped: readonly SkippedRule[] = []): void {
    const state = this.current.exportState();
    const next = createEngine({ documents, pipelines: this.pipelines, keep: evidenceCopy });
    next.importState(state, reviveEvent);
    this.documents = documents;
    this.loadSkipped = skipped;
    this.current = next;
    this.index();
  }

  /** Every rule and correlation rule loaded, with whether it is enabled. */
  list(): RuleSummary[] {
    return [...this.byId.values()].map((r) => this.summary(r));
  }

  /** One rule by id. */
  get(id: string): RuleSummary | undefined {
    const r = this.byId.get(id);
    return r ? this.summary(r) : undefined;
  }

  private summary(r: SigmaRule | SigmaCorrelation): RuleSummary {
    const base = {
      id: r.id,
      title: r.title,
      kind: r.kind,
      level: r.level,
      tags: r.tags,
      file: r.source.file,
      enabled: !this.disabled.has(r.id),
      ...(r.status ? { status: r.status } : {}),
    };
    return r.kind === "rule" ? { ...base, logsource: r.logsource } : base;
  }

  /** Whether detections of the rule become alerts. */
  enabled(id: string): boolean {
    return !this.disabled.has(id);
  }

  /** Enables or disables a rule; returns false when no rule has that id. */
  setEnabled(id: string, enabled: boolean): boolean {
    if (!this.byId.has(id)) return false;
    if (enabled) this.disabled.delete(id);
    else this.disabled.add(id);
    return true;
  }

  /**
   * Runs one rule (and the documents it needs: filters, the rules a correlation refers to) over
   * sample records in a fresh engine, leaving the live one alone.
   */
  test(id: string, records: readonly unknown[], format?: IngestFormat): RuleTestResult | undefined {
    const rule = this.byId.get(id);
    if (!rule) return undefined;
    const refs = new Set<string>([rule.id]);
    if (rule.kind === "correlation") for (const r of rule.rules) refs.add(r);
    const documents = this.documents.filter(
      (d) =>
        refs.has(d.id) ||
        (d.name !== undefined && refs.has(d.name)) ||
        (d.kind === "filter" && d.rules.some((r) => refs.has(r))),
    );
    const engine = createEngine({ documents, pipelines: this.pipelines });
    const results: RuleTestRecord[] = [];
    records.forEach((record, index) => {
      const n = normaliseRecord(record, format, this.jsonOptions);
      if (!n.ok) {
        results.push({ index, matched: false, error: describeIssues(n.issues) });
        return;
      }
      const detections = engine.match(n.value.event).filter((d) => d.rule.id === id);
      results.push({ index, matched: detections.length > 0 });
    });
    const flushed = engine.flush().filter((d: Detection) => d.rule.id === id).length;
    return { ruleId: id, matches: results.filter((r) => r.matched).length + flushed, records: results };
  }

  /** The engine's correlation state, to save. */
  exportState(): EngineState {
    return this.current.exportState();
  }

  /** The engine's correlation state as JSON text, made in slices (see SigmaEngine.exportStateText). */
  exportStateText(pause: () => Promise<void>): Promise<string> {
    return this.current.exportStateText(pause);
  }

  /** Restores saved correlation state. */
  importState(state: EngineState): void {
    this.current.importState(state, reviveEvent);
  }
}

/** The outcome of testing a rule against sample records. */
export interface RuleTestResult {
  readonly ruleId: string;
  readonly matches: number;
  readonly records: readonly RuleTestRecord[];
}

/** One sample record's outcome. */
export interface RuleTestRecord {
  readonly index: number;
  readonly matched: boolean;
  readonly error?: string;
}

/** Rebuilds an event kept in saved correlation state. */
export function reviveEvent(saved: SavedEvent): Event {
  const n = normaliseRecord(saved.raw);
  const doc = n.ok ? n.value.event.doc : { get: () => undefined, forEachValue: () => {} };
  return {
    logsource: saved.logsource,
    doc,
    raw: saved.raw,
    ...(saved.timestamp !== undefined ? { timestamp: saved.timestamp } : {}),
    ...(saved.id !== undefined ? { id: saved.id } : {}),
  };
}
