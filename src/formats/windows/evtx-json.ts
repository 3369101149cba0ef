import {
  type Document,
  type Event,
  type TextVisitor,
  forEachScalar,
  getPath,
  ownOf,
  ownValue,
} from "../../core/index.js";
import { windowsLogSource } from "./logsource.js";

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** An element's value: its `#text` when it also carries attributes. */
export function text(v: unknown): unknown {
  return isObj(v) && Object.hasOwn(v, "#text") ? v["#text"] : v;
}

/** An element's attributes (`#attributes`), undefined when it has none. */
function attributes(v: unknown): Obj | undefined {
  if (!isObj(v)) return undefined;
  const attrs = v["#attributes"];
  return isObj(attrs) ? attrs : undefined;
}

/** An attribute of an element (`#attributes.name`), undefined when it has none. */
export function attr(v: unknown, name: string): unknown {
  return attributes(v)?.[name];
}

// Sigma's names for the System fields (../shared/sigma/tests/logsource.json, "common").
const SYSTEM_READERS: Readonly<Record<string, (system: Obj) => unknown>> = {
  EventID: (s) => text(s.EventID),
  Channel: (s) => text(s.Channel),
  Computer: (s) => text(s.Computer),
  Provider_Name: (s) => attr(s.Provider, "Name"),
  Provider_Guid: (s) => attr(s.Provider, "Guid"),
  Provider_EventSourceName: (s) => attr(s.Provider, "EventSourceName"),
  Security_UserID: (s) => attr(s.Security, "UserID"),
  Level: (s) => text(s.Level),
  Task: (s) => text(s.Task),
  Opcode: (s) => text(s.Opcode),
  Keywords: (s) => text(s.Keywords),
  Version: (s) => text(s.Version),
  EventRecordID: (s) => text(s.EventRecordID),
  TimeCreated_SystemTime: (s) => attr(s.TimeCreated, "SystemTime"),
  TimeCreated: (s) => attr(s.TimeCreated, "SystemTime"),
  Execution_ProcessID: (s) => attr(s.Execution, "ProcessID"),
  Execution_ThreadID: (s) => attr(s.Execution, "ThreadID"),
  Correlation_ActivityID: (s) => attr(s.Correlation, "ActivityID"),
  Correlation_RelatedActivityID: (s) => attr(s.Correlation, "RelatedActivityID"),
  EventID_Qualifiers: (s) => attr(s.EventID, "Qualifiers"),
};

/** The readers by name, in a Map: one lookup, where an object needed a second to rule out its prototype's names. */
const SYSTEM_FIELDS: ReadonlyMap<string, (system: Obj) => unknown> = new Map(Object.entries(SYSTEM_READERS));

type Visit = (name: string, value: unknown) => void;

function visitField(name: string, value: unknown, visit: Visit): void {
  if (value === null || value === undefined) return;
  if (typeof value !== "object") visit(name, value);
  else if (Array.isArray(value)) for (const v of value) if (v !== null && typeof v !== "object") visit(name, v);
}

/**
 * Visits each System value once under its Sigma name, as SYSTEM_FIELDS reads it (TimeCreated is
 * an alias of TimeCreated_SystemTime). The keyword pass does this for every event, so it is
 * written out field by field: through SYSTEM_FIELDS' readers each attribute was looked up by a
 * name held in a variable (`attrs[name]`), which V8 cannot specialise, behind a call per field;
 * that walk cost about half of the keyword pass.
 */
function visitSystem(s: Obj, visit: Visit): void {
  visitField("EventID", text(s.EventID), visit);
  visitField("Channel", text(s.Channel), visit);
  visitField("Computer", text(s.Computer), visit);
  const provider = attributes(s.Provider);
  if (provider !== undefined) {
    visitField("Provider_Name", provider.Name, visit);
    visitField("Provider_Guid", provider.Guid, visit);
    visitField("Provider_EventSourceName", provider.EventSourceName, visit);
  }
  const security = attributes(s.Security);
  if (security !== undefined) visitField("Security_UserID", security.UserID, visit);
  visitField("Level", text(s.Level), visit);
  visitField("Task", text(s.Task), visit);
  visitField("Opcode", text(s.Opcode), visit);
  visitField("Keywords", text(s.Keywords), visit);
  visitField("Version", text(s.Version), visit);
  visitField("EventRecordID", text(s.EventRecordID), visit);
  const created = attributes(s.TimeCreated);
  if (created !== undefined) visitField("TimeCreated_SystemTime", created.SystemTime, visit);
  const execution = attributes(s.Execution);
  if (execution !== undefined) {
    visitField("Execution_ProcessID", execution.ProcessID, visit);
    visitField("Execution_ThreadID", execution.ThreadID, visit);
  }
  const correlation = attributes(s.Correlation);
  if (correlation !== undefined) {
    visitField("Correlation_ActivityID", correlation.ActivityID, visit);
    visitField("Correlation_RelatedActivityID", correlation.RelatedActivityID, visit);
  }
  const id = attributes(s.EventID);
  if (id !== undefined) visitField("EventID_Qualifiers", id.Qualifiers, visit);
}

/**
 * Hands the visitor the text of a value: a text (most are), a number or a boolean when `scalars`,
 * an element's `#text` and attribute values, and a list's elements, up to a depth.
 */
