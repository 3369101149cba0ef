import { binxmlError } from "../issues.js";
import type { EvtxLimits } from "../limits.js";
import type { BinXmlNode, BinXmlValue, ElementNode } from "./model.js";
import { XML_ENTITIES } from "./model.js";
import {
  arraySubstitution,
  hasKey,
  type JsonObject,
  type JsonValue,
  setKey,
  valueJson,
  valueText,
  withValue,
} from "./text.js";

/** What an element is accumulating while its content is walked. */
interface Cell {
  obj: JsonObject | undefined;
  text: JsonValue | undefined;
}

interface JsonState {
  budget: number;
  chars: number;
  readonly maxDepth: number;
}

const NO_VALUES: readonly BinXmlValue[] = [];

function addText(st: JsonState, cell: Cell, v: JsonValue): void {
  if (cell.text === undefined || cell.text === null) cell.text = v;
  else {
    const joined = jsonText(cell.text) + jsonText(v);
    st.chars -= joined.length;
    if (st.chars < 0) binxmlError("EVTX_LIMIT", "record renders to too much text", 0);
    cell.text = joined;
  }
}

function jsonText(v: JsonValue): string {
  if (v === null) return "";
  if (typeof v === "object") return Array.isArray(v) ? v.map(jsonText).join(",") : "";
  return String(v);
}

/** Inserts under `key`, or `key_1`, `key_2`… when an earlier sibling has taken it. */
function insertUnique(parent: JsonObject, key: string, value: JsonValue): void {
  if (!hasKey(parent, key)) {
    setKey(parent, key, value);
    return;
  }
  for (let i = 1; ; i++) {
    const k = `${key}_${i}`;
    if (!hasKey(parent, k)) {
      setKey(parent, k, value);
      return;
    }
  }
}

function walk(
  st: JsonState,
  cell: Cell,
  nodes: readonly BinXmlNode[],
  values: readonly BinXmlValue[],
  depth: number,
  unique = false,
): void {
  if (depth > st.maxDepth) binxmlError("EVTX_LIMIT", `rendering nested deeper than ${st.maxDepth}`, 0);
  for (const node of nodes) {
    // Every node counts, so template expansion cannot multiply work without bound.
    if (--st.budget < 0) binxmlError("EVTX_LIMIT", "record expands to too many nodes", 0);
    switch (node.kind) {
      case "element":
        cell.obj ??= {};
        renderElement(st, cell.obj, node, values, depth + 1, unique);
        break;
      case "text":
      case "cdata":
        addText(st, cell, node.value);
        break;
      case "charref":
        addText(st, cell, String.fromCharCode(node.code));
        break;
      case "entityref":
        addText(st, cell, XML_ENTITIES[node.name] ?? `&${node.name};`);
        break;
      case "substitution": {
        const v = values[node.index];
        if (v === undefined || v === null) break;
        if (typeof v === "object" && !Array.isArray(v)) {
          walk(st, cell, (v as { nodes: readonly BinXmlNode[] }).nodes, NO_VALUES, depth + 1);
        } else addText(st, cell, valueJson(v));
        break;
      }
      case "template":
        walk(st, cell, node.template.nodes, node.values, depth + 1);
        break;
      case "pi":
        break;
    }
  }
}

function attributeValue(nodes: readonly BinXmlNode[], values: readonly BinXmlValue[]): JsonValue | undefined {
  if (nodes.length === 1) {
    const n = nodes[0] as BinXmlNode;
    if (n.kind === "substitution") {
      const v = values[n.index];
      if (v === undefined || v === null) return undefined;
      if (typeof v === "object" && !Array.isArray(v)) return undefined;
      return valueJson(v);
    }
    if (n.kind === "text") return n.value;
  }
  let s: string | undefined;
  for (const n of nodes) {
    let piece: string | undefined;
    if (n.kind === "text" || n.kind === "cdata") piece = n.value;
    else if (n.kind === "charref") piece = String.fromCharCode(n.code);
    else if (n.kind === "entityref") piece = XML_ENTITIES[n.name] ?? `&${n.name};`;
    else if (n.kind === "substitution") {
      const v = values[n.index];
      if (v !== undefined && v !== null) piece = valueText(v);
    }
    if (piece !== undefined) s = (s ?? "") + piece;
  }
  return s;
}

function renderElement(
  st: JsonState,
  parent: JsonObject,
  el: ElementNode,
  values: readonly BinXmlValue[],
  depth: number,
  unique = false,
): void {
  const arrayAt = arraySubstitution(el.children, values);
  if (arrayAt >= 0) {
    for (const item of values[arrayAt] as readonly BinXmlValue[]) {
      renderElement(st, parent, el, withValue(values, arrayAt, item), depth);
    }
    return;
  }
  if (--st.budget < 0) binxmlError("EVTX_LIMIT", "record expands to too many elements", 0);
  let attrs: JsonObject | undefined;
  for (const a of el.attributes) {
    const v = attributeValue(a.value, values);
    if (v === undefined || v === null) continue;
    attrs ??= {};
    setKey(attrs, a.name, v);
  }
  let key = el.name;
  let unnamedData = false;
  if (key === "Data") {
    const name = attrs?.Name;
    if (name !== undefined && attrs !== undefined && hasKey(attrs, "Name")) {
      key = jsonText(name);
      attrs = undefined;
    } else {
      unnamedData = true;
      attrs = undefined;
    }
  }
  const cell: Cell = { obj: attrs ? { "#attributes": attrs } : undefined, text: undefined };
  walk(st, cell, el.children, values, depth, el.staticKeys === true);
  if (unnamedData) {
    // Unnamed <Data> siblings gather into one "Data": {"#text": [...]}.
    const text = cell.text === undefined ? "" : typeof cell.text === "string" ? cell.text.trim() : cell.text;
    const existing = hasKey(parent, "Data") ? parent.Data : undefined;
    if (
      existing &&
      typeof existing === "object" &&
      !Array.isArray(existing) &&
      hasKey(existing as JsonObject, "#text")
    ) {
      const obj = existing as JsonObject;
      const prev = obj["#text"] as JsonValue;
      if (Array.isArray(prev)) (prev as JsonValue[]).push(text);
      else obj["#text"] = [prev, text];
    } else insertUnique(parent, "Data", { "#text": text });
    return;
  }
  // Element text is trimmed of surrounding whitespace, as evtx_dump's JSON shows it.
  if (typeof cell.text === "string") cell.text = cell.text.trim();
  let value: JsonValue;
  if (cell.obj) {
    if (cell.text !== undefined && cell.text !== null) cell.obj["#text"] = cell.text;
    value = cell.obj;
  } else value = cell.text === undefined ? null : cell.text;
  // Keys fixed at parse time are known to be free: store without looking first.
  if (unique && !unnamedData) parent[key] = value;
  else insertUnique(parent, key, value);
}

/**
 * Renders parsed BinXML as the JSON object evtx_dump prints: attributes under `#attributes`,
 * `<Data Name="X">` as key X, empty elements as null, text beside attributes under `#text`,
 * repeated names as `Name_1`, `Name_2`….
 */
export function renderJson(nodes: readonly BinXmlNode[], limits: EvtxLimits): JsonObject {
  const st: JsonState = { budget: limits.maxNodes, chars: limits.maxRecordChars, maxDepth: limits.maxDepth * 4 };
  const cell: Cell = { obj: {}, text: undefined };
  walk(st, cell, nodes, NO_VALUES, 0);
  return cell.obj ?? {};
}
