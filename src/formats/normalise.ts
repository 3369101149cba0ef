import { type Event, fail, type Issue, ok, type Result } from "../core/index.js";
import { ecsEntities } from "./ecs.js";
import { eventFromJson, type JsonEventOptions } from "./json/generic.js";
import { describeType, checkEvtxJson, checkWinlogbeat } from "./windows/validate.js";
import { eventFromEvtxJson, isEvtxJson } from "./windows/evtx-json.js";
import { eventFromWinlogbeat, isWinlogbeat } from "./windows/winlogbeat.js";
import { parseWindowsXml } from "./windows/xml.js";

/** The record shapes the ingest endpoint accepts. */
export type IngestFormat = "evtx-json" | "windows-xml" | "winlogbeat" | "json";

/** One record made into an event, with the format it was read as and its ECS entity fields. */
export interface NormalisedEvent {
  readonly event: Event;
  readonly format: IngestFormat;
  readonly ecs: Readonly<Record<string, string | number>>;
}

const FORMATS: readonly IngestFormat[] = ["evtx-json", "windows-xml", "winlogbeat", "json"];

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/**
 * Detects the format of one JSON record: evtx-json by its Event.System, winlogbeat by its winlog
 * object, otherwise json.
 *
 * @example detectJsonFormat({ winlog: { channel: "Security", event_id: 4624 } }); // "winlogbeat"
 */
export function detectJsonFormat(raw: unknown): IngestFormat {
  if (isEvtxJson(raw)) return "evtx-json";
  if (isWinlogbeat(raw)) return "winlogbeat";
  return "json";
}

function notObject(format: IngestFormat, record: unknown): Issue {
  return {
    code: "FORMAT_NOT_AN_OBJECT",
    message: `a ${format} record must be a JSON object, got ${describeType(record)}`,
  };
}

function unrecognised(format: IngestFormat, what: string): Issue {
  return { code: "FORMAT_UNRECOGNISED", message: `not a ${format} record: ${what}` };
}

function done(event: Event | undefined, format: IngestFormat, fallback: Issue): Result<NormalisedEvent> {
  if (event === undefined) return fail(fallback);
  return ok({ event, format, ecs: ecsEntities(event) });
}

function fromEvtxJson(record: unknown, format: IngestFormat): Result<NormalisedEvent> {
  if (!isObject(record)) return fail(notObject(format, record));
  if (!isEvtxJson(record)) return fail(unrecognised(format, "it has no Event.System object"));
  const problem = checkEvtxJson(record.Event);
  if (problem !== undefined) return fail(problem);
  return done(eventFromEvtxJson(record), format, unrecognised(format, "it has no Event.System object"));
}

/**
 * Normalises one record (an already-parsed JSON value, or for windows-xml the XML text of one
 * event) into an Event with its Sigma log source and its ECS entity fields. Without a format,
 * a string that starts with `<` is read as windows-xml and a JSON value by detectJsonFormat.
 * Expected failures are returned, never thrown: each Issue has a FORMAT_* code and says what
 * is wrong and where (the field, or the XML line and column).
 *
 * @example
 * const r = normaliseRecord(body);
 * if (r.ok) engine.push(r.value.event);
 * else deadLetter(body, r.issues);
 */
export function normaliseRecord(
  record: unknown,
  format?: IngestFormat,
  options: JsonEventOptions = {},
): Result<NormalisedEvent> {
  const chosen =
    format ??
    (typeof record === "string" && record.trimStart().startsWith("<") ? "windows-xml" : detectJsonFormat(record));
  switch (chosen) {
    case "windows-xml": {
      if (typeof record !== "string") {
        return fail({
          code: "FORMAT_NOT_TEXT",
          message: `a windows-xml record must be the XML text of one event, got ${describeType(record)}`,
        });
      }
      const parsed = parseWindowsXml(record);
      if (!parsed.ok) return parsed;
      return fromEvtxJson(parsed.value, "windows-xml");
    }
    case "evtx-json":
      return fromEvtxJson(record, "evtx-json");
    case "winlogbeat": {
      if (!isObject(record)) return fail(notObject(chosen, record));
      if (!isWinlogbeat(record)) return fail(unrecognised(chosen, "it has no winlog object"));
      const problem = checkWinlogbeat(record);
      if (problem !== undefined) return fail(problem);
      return done(eventFromWinlogbeat(record), chosen, unrecognised(chosen, "it has no winlog object"));
    }
    case "json":
      if (!isObject(record)) return fail(notObject(chosen, record));
      return done(eventFromJson(record, options), chosen, notObject(chosen, record));
    default:
      return fail({
        code: "FORMAT_UNRECOGNISED",
        message: `unknown format ${JSON.stringify(String(chosen))}: expected one of ${FORMATS.join(", ")}`,
      });
  }
}