function visitText(value: unknown, visitor: TextVisitor, scalars: boolean, depth = 0): void {
  if (typeof value === "string") visitor.text(value);
  else if (typeof value === "number" || typeof value === "boolean") {
    if (scalars) visitor.text(String(value));
  } else if (typeof value === "object" && value !== null && depth < MAX_TEXT_DEPTH) {
    if (Array.isArray(value)) {
      for (const v of value) visitText(v, visitor, scalars, depth + 1);
      return;
    }
    const element = value as Obj;
    if (Object.hasOwn(element, "#text")) visitText(element["#text"], visitor, scalars, depth + 1);
    const attrs = element["#attributes"];
    if (isObj(attrs)) for (const name in attrs) visitText(attrs[name], visitor, scalars, depth + 1);
  }
}

/** How deep forEachText follows lists and elements: a rendered event's values are at most two down. */
const MAX_TEXT_DEPTH = 4;

/** The Sigma names of the System fields, as `get` answers them. */
export const SYSTEM_FIELD_NAMES: readonly string[] = [...SYSTEM_FIELDS.keys()];

/**
 * A document over a Windows event rendered as JSON (`{"Event": {"System", "EventData"}}`, as
 * `tocsin evtx` prints it): Sigma field names read EventData and UserData fields by name and
 * System fields by their Sigma names; any other name is read as a dotted path.
 */
export class EvtxJsonDocument implements Document {
  private readonly system: Obj;
  private readonly data: Obj | undefined;
  private readonly userData: Obj | undefined;

  constructor(readonly event: Obj) {
    this.system = isObj(event.System) ? event.System : {};
    this.data = isObj(event.EventData) ? event.EventData : undefined;
    const user = event.UserData;
    if (isObj(user)) {
      // UserData holds one element named after its schema; its children are the fields.
      const first = Object.values(user).find(isObj);
      this.userData = first;
    }
  }

  get(name: string): unknown {
    const data = this.data;
    const fromData = data === undefined ? undefined : ownValue(data, name);
    if (fromData !== undefined) return text(fromData);
    const fromSystem = SYSTEM_FIELDS.get(name);
    if (fromSystem !== undefined) return fromSystem(this.system);
    const fromUser = this.userData === undefined ? undefined : ownValue(this.userData, name);
    if (fromUser !== undefined) return text(fromUser);
    return getPath(this.event, name);
  }

  forEachField(visit: (name: string, value: unknown) => void, skip?: ReadonlySet<string>): void {
    const data = this.data;
    if (data !== undefined) {
      // EventData's names are the keys JSON.parse made, interned with their hash kept: a look in
      // `skip` costs less than reading the value.
      for (const name in data) if (skip === undefined || !skip.has(name)) visitField(name, text(data[name]), visit);
    }
    const user = this.userData;
    if (user !== undefined) for (const name in user) visitField(name, text(user[name]), visit);
    visitSystem(this.system, visit);
  }

  /**
   * EventData's named values to `visitor.named` (`get` looks there first), and when
   * `visitor.texts` every other value of EventData, UserData and System, whatever its name:
   * System's attributes that have no Sigma name as well, since a keyword search looks in the
   * whole event.
   */
  forEachText(visitor: TextVisitor, named: ReadonlyMap<string, number>, scalars: boolean): void {
    const data = this.data;
    const texts = visitor.texts;
    if (data !== undefined) {
      // EventData's names are the keys JSON.parse made, interned with their hash kept: a look in
      // `named` costs less than `get` reading the value by name (a megamorphic load), and the
      // value is read here by the walk's own key.
      for (const name in data) {
        const id = named.get(name);
        const value = data[name];
        if (id === undefined) {
          if (texts) visitText(value, visitor, scalars);
        } else {
          // What `get` answers from EventData.
          const own = ownOf(data, name, value);
          if (own !== undefined) visitor.named(id, text(own));
        }
      }
    }
    if (!texts) return;
    const user = this.userData;
    if (user !== undefined) for (const name in user) visitText(user[name], visitor, scalars);
    const system = this.system;
    for (const name in system) visitText(system[name], visitor, scalars);
  }

  forEachValue(visit: (value: unknown) => void): void {
    forEachScalar(this.data, visit);
    forEachScalar(this.userData, visit);
    forEachScalar(this.system, visit);
  }
}

/** True when a JSON value has the shape of a rendered Windows event. */
export function isEvtxJson(raw: unknown): raw is { Event: Obj & { System: Obj } } {
  return isObj(raw) && isObj(raw.Event) && isObj(raw.Event.System);
}

/**
 * Builds an Event from a Windows event rendered as JSON, with its Sigma log source and time.
 * Returns undefined when the value does not have that shape.
 */
export function eventFromEvtxJson(raw: unknown): Event | undefined {
  if (!isEvtxJson(raw)) return undefined;
  const doc = new EvtxJsonDocument(raw.Event);
  // The log source and time come from System itself, read directly: through `get`, EventData was
  // looked in first for each of them (a field of its own named Channel would have chosen the
  // event's rules), and the three lookups cost about a fifth of building the event.
  const system = raw.Event.System;
  const id = Number(text(system.EventID));
  const channel = text(system.Channel);
  const time = attr(system.TimeCreated, "SystemTime");
  const source = windowsLogSource(
    typeof channel === "string" ? channel : undefined,
    id,
    id === 12 ? doc.get("EventType") : undefined,
  );
  return typeof time === "string" ? { logsource: source, timestamp: time, doc, raw } : { logsource: source, doc, raw };
}
