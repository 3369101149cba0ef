import { fail, ok, type Result } from "../../core/index.js";
import { DEFAULT_XML_LIMITS, type XmlElement, type XmlLimits, type XmlOrigin, readXml } from "./xml-reader.js";

type JsonObject = Record<string, unknown>;

// System values that evtx_dump renders as numbers (integer types in the event schema).
const NUMERIC_SYSTEM = new Set(["EventID", "Version", "Level", "Task", "Opcode", "EventRecordID"]);
const NUMERIC_SYSTEM_ATTRIBUTES = new Set(["Qualifiers", "ProcessID", "ThreadID"]);
const DECIMAL = /^(?:0|-?[1-9][0-9]{0,15})$/;

/**
 * The typed value of a text that XML carries untyped: a canonical decimal integer that fits a
 * safe integer becomes a number (the evtx JSON renders integer types that way); anything else,
 * hex (`0x1a4`), GUIDs, `007`, stays text.
 */
function typed(text: string): string | number {
  if (!DECIMAL.test(text)) return text;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : text;
}

/** Sets an own property, even for `__proto__`, so element names cannot reach the prototype. */
function setKey(obj: JsonObject, key: string, value: unknown): void {
  if (key === "__proto__") {
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  } else obj[key] = value;
}

/** Inserts under `key`, or `key_1`, `key_2`… when a sibling has taken it, as evtx_dump does. */
function insertUnique(parent: JsonObject, key: string, value: unknown): void {
  if (!Object.hasOwn(parent, key)) {
    setKey(parent, key, value);
    return;
  }
  for (let i = 1; ; i++) {
    const k = `${key}_${i}`;
    if (!Object.hasOwn(parent, k)) {
      setKey(parent, k, value);
      return;
    }
  }
}

function textOf(el: XmlElement): string {
  let s = "";
  for (const c of el.children) if (typeof c === "string") s += c;
  return s.trim();
}

interface Convert {
  /** Whether leaf text is typed (EventData, UserData) rather than kept as text. */
  readonly typeText: boolean;
  /** Whether this is System, whose known children and attributes are typed. */
  readonly system: boolean;
}

/** The evtx-JSON value of an element, children before parents with an explicit stack. */
function convert(root: XmlElement, mode: Convert): unknown {
  const order: XmlElement[] = [];
  const stack: XmlElement[] = [root];
  while (stack.length > 0) {
    const el = stack.pop() as XmlElement;
    order.push(el);
    for (const c of el.children) if (typeof c !== "string") stack.push(c);
  }
  // Every element comes after its parent in `order`, so walking it backwards meets children first.
  const values = new Map<XmlElement, unknown>();
  for (let k = order.length - 1; k >= 0; k--) {
    const el = order[k] as XmlElement;
    values.set(el, elementValue(el, values, mode));
  }
  return values.get(root);
}

function elementValue(el: XmlElement, values: ReadonlyMap<XmlElement, unknown>, mode: Convert): unknown {
  let obj: JsonObject | undefined;
  if (el.attributes.length > 0) {
    const attrs: JsonObject = {};
    for (const [name, v] of el.attributes) {
      setKey(attrs, name, mode.system && NUMERIC_SYSTEM_ATTRIBUTES.has(name) ? typed(v) : v);
    }
    obj = { "#attributes": attrs };
  }
  for (const c of el.children) {
    if (typeof c === "string") continue;
    obj ??= {};
    const named = c.name === "Data" ? c.attributes.find(([n]) => n === "Name") : undefined;
    if (c.name === "Data" && named === undefined) {
      // Unnamed <Data> siblings gather into one "Data": {"#text": [...]}, as evtx_dump renders them.
      const t = mode.typeText ? typed(textOf(c)) : textOf(c);
      const existing = obj.Data;
      if (existing !== null && typeof existing === "object" && Object.hasOwn(existing, "#text")) {
        const box = existing as JsonObject;
        const prev = box["#text"];
        box["#text"] = Array.isArray(prev) ? [...prev, t] : [prev, t];
      } else insertUnique(obj, "Data", { "#text": t });
      continue;
    }
    let v = values.get(c);
    if (named !== undefined && v !== null && typeof v === "object") {
      // <Data Name="X"> becomes key X; its attributes are not kept (evtx_dump drops them too).
      const { "#attributes": _, ...rest } = v as JsonObject;
      const keys = Object.keys(rest);
      v = keys.length === 0 ? null : keys.length === 1 && keys[0] === "#text" ? rest["#text"] : rest;
    }
    insertUnique(obj, named?.[1] ?? c.name, v);
  }
  const text = textOf(el);
  if (text === "") return obj ?? null;
  const value = mode.typeText || (mode.system && NUMERIC_SYSTEM.has(el.name)) ? typed(text) : text;
  if (obj === undefined) return value;
  obj["#text"] = value;
  return obj;
}

/** Options of parseWindowsXml. */
export interface WindowsXmlOptions {
  readonly limits?: XmlLimits;
  /** Where the document starts in a larger text (from splitWindowsXml), for error positions. */
  readonly origin?: XmlOrigin;
}

