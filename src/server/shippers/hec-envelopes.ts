import { jsonRecords } from "../../formats/index.js";
import { jsonText } from "../../ingest/index.js";

/** One HEC event envelope (`/services/collector/event`), as Splunk documents its fields. */
export interface HecEnvelope {
  /** The event: a string (a raw line) or a JSON object. */
  readonly event: string | Record<string, unknown>;
  /** Event time in ms since the epoch, from `time` (epoch seconds, with fractions). */
  readonly timeMs?: number;
  readonly host?: string;
  readonly source?: string;
  readonly sourcetype?: string;
  readonly index?: string;
  /** Indexed fields. */
  readonly fields?: Readonly<Record<string, unknown>>;
}

/** A HEC request refused as a whole: Splunk's code and text, and the 0-based number of the bad event. */
export interface HecRefusal {
  readonly code: 5 | 6 | 12 | 13;
  readonly text: string;
  readonly invalidEvent?: number;
}

/** Envelopes allowed in one request: a bound on the work a body can cause beyond its size. */
export const MAX_HEC_EVENTS = 100_000;

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function text(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  return undefined;
}

/** Epoch seconds (a number, or a numeric string as some clients send) to ms; undefined when not a time. */
export function hecTime(v: unknown): number | undefined {
  const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : Number.NaN;
  if (!Number.isFinite(n) || n < 0) return undefined;
  // Seconds are documented; values past year 5138 in seconds are taken as ms, as some clients send.
  const ms = n > 1e11 ? n : n * 1000;
  return ms <= 8.64e15 ? ms : undefined;
}

/**
 * Reads a HEC event body: JSON envelopes one after another (with or without white space
 * between). Refuses the whole request, as Splunk does, when it is empty (code 5), when an
 * envelope is not JSON or not an object (6), has no `event` (12) or a blank one (13), naming the
 * 0-based number of the bad envelope.
 *
 * @example parseHecEnvelopes('{"event":"hi","time":1732180000.5}{"event":{"a":1}}')
 */
export function parseHecEnvelopes(
  body: string,
): { ok: true; envelopes: HecEnvelope[] } | { ok: false; refusal: HecRefusal } {
  const envelopes: HecEnvelope[] = [];
  let n = 0;
  for (const r of jsonRecords(body, "hec")) {
    if (n >= MAX_HEC_EVENTS) {
      return {
        ok: false,
        refusal: { code: 6, text: `Invalid data format: more than ${MAX_HEC_EVENTS} events`, invalidEvent: n },
      };
    }
    if (!r.ok || !isObject(r.value))
      return { ok: false, refusal: { code: 6, text: "Invalid data format", invalidEvent: n } };
    const v = r.value;
    if (!("event" in v) || v.event === null || v.event === undefined) {
      return { ok: false, refusal: { code: 12, text: "Event field is required", invalidEvent: n } };
    }
    const event = v.event;
    if ((typeof event === "string" && event.trim() === "") || (isObject(event) && Object.keys(event).length === 0)) {
      return { ok: false, refusal: { code: 13, text: "Event field cannot be blank", invalidEvent: n } };
    }
    if (typeof event !== "string" && !isObject(event)) {
      // Numbers, booleans and arrays are kept as their JSON text, as Splunk indexes them.
      const text = jsonText(event);
      if (text === undefined) return { ok: false, refusal: { code: 6, text: "Invalid data format", invalidEvent: n } };
      envelopes.push(envelope(v, text));
    } else envelopes.push(envelope(v, event));
    n++;
  }
  if (n === 0) return { ok: false, refusal: { code: 5, text: "No data" } };
  return { ok: true, envelopes };
}

function envelope(v: Record<string, unknown>, event: string | Record<string, unknown>): HecEnvelope {
  const timeMs = hecTime(v.time);
  const host = text(v.host);
  const source = text(v.source);
  const sourcetype = text(v.sourcetype);
  const index = text(v.index);
  return {
    event,
    ...(timeMs !== undefined ? { timeMs } : {}),
    ...(host !== undefined ? { host } : {}),
    ...(source !== undefined ? { source } : {}),
    ...(sourcetype !== undefined ? { sourcetype } : {}),
    ...(index !== undefined ? { index } : {}),
    ...(isObject(v.fields) ? { fields: v.fields } : {}),
  };
}
