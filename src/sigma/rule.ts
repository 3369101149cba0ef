import type { Place } from "../core/index.js";
import type { Detection } from "./detection.js";

/** A rule's log source (sigma-rules-specification.md, "Log Source"). */
export interface RuleLogSource {
  readonly product?: string;
  readonly category?: string;
  readonly service?: string;
}

export type Level = "informational" | "low" | "medium" | "high" | "critical";
export const LEVELS: readonly Level[] = ["informational", "low", "medium", "high", "critical"];

/** Where a rule came from. */
export interface RuleSource {
  readonly file: string;
  readonly line: number;
}

/** Fields every kind of Sigma document shares. */
interface RuleCommon {
  readonly id: string;
  readonly name?: string;
  readonly title: string;
  readonly description?: string;
  readonly status?: string;
  readonly level: Level;
  readonly tags: readonly string[];
  readonly source: RuleSource;
}

/** A detection rule. */
export interface SigmaRule extends RuleCommon {
  readonly kind: "rule";
  readonly logsource: RuleLogSource;
  readonly detection: Detection;
  readonly author?: string;
  readonly date?: string;
  readonly references: readonly string[];
  readonly falsepositives: readonly string[];
  readonly fields: readonly string[];
}

/** A global filter (sigma-filters-specification.md): excludes its matches from the rules it names. */
export interface SigmaFilter extends Omit<RuleCommon, "level" | "tags"> {
  readonly kind: "filter";
  readonly logsource: RuleLogSource;
  readonly rules: readonly string[];
  readonly detection: Detection;
}

export type CorrelationType =
  | "event_count"
  | "value_count"
  | "temporal"
  | "temporal_ordered"
  | "value_sum"
  | "value_avg"
  | "value_percentile";

/** A threshold: every given bound must hold (`gt: 100, lte: 200`). */
export interface Threshold {
  readonly gt?: number;
  readonly gte?: number;
  readonly lt?: number;
  readonly lte?: number;
  readonly eq?: number;
  readonly neq?: number;
}

/** A correlation rule (sigma-correlation-rules-specification.md). */
export interface SigmaCorrelation extends RuleCommon {
  readonly kind: "correlation";
  readonly type: CorrelationType;
  /** Referenced rules, by id or name, in the order given (it matters for temporal_ordered). */
  readonly rules: readonly string[];
  readonly groupBy: readonly string[];
  readonly timespanMs: number;
  readonly condition: Threshold | undefined;
  /** The field counted, summed or averaged (value_* types). */
  readonly field?: string;
  /** alias → (rule name or id → field). */
  readonly aliases: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly generate: boolean;
}

/** Anything a Sigma file can hold. */
export type SigmaDocument = SigmaRule | SigmaFilter | SigmaCorrelation;

/** A rule file or document that could not be loaded, and why. */
export interface SkippedRule {
  readonly file: string;
  readonly line?: number;
  readonly code: string;
  readonly reason: string;
  readonly place?: Place;
}

/** Truth of `level` order, for `--min-level`. */
export function levelRank(level: Level): number {
  return LEVELS.indexOf(level);
}

/** Parses a Sigma timespan (`30s`, `5m`, `1h`, `7d`, also `2w`, `1M`, `1y`) to milliseconds, or null. */
export function parseTimespan(text: string): number | null {
  const m = /^(\d+)\s*([smhdwMy])$/.exec(text.trim());
  if (!m) return null;
  const unit = { s: 1e3, m: 60e3, h: 3600e3, d: 86400e3, w: 7 * 86400e3, M: 30 * 86400e3, y: 365 * 86400e3 }[
    m[2] as "s"
  ];
  return Number(m[1]) * unit;
}
