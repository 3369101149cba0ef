import { getPath, type Issue } from "../../core/index.js";
import { attr, text } from "./evtx-json.js";

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** "an object", "a string"…: how a wrong value is named in messages. */
export function describeType(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  const t = typeof v;
  return t === "object" || t === "undefined" ? `an ${t}` : `a ${t}`;
}

function bad(field: string, expected: string, got: unknown): Issue {
  return {
    code: "FORMAT_BAD_FIELD",
    message: `${field} must be ${expected}, got ${describeType(got)}`,
    place: { field },
    path: field,
  };
}

function missing(field: string, why: string): Issue {
  return { code: "FORMAT_MISSING_FIELD", message: `${field} is missing: ${why}`, place: { field }, path: field };
}

function isEventId(v: unknown): boolean {
  if (typeof v === "number") return Number.isInteger(v) && v >= 0 && v <= 0xffff;
  return typeof v === "string" && /^[0-9]{1,5}$/.test(v) && Number(v) <= 0xffff;
}

function checkId(v: unknown, field: string): Issue | undefined {
  if (v === undefined || v === null) return missing(field, "the event id tells the log source and category");
  if (!isEventId(v)) return bad(field, "an event id (an integer from 0 to 65535)", v);
  return undefined;
}

function checkOptional(v: unknown, field: string, kind: "string" | "object"): Issue | undefined {
  if (v === undefined || v === null) return undefined;
  if (kind === "string" && typeof v !== "string") return bad(field, "a string", v);
  if (kind === "object" && !isObj(v)) return bad(field, "an object", v);
  return undefined;
}

/**
 * The first problem of a Windows event rendered as JSON (`{"Event": {"System": {…}}}`) that
 * would make its fields wrong: a missing or non-numeric EventID, a Channel or Computer that is
 * not text, EventData or UserData that is not an object. Undefined when it is sound.
 */
export function checkEvtxJson(event: Obj): Issue | undefined {
  const system = isObj(event.System) ? event.System : {};
  return (
    checkId(text(system.EventID), "Event.System.EventID") ??
    checkOptional(text(system.Channel), "Event.System.Channel", "string") ??
    checkOptional(text(system.Computer), "Event.System.Computer", "string") ??
    checkOptional(attr(system.TimeCreated, "SystemTime"), "Event.System.TimeCreated", "string") ??
    checkOptional(event.EventData, "Event.EventData", "object") ??
    checkOptional(event.UserData, "Event.UserData", "object")
  );
}

/**
 * The first problem of a Winlogbeat / Elastic Agent record that would make its fields wrong:
 * no event id (`winlog.event_id`, or `event.code`), one that is not a number, `winlog.channel`
 * or `computer_name` that is not text, `event_data` or `user_data` that is not an object.
 */
export function checkWinlogbeat(record: Obj): Issue | undefined {
  const winlog = isObj(record.winlog) ? record.winlog : {};
  const id = winlog.event_id ?? getPath(record, "event.code");
  return (
    checkId(id, winlog.event_id === undefined && id !== undefined ? "event.code" : "winlog.event_id") ??
    checkOptional(winlog.channel, "winlog.channel", "string") ??
    checkOptional(winlog.computer_name, "winlog.computer_name", "string") ??
    checkOptional(winlog.event_data, "winlog.event_data", "object") ??
    checkOptional(winlog.user_data, "winlog.user_data", "object") ??
    checkOptional(record["@timestamp"], "@timestamp", "string")
  );
}
