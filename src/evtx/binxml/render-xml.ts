import { binxmlError } from "../issues.js";
import type { EvtxLimits } from "../limits.js";
import type { BinXmlNode, BinXmlValue, ElementNode } from "./model.js";
import { arraySubstitution, valueText, withValue } from "./text.js";

const NO_VALUES: readonly BinXmlValue[] = [];

/** Escapes text content for XML. */
export function escapeXmlText(s: string): string {
  return /[&<>]/.test(s) ? s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;") : s;
}

/** Escapes an attribute value for a double-quoted XML attribute. */
export function escapeXmlAttribute(s: string): string {
  return /[&<>"]/.test(s)
    ? s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;")
    : s;
}

interface XmlState {
  out: string;
  budget: number;
  readonly maxChars: number;
  readonly maxDepth: number;
  readonly indent: string;
}

function leafText(node: BinXmlNode, values: readonly BinXmlValue[], attr: boolean): string | undefined {
  switch (node.kind) {
    case "text":
      return attr ? escapeXmlAttribute(node.value) : escapeXmlText(node.value);
    case "cdata":
      return attr ? escapeXmlAttribute(node.value) : `<![CDATA[${node.value.replace(/]]>/g, "]]]]><![CDATA[>")}]]>`;
    case "charref":
      return `&#${node.code};`;
    case "entityref":
      return `&${node.name};`;
    case "substitution": {
      const v = values[node.index];
      if (v === undefined || v === null) return "";
      const t = valueText(v);
      return attr ? escapeXmlAttribute(t) : escapeXmlText(t);
    }
    default:
      return undefined;
  }
}

/** Whether the content renders as nothing (so the element can be written as `<X/>`). */
function isEmpty(nodes: readonly BinXmlNode[], values: readonly BinXmlValue[]): boolean {
  for (const n of nodes) {
    if (n.kind === "substitution") {
      const v = values[n.index];
      if (v === undefined || v === null) continue;
      if (typeof v === "object" && !Array.isArray(v)) {
        if (!isEmpty((v as { nodes: readonly BinXmlNode[] }).nodes, NO_VALUES)) return false;
        continue;
      }
      if (valueText(v) !== "") return false;
      continue;
    }
    if (n.kind === "template") {
      if (!isEmpty(n.template.nodes, n.values)) return false;
      continue;
    }
    return false;
  }
  return true;
}

function hasElements(nodes: readonly BinXmlNode[], values: readonly BinXmlValue[]): boolean {
  for (const n of nodes) {
    if (n.kind === "element") return true;
    if (n.kind === "template" && hasElements(n.template.nodes, n.values)) return true;
    if (n.kind === "substitution") {
      const v = values[n.index];
      if (
        v &&
        typeof v === "object" &&
        !Array.isArray(v) &&
        hasElements((v as { nodes: readonly BinXmlNode[] }).nodes, NO_VALUES)
      )
        return true;
    }
  }
  return false;
}

function newline(st: XmlState, level: number): void {
  if (st.indent !== "") st.out += `\n${st.indent.repeat(level)}`;
}

function element(st: XmlState, el: ElementNode, values: readonly BinXmlValue[], level: number): void {
  const arrayAt = arraySubstitution(el.children, values);
  if (arrayAt >= 0) {
    let first = true;
    for (const item of values[arrayAt] as readonly BinXmlValue[]) {
      if (!first) newline(st, level);
      first = false;
      element(st, el, withValue(values, arrayAt, item), level);
    }
    return;
  }
  if (level > st.maxDepth) binxmlError("EVTX_LIMIT", `rendering nested deeper than ${st.maxDepth}`, 0);
  st.out += `<${el.name}`;
  for (const a of el.attributes) {
    let v = "";
    let present = false;
    for (const n of a.value) {
      if (n.kind === "substitution") {
        const sv = values[n.index];
        if (sv === undefined || sv === null) continue;
      }
      present = true;
      v += leafText(n, values, true) ?? "";
    }
    if (present || a.value.length === 0) st.out += ` ${a.name}="${v}"`;
  }
  if (isEmpty(el.children, values)) {
    st.out += "/>";
    return;
  }
  if (st.out.length > st.maxChars) binxmlError("EVTX_LIMIT", "record renders to too much text", 0);
  st.out += ">";
  const block = hasElements(el.children, values);
  content(st, el.children, values, level + 1);
  if (block) newline(st, level);
  st.out += `</${el.name}>`;
}

function content(st: XmlState, nodes: readonly BinXmlNode[], values: readonly BinXmlValue[], level: number): void {
  if (st.out.length > st.maxChars) binxmlError("EVTX_LIMIT", "record renders to too much text", 0);
  for (const n of nodes) {
    if (--st.budget < 0) binxmlError("EVTX_LIMIT", "record expands to too many nodes", 0);
    switch (n.kind) {
      case "element":
        newline(st, level);
        element(st, n, values, level);
        break;
      case "template":
        content(st, n.template.nodes, n.values, level);
        break;
      case "pi":
        st.out += `<?${n.target}${n.data ? ` ${n.data}` : ""}?>`;
        break;
      case "substitution": {
        const v = values[n.index];
        if (v && typeof v === "object" && !Array.isArray(v)) {
          content(st, (v as { nodes: readonly BinXmlNode[] }).nodes, NO_VALUES, level);
          break;
        }
        st.out += leafText(n, values, false) ?? "";
        break;
      }
      default:
        st.out += leafText(n, values, false) ?? "";
    }
  }
}

/**
 * Renders parsed BinXML as XML text the way Windows shows an event: double-quoted
 * attributes, empty elements as `<X/>`, escaped text, and two-space indentation (one line
 * when `indent` is "").
 */
export function renderXml(nodes: readonly BinXmlNode[], limits: EvtxLimits, indent = "  "): string {
  const st: XmlState = {
    out: "",
    budget: limits.maxNodes,
    maxChars: limits.maxRecordChars,
    maxDepth: limits.maxDepth * 4,
    indent,
  };
  content(st, nodes, NO_VALUES, 0);
  return st.out.startsWith("\n") ? st.out.slice(1) : st.out;
}
