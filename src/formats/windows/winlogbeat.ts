import { type Document, type Event, forEachScalar, getPath } from "../../core/index.js";
import { windowsLogSource } from "./logsource.js";

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

const DECIMAL = /^(?:0|-?[1-9][0-9]{0,15})$/;

/** Winlogbeat 8 sends ids as keyword strings ("4624"); Sigma and evtx JSON see numbers. */
function asNumber(v: unknown): unknown {
  return typeof v === "string" && DECIMAL.test(v) ? Number(v) : v;
}

// Sigma's names for the System fields, read from where Winlogbeat puts them (winlog.*).
const SYSTEM_FIELDS: Readonly<Record<string, (w: Obj, raw: Obj) => unknown>> = {
  EventID: (w, raw) => asNumber(w.event_id ?? getPath(raw, "event.code")),
  Channel: (w) => w.channel,
  Computer: (w) => w.computer_name,
  Provider_Name: (w, raw) => w.provider_name ?? getPath(raw, "event.provider"),
  Provider_Guid: (w) => w.provider_guid,
  Security_UserID: (w) => getPath(w.user, "identifier"),
  EventRecordID: (w) => asNumber(w.record_id),
  Version: (w) => asNumber(w.version),
  Execution_ProcessID: (w) => asNumber(getPath(w.process, "pid")),
  Execution_ThreadID: (w) => asNumber(getPath(w.process, "thread.id")),
  Correlation_ActivityID: (w) => w.activity_id,
  Correlation_RelatedActivityID: (w) => w.related_activity_id,
  TimeCreated: (_w, raw) => raw["@timestamp"],
  TimeCreated_SystemTime: (_w, raw) => raw["@timestamp"],
};

/**
 * A document over a Winlogbeat or Elastic Agent record (`{"@timestamp", "winlog": {…}, …}`):
 * Sigma field names read `winlog.event_data` (then `winlog.user_data`) by name and the System
 * names (`EventID`, `Channel`, `Computer`, `Provider_Name`, `Security_UserID`, `EventRecordID`…)
 * from `winlog.*`; any other name is read as a dotted ECS path (`process.command_line`).
 */
export class WinlogbeatDocument implements Document {
  private readonly winlog: Obj;
  private readonly data: Obj | undefined;
  private readonly userData: Obj | undefined;

  constructor(readonly record: Obj) {
    this.winlog = isObj(record.winlog) ? record.winlog : {};
    this.data = isObj(this.winlog.event_data) ? this.winlog.event_data : undefined;
    this.userData = isObj(this.winlog.user_data) ? this.winlog.user_data : undefined;
  }

  get(name: string): unknown {
    const data = this.data;
    if (data !== undefined && Object.hasOwn(data, name)) return data[name];
    if (Object.hasOwn(SYSTEM_FIELDS, name))
      return (SYSTEM_FIELDS[name] as (w: Obj, raw: Obj) => unknown)(this.winlog, this.record);
    const user = this.userData;
    if (user !== undefined && Object.hasOwn(user, name)) return user[name];
    return getPath(this.record, name);
  }

  forEachValue(visit: (value: unknown) => void): void {
    // The winlog object holds what the event itself says; `message` and the ECS copies would
    // let keyword searches match text the evtx form of the same event does not have.
    forEachScalar(this.winlog, visit);
  }
}

/** True when a JSON value has the shape of a Winlogbeat / Elastic Agent Windows event. */
export function isWinlogbeat(raw: unknown): raw is Obj & { winlog: Obj } {
  return isObj(raw) && isObj(raw.winlog);
}

/**
 * Builds an Event from a Winlogbeat or Elastic Agent record, with the Sigma log source of its
 * `winlog.channel` and event id, and its `@timestamp`. Returns undefined when the value has no
 * `winlog` object.
 *
 * @example
 * const event = eventFromWinlogbeat(JSON.parse(line));
 * event?.doc.get("CommandLine");
 */
export function eventFromWinlogbeat(raw: unknown): Event | undefined {
  if (!isWinlogbeat(raw)) return undefined;
  const doc = new WinlogbeatDocument(raw);
  const id = Number(doc.get("EventID"));
  const channel = doc.get("Channel");
  const time = raw["@timestamp"];
  const source = windowsLogSource(
    typeof channel === "string" ? channel : undefined,
    id,
    id === 12 ? doc.get("EventType") : undefined,
  );
  return typeof time === "string" ? { logsource: source, timestamp: time, doc, raw } : { logsource: source, doc, raw };
}