/**
 * Parses one Windows event as XML (`<Event xmlns=…>`, as Event Viewer, `wevtutil qe /f:xml` or
 * `Get-WinEvent … ToXml()` print it) into the object evtx_dump's JSON gives for the same event:
 * attributes under `#attributes`, `<Data Name="X">` as key X, unnamed Data under `Data.#text`,
 * empty elements as null, RenderingInfo left out. XML loses value types, so System integers
 * (EventID, Version, Level, Task, Opcode, EventRecordID, Qualifiers, ProcessID, ThreadID) and
 * EventData and UserData values that are canonical decimal integers become numbers; all else
 * stays text. GUIDs keep the braces and case Windows writes.
 *
 * @example
 * const r = parseWindowsXml(xml);
 * if (r.ok) eventFromEvtxJson(r.value);
 */
export function parseWindowsXml(text: string, options: WindowsXmlOptions = {}): Result<Record<string, unknown>> {
  const read = readXml(text, options.limits ?? DEFAULT_XML_LIMITS, options.origin);
  if (!read.ok) return read;
  const root = read.value;
  const where = options.origin ? ` (document at line ${options.origin.line})` : "";
  if (root.name !== "Event" && !root.name.endsWith(":Event")) {
    return fail({
      code: "FORMAT_NOT_WINDOWS_EVENT",
      message: `root element is <${root.name}>, not <Event>${where}`,
      ...(options.origin ? { place: { line: options.origin.line, column: options.origin.column } } : {}),
    });
  }
  const event: JsonObject = {};
  if (root.attributes.length > 0) {
    const attrs: JsonObject = {};
    for (const [n, v] of root.attributes) setKey(attrs, n, v);
    event["#attributes"] = attrs;
  }
  let system = false;
  for (const child of root.children) {
    if (typeof child === "string" || child.name === "RenderingInfo") continue;
    const isSystem = child.name === "System";
    system ||= isSystem;
    const value = convert(child, {
      system: isSystem,
      typeText: child.name === "EventData" || child.name === "UserData",
    });
    insertUnique(event, child.name, value);
  }
  if (!system) {
    return fail({
      code: "FORMAT_NOT_WINDOWS_EVENT",
      message: `<Event> has no <System> element${where}`,
      place: { field: "Event.System" },
      path: "Event.System",
    });
  }
  return ok({ Event: event });
}

/** One `<Event>` document cut out of a longer text, with where it starts. */
export interface XmlDocumentSlice {
  readonly text: string;
  /** 1-based line and column of the `<Event` in the whole text. */
  readonly line: number;
  readonly column: number;
}

/**
 * Splits a text holding several `<Event>` documents, one after another or wrapped in
 * `<Events>…</Events>` as `wevtutil qe /f:xml` prints them, into one text per event with its
 * line. Comments, CDATA and processing instructions are stepped over; a last event that never
 * closes is returned as it is, so that parsing it reports where.
 *
 * @example for (const d of splitWindowsXml(text)) parseWindowsXml(d.text, { origin: d });
 */
export function splitWindowsXml(text: string): readonly XmlDocumentSlice[] {
  const out: XmlDocumentSlice[] = [];
  let line = 1;
  let lineStart = 0;
  let counted = 0;
  const advance = (to: number): void => {
    for (let n = text.indexOf("\n", counted); n !== -1 && n < to; n = text.indexOf("\n", n + 1)) {
      line++;
      lineStart = n + 1;
    }
    counted = Math.max(counted, to);
  };
  let depth = 0;
  let start = -1;
  let i = 0;
  while (i < text.length) {
    const lt = text.indexOf("<", i);
    if (lt === -1) break;
    const skip = (open: string, close: string): number => {
      const end = text.indexOf(close, lt + open.length);
      return end === -1 ? text.length : end + close.length;
    };
    if (text.startsWith("<!--", lt)) i = skip("<!--", "-->");
    else if (text.startsWith("<![CDATA[", lt)) i = skip("<![CDATA[", "]]>");
    else if (text.startsWith("<?", lt)) i = skip("<?", "?>");
    else {
      const gt = tagEnd(text, lt);
      const tag = text.slice(lt, gt);
      const isEvent = /^<(?:[A-Za-z_][-\w.]*:)?Event(?=[\s/>])/.test(tag);
      const isEnd = /^<\/(?:[A-Za-z_][-\w.]*:)?Event\s*>$/.test(tag);
      if (isEvent) {
        if (depth === 0) start = lt;
        if (!tag.endsWith("/>")) depth++;
      } else if (isEnd && depth > 0) depth--;
      i = gt;
      if (start !== -1 && depth === 0) {
        advance(start);
        out.push({ text: text.slice(start, gt), line, column: start - lineStart + 1 });
        start = -1;
      }
    }
  }
  if (start !== -1) {
    advance(start);
    out.push({ text: text.slice(start), line, column: start - lineStart + 1 });
  }
  return out;
}

/** The offset after the `>` that ends the tag starting at `lt`, stepping over quoted values. */
function tagEnd(text: string, lt: number): number {
  let quote = "";
  for (let i = lt + 1; i < text.length; i++) {
    const c = text[i];
    if (quote !== "") {
      if (c === quote) quote = "";
    } else if (c === '"' || c === "'") quote = c;
    else if (c === ">") return i + 1;
    else if (c === "<") return i;
  }
  return text.length;
}
