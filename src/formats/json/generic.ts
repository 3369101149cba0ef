import { type Event, type EventLogSource, getPath, jsonDocument } from "../../core/index.js";
import { eventFromEvtxJson } from "../windows/evtx-json.js";

/** How to recognise a generic JSON event's log source: field values → log source. */
export interface LogSourceRule {
  readonly when: Readonly<Record<string, readonly (string | number | boolean)[]>>;
  readonly logsource: EventLogSource;
}

/** Options of eventFromJson. */
export interface JsonEventOptions {
  /** Tried in order; the first whose fields all hold gives the log source. */
  readonly logsources?: readonly LogSourceRule[];
  /** The log source when nothing else tells. */
  readonly fallback?: EventLogSource;
  /** Fields tried in order for the event time. */
  readonly timeFields?: readonly string[];
}

const UNKNOWN: EventLogSource = { categories: [] };
const TIME_FIELDS = ["@timestamp", "timestamp", "time", "ts", "eventTime", "UtcTime", "published"];

function holds(rule: LogSourceRule, record: Record<string, unknown>): boolean {
  for (const [field, accepted] of Object.entries(rule.when)) {
    const v = getPath(record, field);
    if (v === undefined || v === null) return false;
    const text = String(v).toLowerCase();
    if (!accepted.some((a) => String(a).toLowerCase() === text)) return false;
  }
  return true;
}

/**
 * Builds an Event from one JSON record: a rendered Windows event is recognised by its shape;
 * any other object gets its log source from the given rules (pipelines' `logsources`).
 */
export function eventFromJson(raw: unknown, options: JsonEventOptions = {}): Event | undefined {
  const windows = eventFromEvtxJson(raw);
  if (windows) return windows;
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return undefined;
  const record = raw as Record<string, unknown>;
  const rule = options.logsources?.find((r) => holds(r, record));
  const logsource = rule?.logsource ?? options.fallback ?? UNKNOWN;
  let timestamp: string | undefined;
  for (const f of options.timeFields ?? TIME_FIELDS) {
    const v = getPath(record, f);
    if (typeof v === "string" && v !== "") {
      timestamp = v;
      break;
    }
    if (typeof v === "number" && Number.isFinite(v)) {
      // Epoch seconds (Zeek, Suricata) or milliseconds, told apart by size.
      timestamp = new Date(v < 1e11 ? v * 1000 : v).toISOString();
      break;
    }
  }
  const doc = jsonDocument(record);
  return timestamp === undefined ? { logsource, doc, raw } : { logsource, timestamp, doc, raw };
}
