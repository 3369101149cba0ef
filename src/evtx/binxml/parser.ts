import { readUtf16, u16, u32 } from "../bytes.js";
import { countNode, nameOut, need, plausibleName, readName } from "./cursor.js";
import { staticKeysOf } from "./static-keys.js";
import { binxmlError } from "../issues.js";
import type { ChunkContext } from "./context.js";
import type {
  AttributeNode,
  BinXmlFragment,
  BinXmlNode,
  BinXmlValue,
  ElementNode,
  TemplateDefinition,
} from "./model.js";
import { TOKEN } from "./tokens.js";
import { formatGuid } from "./value-format.js";
import { decodeValue } from "./values.js";

const BASE = 0xbf; // strips the "more data follows" flag

function parseElement(ctx: ChunkContext, end: number, depth: number): ElementNode {
  const b = ctx.bytes;
  const start = ctx.pos;
  if (depth > ctx.limits.maxDepth)
    binxmlError("EVTX_LIMIT", `elements nested deeper than ${ctx.limits.maxDepth}`, start);
  countNode(ctx, start);
  const hasAttributes = ((b[start] as number) & 0x40) !== 0;
  // EVTX writes a u16 dependency id before the data size; nested BinXML values sometimes
  // omit it, so take whichever layout points at a plausible name.
  need(start, 11, end);
  let nameOff = u32(b, start + 7);
  let p = start + 11;
  if (!plausibleName(ctx, nameOff, p, start)) {
    const alt = u32(b, start + 5);
    if (plausibleName(ctx, alt, start + 9, start)) {
      nameOff = alt;
      p = start + 9;
    }
  }
  p = readName(ctx, nameOff, p, end, nameOut);
  const name = nameOut[0] as string;
  const attributes: AttributeNode[] = [];
  if (hasAttributes) {
    need(p, 4, end);
    p += 4; // attribute list size
    ctx.pos = p;
    while (ctx.pos < end && ((b[ctx.pos] as number) & BASE) === TOKEN.attribute) {
      countNode(ctx, ctx.pos);
      need(ctx.pos, 5, end);
      const q = readName(ctx, u32(b, ctx.pos + 1), ctx.pos + 5, end, nameOut);
      const attrName = nameOut[0] as string;
      ctx.pos = q;
      const value: BinXmlNode[] = [];
      parseAttributeValue(ctx, end, depth, value);
      attributes.push({ name: attrName, value });
    }
    p = ctx.pos;
  }
  need(p, 1, end);
  const close = b[p];
  ctx.pos = p + 1;
  if (close === TOKEN.closeEmptyElement) return { kind: "element", name, attributes, children: [] };
  if (close !== TOKEN.closeStartElement)
    binxmlError("EVTX_BAD_BINXML", `expected end of start tag, found token 0x${(close ?? 0).toString(16)}`, p);
  const children: BinXmlNode[] = [];
  if (parseContent(ctx, end, depth + 1, children, true) !== "end")
    binxmlError("EVTX_BAD_BINXML", `element <${name}> is not closed`, start);
  return { kind: "element", name, attributes, children, staticKeys: staticKeysOf(children) };
}

function parseAttributeValue(ctx: ChunkContext, end: number, depth: number, out: BinXmlNode[]): void {
  const b = ctx.bytes;
  while (ctx.pos < end) {
    const t = (b[ctx.pos] as number) & BASE;
    if (
      t !== TOKEN.value &&
      t !== TOKEN.normalSubstitution &&
      t !== TOKEN.optionalSubstitution &&
      t !== TOKEN.charRef &&
      t !== TOKEN.entityRef &&
      t !== TOKEN.cdata
    )
      return;
    out.push(parseLeaf(ctx, t, end, depth));
  }
}

/** Parses a token that stands for text: value, CDATA, references, substitutions, PIs. */
function parseLeaf(ctx: ChunkContext, t: number, end: number, depth: number): BinXmlNode {
  const b = ctx.bytes;
  const p = ctx.pos;
  countNode(ctx, p);
  switch (t) {
    case TOKEN.value: // token, value type, u16 character count
      return { kind: "text", value: readCountedText(ctx, 4, end) };
    case TOKEN.cdata: // token, u16 character count
      return { kind: "cdata", value: readCountedText(ctx, 3, end) };
    case TOKEN.charRef:
      need(p, 3, end);
      ctx.pos = p + 3;
      return { kind: "charref", code: u16(b, p + 1) };
    case TOKEN.entityRef: {
      need(p, 5, end);
      ctx.pos = readName(ctx, u32(b, p + 1), p + 5, end, nameOut);
      return { kind: "entityref", name: nameOut[0] as string };
    }
    case TOKEN.normalSubstitution:
    case TOKEN.optionalSubstitution:
      need(p, 4, end);
      ctx.pos = p + 4;
      return {
        kind: "substitution",
        index: u16(b, p + 1),
        valueType: b[p + 3] as number,
        optional: t === TOKEN.optionalSubstitution,
      };
    case TOKEN.piTarget: {
      need(p, 5, end);
      ctx.pos = readName(ctx, u32(b, p + 1), p + 5, end, nameOut);
      const target = nameOut[0] as string;
      let data = "";
      if (ctx.pos < end && b[ctx.pos] === TOKEN.piData) data = readCountedText(ctx, 3, end);
      return { kind: "pi", target, data };
    }
    case TOKEN.piData:
      return { kind: "pi", target: "", data: readCountedText(ctx, 3, end) };
    case TOKEN.templateInstance:
      return parseTemplateInstance(ctx, end, depth);
    default:
      return binxmlError("EVTX_BAD_BINXML", `unexpected BinXML token 0x${t.toString(16)}`, p);
  }
}

