import type { Detection } from "../detect/index.js";
import type { Level } from "../sigma/index.js";
import { attackTags } from "./attack.js";

/** The kinds of entity an alert names, read from the ECS fields of its events. */
export type EntityType =
  | "host"
  | "user"
  | "source.ip"
  | "destination.ip"
  | "process"
  | "parent.process"
  | "file"
  | "hash"
  | "domain";

/** One entity involved in an alert: what it is, its value, and the ECS field it came from. */
export interface AlertEntity {
  readonly type: EntityType;
  readonly value: string;
  readonly field: string;
}

/** What a correlation alert adds: its type, the group it fired for and the aggregate it met. */
export interface AlertCorrelation {
  readonly type: string;
  readonly group: Readonly<Record<string, string>>;
  readonly value: number;
  readonly timespanMs: number;
}

/** An alert: a rule fired on one event, or a correlation rule on several. */
export interface Alert {
  readonly id: string;
  readonly rule: {
    readonly id: string;
    readonly title: string;
    readonly level: Level;
    readonly tags: readonly string[];
  };
  /** ATT&CK tactic names (`Credential Access`). */
  readonly tactics: readonly string[];
  /** ATT&CK technique ids (`T1003.001`). */
  readonly techniques: readonly string[];
  readonly entities: readonly AlertEntity[];
  /** Ids of the stored events behind the alert, oldest first. */
  readonly eventIds: readonly string[];
  /** ISO 8601 UTC times of the first and last event. */
  readonly firstSeen: string;
  readonly lastSeen: string;
  readonly createdAt: string;
  readonly correlation?: AlertCorrelation;
}

/** An event as an alert refers to it: its stored id, time and ECS fields. */
export interface AlertEvent {
  readonly id: string;
  readonly timestamp: string;
  readonly ecs: Readonly<Record<string, string | number>>;
}

// ECS field → entity type, in the order entities are listed.
const ENTITY_FIELDS: readonly (readonly [string, EntityType])[] = [
  ["host.name", "host"],
  ["user.name", "user"],
  ["source.ip", "source.ip"],
  ["destination.ip", "destination.ip"],
  ["process.executable", "process"],
  ["process.parent.executable", "parent.process"],
  ["file.path", "file"],
  ["process.hash.sha256", "hash"],
  ["process.hash.sha1", "hash"],
  ["process.hash.md5", "hash"],
  ["file.hash.md5", "hash"],
  ["file.hash.sha1", "hash"],
  ["file.hash.sha256", "hash"],
  ["file.pe.imphash", "hash"],
  ["dns.question.name", "domain"],
];

const MAX_ENTITIES = 64;

/** The entities named by the ECS fields of events, each (type, value) once. */
export function entitiesOf(events: readonly AlertEvent[]): AlertEntity[] {
  const out: AlertEntity[] = [];
  const seen = new Set<string>();
  for (const [field, type] of ENTITY_FIELDS) {
    for (const e of events) {
      const v = e.ecs[field];
      if (v === undefined || v === "" || v === "-") continue;
      const value = String(v);
      const key = `${type}\u0000${value.toLowerCase()}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ type, value, field });
      if (out.length >= MAX_ENTITIES) return out;
    }
  }
  return out;
}

/** Options of buildAlert. */
export interface BuildAlertOptions {
  readonly id: string;
  /** ISO 8601 UTC time the alert is made. */
  readonly now: string;
}

/**
 * Builds the alert of a detection from the events behind it (for a rule match, its one event;
 * for a correlation, the events the engine kept that were stored).
 *
 * @example const alert = buildAlert(detection, [{ id, timestamp, ecs }], { id: "al_1", now });
 */
export function buildAlert(detection: Detection, events: readonly AlertEvent[], options: BuildAlertOptions): Alert {
  const rule = detection.rule;
  const { tactics, techniques } = attackTags(rule.tags);
  let firstSeen: string;
  let lastSeen: string;
  if (detection.kind === "correlation") {
    firstSeen = isoOr(detection.hit.firstMs, options.now);
    lastSeen = isoOr(detection.hit.lastMs, options.now);
  } else {
    const times = events.map((e) => e.timestamp).sort();
    firstSeen = times[0] ?? options.now;
    lastSeen = times[times.length - 1] ?? options.now;
  }
  const base: Alert = {
    id: options.id,
    rule: { id: rule.id, title: rule.title, level: rule.level, tags: rule.tags },
    tactics,
    techniques,
    entities: entitiesOf(events),
    eventIds: events.map((e) => e.id),
    firstSeen,
    lastSeen,
    createdAt: options.now,
  };
  if (detection.kind !== "correlation") return base;
  const c = detection.rule;
  return {
    ...base,
    correlation: { type: c.type, group: detection.hit.group, value: detection.hit.value, timespanMs: c.timespanMs },
  };
}

function isoOr(ms: number, fallback: string): string {
  return Number.isFinite(ms) && ms > 0 ? new Date(ms).toISOString() : fallback;
}
