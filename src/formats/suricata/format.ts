import { type EventLogSource, type Result, fail, ok } from "../../core/index.js";
import { asObject, jsonOutcomes, notAnObject } from "../json/outcomes.js";
import { LookupDocument } from "../json/lookup.js";
import { isoFromText } from "../json/time.js";
import { type LogFormat, type ParseContext, type ParsedEvent, formatIssue } from "../parser.js";
import { suricataEcs } from "./ecs.js";

const LOGSOURCES = new Map<string, EventLogSource>();

/**
 * Sigma defines no Suricata log source: events get `product: suricata` and their event type as
 * service. Sigma's generic `dns` and `proxy` categories read other field names (`query`,
 * `c-uri`), so EVE records are not put in them.
 */
function logsourceOf(eventType: string): EventLogSource {
  let found = LOGSOURCES.get(eventType);
  if (found === undefined) {
    found = { product: "suricata", service: eventType, categories: [] };
    if (LOGSOURCES.size < 256) LOGSOURCES.set(eventType, found);
  }
  return found;
}

/**
 * The event of one EVE JSON record (`event_type` alert, flow, dns, http, tls, fileinfo, anomaly,
 * or any other, kept as it is): its fields as Suricata writes them (`alert.signature_id`,
 * `dns.rrname`, `http.hostname`), read by dotted paths.
 */
export function eveEvents(value: unknown, context: ParseContext, line: number): Result<readonly ParsedEvent[]> {
  const record = asObject(value);
  if (record === undefined) return fail(notAnObject(value, context, line));
  const type = record.event_type;
  if (type === undefined) {
    return fail(
      formatIssue("FORMAT_MISSING_FIELD", "an EVE record needs event_type", context.source, line, "event_type"),
    );
  }
  if (typeof type !== "string" || !/^[a-z0-9_]{1,32}$/.test(type)) {
    return fail(
      formatIssue("FORMAT_BAD_FIELD", "event_type must be a short lower-case name", context.source, line, "event_type"),
    );
  }
  let timestamp: string | undefined;
  if (record.timestamp !== undefined) {
    timestamp = typeof record.timestamp === "string" ? isoFromText(record.timestamp) : undefined;
    if (timestamp === undefined) {
      const message = `timestamp ${JSON.stringify(record.timestamp).slice(0, 60)} is not an ISO 8601 time`;
      return fail(formatIssue("FORMAT_BAD_FIELD", message, context.source, line, "timestamp"));
    }
  }
  const logsource = logsourceOf(type);
  const doc = new LookupDocument(record);
  const event = timestamp === undefined ? { logsource, doc, raw: value } : { logsource, timestamp, doc, raw: value };
  return ok([{ event, ecs: suricataEcs(record), fields: record }]);
}

/**
 * Suricata's EVE JSON log, one record a line (or any JSON text of records).
 *
 * @example for (const o of suricata.parseText(text, { source: "eve.json" })) if (o.ok) use(o.events);
 */
export const suricata: LogFormat = {
  id: "suricata",
  title: "Suricata EVE JSON (alert, flow, dns, http, tls, fileinfo, anomaly, ...)",
  logsources: ["product: suricata, service: <event_type> (Sigma has no Suricata log source)"],
  parseText: (text, context = {}) => jsonOutcomes(text, context, { read: eveEvents }),
  parseValue: (value, context = {}) => eveEvents(value, context, 1),
  sniff: (sample) => sample.startsWith("{") && sample.includes('"event_type"') && sample.includes('"timestamp"'),
};