/**
 * Reads the UTF-16 text after the `header` bytes at `ctx.pos`, whose last two bytes are its
 * u16 character count, and moves past it.
 */
function readCountedText(ctx: ChunkContext, header: number, end: number): string {
  const p = ctx.pos;
  need(p, header, end);
  const count = u16(ctx.bytes, p + header - 2);
  need(p + header, count * 2, end);
  ctx.pos = p + header + count * 2;
  return readUtf16(ctx.bytes, p + header, count);
}

/**
 * Parses tokens into `out` until end of stream (returns "eof"), an end-element token when
 * `inElement` (returns "end"), or the `end` offset (returns "limit").
 */
function parseContent(
  ctx: ChunkContext,
  end: number,
  depth: number,
  out: BinXmlNode[],
  inElement: boolean,
): "eof" | "end" | "limit" {
  const b = ctx.bytes;
  while (ctx.pos < end) {
    const raw = b[ctx.pos] as number;
    const t = raw & BASE;
    switch (t) {
      case TOKEN.eof:
        ctx.pos++;
        return "eof";
      case TOKEN.endElement:
        if (!inElement) binxmlError("EVTX_BAD_BINXML", "end tag outside any element", ctx.pos);
        ctx.pos++;
        return "end";
      case TOKEN.fragmentHeader:
        need(ctx.pos, 4, end);
        ctx.pos += 4;
        break;
      case TOKEN.openStartElement:
        out.push(parseElement(ctx, end, depth));
        break;
      default:
        out.push(parseLeaf(ctx, t, end, depth));
    }
  }
  return "limit";
}

function parseTemplateDefinition(ctx: ChunkContext, defOff: number, depth: number): TemplateDefinition {
  const cached = ctx.templates.get(defOff);
  if (cached) return cached;
  const b = ctx.bytes;
  if (ctx.pending.has(defOff)) binxmlError("EVTX_TEMPLATE_LOOP", `template at ${defOff} refers to itself`, defOff);
  need(defOff, 24, b.length);
  const size = u32(b, defOff + 20);
  const start = defOff + 24;
  need(start, size, b.length);
  const saved = ctx.pos;
  ctx.pending.add(defOff);
  try {
    ctx.pos = start;
    const nodes: BinXmlNode[] = [];
    parseContent(ctx, start + size, depth + 1, nodes, false);
    const def: TemplateDefinition = { offset: defOff, guid: formatGuid(b, defOff + 4), nodes };
    ctx.templates.set(defOff, def);
    return def;
  } finally {
    ctx.pending.delete(defOff);
    ctx.pos = saved;
  }
}

function parseTemplateInstance(ctx: ChunkContext, end: number, depth: number): BinXmlNode {
  const b = ctx.bytes;
  const start = ctx.pos;
  if (depth > ctx.limits.maxDepth)
    binxmlError("EVTX_LIMIT", `templates nested deeper than ${ctx.limits.maxDepth}`, start);
  need(start, 10, end);
  const defOff = u32(b, start + 6);
  let p = start + 10;
  if (defOff === p) {
    // The definition is written in place the first time a chunk uses the template.
    need(p, 24, end);
    const size = u32(b, p + 20);
    need(p + 24, size, end);
    const template = parseTemplateDefinition(ctx, defOff, depth);
    p += 24 + size;
    return finishInstance(ctx, template, p, end, depth);
  }
  const template = parseTemplateDefinition(ctx, defOff, depth);
  return finishInstance(ctx, template, p, end, depth);
}

function finishInstance(
  ctx: ChunkContext,
  template: TemplateDefinition,
  p: number,
  end: number,
  depth: number,
): BinXmlNode {
  const b = ctx.bytes;
  need(p, 4, end);
  const count = u32(b, p);
  if (count > ctx.limits.maxSubstitutions) binxmlError("EVTX_LIMIT", `${count} substitution values`, p);
  p += 4;
  need(p, count * 4, end);
  let v = p + count * 4;
  const values: BinXmlValue[] = new Array(count);
  for (let i = 0; i < count; i++) {
    const size = u16(b, p + i * 4);
    const type = b[p + i * 4 + 2] as number;
    need(v, size, end);
    values[i] = decodeValue(ctx, type, v, size, depth, parseNested);
    v += size;
  }
  ctx.pos = v;
  return { kind: "template", template, values };
}

/** Parses BinXML nested in a substitution value (type 0x21) spanning `size` bytes at `offset`. */
function parseNested(ctx: ChunkContext, offset: number, size: number, depth: number): BinXmlFragment {
  if (depth > ctx.limits.maxDepth)
    binxmlError("EVTX_LIMIT", `BinXML values nested deeper than ${ctx.limits.maxDepth}`, offset);
  const saved = ctx.pos;
  ctx.pos = offset;
  const nodes: BinXmlNode[] = [];
  try {
    parseContent(ctx, offset + size, depth + 1, nodes, false);
  } finally {
    ctx.pos = saved;
  }
  return { kind: "fragment", nodes };
}

/**
 * Parses a BinXML stream (fragment header, template instance or element, end of stream)
 * spanning `[offset, end)` of the chunk into nodes, filling the chunk's caches as it goes.
 * Throws a `TocsinError` (EVTX_BAD_BINXML, EVTX_TEMPLATE_LOOP, EVTX_LIMIT) on damage.
 */
export function parseBinXml(ctx: ChunkContext, offset: number, end: number): BinXmlNode[] {
  ctx.pos = offset;
  ctx.nodeCount = 0;
  const nodes: BinXmlNode[] = [];
  parseContent(ctx, end, 0, nodes, false);
  return nodes;
}
