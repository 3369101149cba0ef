import { type JsonEventOptions, type ParseContext, sniffFormat } from "../../formats/index.js";
import {
  type ConfiguredFormats,
  type DecodedRecord,
  type FormatChoice,
  decodeJsonValue,
  firstLine,
  formatById,
  outcomeRecords,
} from "../../ingest/index.js";
import type { HecEnvelope } from "./hec-envelopes.js";
import { formatOfSourcetype, sourceName } from "./sourcetypes.js";

/** Request-wide defaults of HEC metadata (the `/raw` endpoint's query, or nothing). */
export interface HecDefaults {
  readonly sourcetype?: string;
  readonly source?: string;
  readonly host?: string;
}

const GENERIC_JSON: FormatChoice = { kind: "windows", format: "json" };

/**
 * The format a sourcetype names: a format configured under that very id, else the registered
 * format it stands for (a Splunk sourcetype, or a Tocsin format id); generic JSON is left to
 * shape detection.
 */
export function choiceOfSourcetype(
  sourcetype: string | undefined,
  configured: ConfiguredFormats = {},
): FormatChoice | undefined {
  if (sourcetype !== undefined && Object.hasOwn(configured, sourcetype)) return formatById(sourcetype, configured);
  // A Splunk name (linux_secure, aws:cloudtrail), else a Tocsin format id itself (entra, evtx-json).
  const id = formatOfSourcetype(sourcetype) ?? sourcetype?.trim().toLowerCase();
  return id === undefined || id === "json" ? undefined : formatById(id);
}

/**
 * Records of a text no sourcetype explains: the format its first line sniffs as, JSON sent as a
 * string, or else the text as a generic event `{ message, host, source, sourcetype }` so it is
 * kept and keyword rules still see it.
 */
export function textRecords(
  text: string,
  index: number,
  meta: HecDefaults,
  options: { readonly jsonOptions: JsonEventOptions; readonly fallbackTime?: string; readonly context: ParseContext },
): DecodedRecord[] {
  const sniffed = sniffFormat(firstLine(text));
  if (sniffed) {
    return outcomeRecords(sniffed.parseText(text, options.context), sniffed.id, fallback(options.fallbackTime)).map(
      (r) => at(r, index),
    );
  }
  const place = { index, line: index + 1 };
  const trimmed = text.trim();
  if (trimmed.startsWith("{")) {
    try {
      return decodeJsonValue(JSON.parse(trimmed), place, options);
    } catch {
      // Not JSON after all: kept as a message below.
    }
  }
  const wrapped: Record<string, unknown> = { message: text };
  if (meta.host !== undefined) wrapped.host = meta.host;
  if (meta.source !== undefined) wrapped.source = meta.source;
  if (meta.sourcetype !== undefined) wrapped.sourcetype = meta.sourcetype;
  return decodeJsonValue(wrapped, place, { ...options, format: GENERIC_JSON });
}

/**
 * Makes HEC envelopes into records for the ingest pipeline: each event read by the format its
 * sourcetype names (`linux_secure` → linux-auth, `aws:cloudtrail`, `zeek:dns`...), or by its
 * shape when there is none; the envelope's `time` is the event time of events without one and
 * its `host` their `host.name` when they have none. Record indexes are envelope numbers.
 */
export function hecRecords(
  envelopes: readonly HecEnvelope[],
  jsonOptions: JsonEventOptions,
  defaults: HecDefaults = {},
  now = Date.now(),
  configured: ConfiguredFormats = {},
): DecodedRecord[] {
  const out: DecodedRecord[] = [];
  envelopes.forEach((env, index) => {
    const meta: HecDefaults = {
      ...defaults,
      ...(env.sourcetype !== undefined ? { sourcetype: env.sourcetype } : {}),
      ...(env.source !== undefined ? { source: env.source } : {}),
      ...(env.host !== undefined ? { host: env.host } : {}),
    };
    const choice = choiceOfSourcetype(meta.sourcetype, configured);
    const fallbackTime = env.timeMs !== undefined ? new Date(env.timeMs).toISOString() : undefined;
    const source = sourceName(meta.sourcetype, meta.source);
    const context: ParseContext = { now, ...(source !== undefined ? { source } : {}) };
    const options = { jsonOptions, context, ...(fallbackTime !== undefined ? { fallbackTime } : {}) };
    let records: DecodedRecord[];
    if (choice?.kind === "log" && typeof env.event === "string") {
      records = outcomeRecords(choice.format.parseText(env.event, context), choice.format.id, fallback(fallbackTime));
    } else if (choice !== undefined) {
      records = decodeJsonValue(env.event, { index, line: index + 1 }, { ...options, format: choice });
    } else if (typeof env.event === "string") {
      records = textRecords(env.event, index, meta, options);
    } else {
      records = decodeJsonValue(env.event, { index, line: index + 1 }, options);
    }
    for (const r of records) out.push(withHost(at(r, index), meta.host));
  });
  return out;
}

function fallback(time: string | undefined): { fallbackTime?: string } {
  return time !== undefined ? { fallbackTime: time } : {};
}

function at(r: DecodedRecord, index: number): DecodedRecord {
  return r.index === index ? r : { ...r, index, line: index + 1 };
}

function withHost(r: DecodedRecord, host: string | undefined): DecodedRecord {
  if (host === undefined || !r.ok || r.prepared === undefined || r.prepared.ecs["host.name"] !== undefined) return r;
  return { ...r, prepared: { ...r.prepared, ecs: { ...r.prepared.ecs, "host.name": host } } };
}
