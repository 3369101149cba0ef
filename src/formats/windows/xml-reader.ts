import { fail, type Issue, ok, type Result } from "../../core/index.js";

/** One element of a parsed XML document: its name, attributes in order, and content. */
export interface XmlElement {
  readonly name: string;
  readonly attributes: readonly (readonly [name: string, value: string])[];
  /** Child elements and text runs (entities decoded), in document order. */
  readonly children: readonly (XmlElement | string)[];
}

/** Bounds that keep a hostile document from costing more than a little time and memory. */
export interface XmlLimits {
  /** Longest document accepted, in UTF-16 code units. */
  readonly maxChars: number;
  /** Deepest element nesting accepted (the root is depth 1). */
  readonly maxDepth: number;
  /** Most elements accepted in one document. */
  readonly maxElements: number;
}

/** Default limits: a Windows event is a few kilobytes, a dozen levels deep. */
export const DEFAULT_XML_LIMITS: XmlLimits = { maxChars: 1_048_576, maxDepth: 64, maxElements: 10_000 };

/** Where a document starts inside a larger text, so errors can name the line of the whole text. */
export interface XmlOrigin {
  readonly line: number;
  readonly column: number;
}

interface Frame {
  readonly name: string;
  readonly attributes: (readonly [string, string])[];
  readonly children: (XmlElement | string)[];
  readonly start: number;
  readonly seen: Set<string>;
}

const NAME = /[A-Za-z_:\u00C0-\uFFFF][-A-Za-z0-9_:.\u00B7\u00C0-\uFFFF]*/y;
const SPACE = /[ \t\r\n]*/y;
const ENTITIES: Readonly<Record<string, string>> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

/** Line and column (1-based) of an offset, shifted by where the document starts. */
export function positionOf(text: string, offset: number, origin: XmlOrigin = { line: 1, column: 1 }): XmlOrigin {
  let line = origin.line;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = text.indexOf("\n"); i !== -1 && i < end; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  const column = offset - lineStart + (line === origin.line ? origin.column : 1);
  return { line, column };
}

/** A failure of the XML reader, carried as data. */
class XmlFailure {
  constructor(
    readonly code: string,
    readonly message: string,
    readonly offset: number,
  ) {}
}

/** XML 1.0 §2.11 (line ends) and §3.3.3 (attribute-value normalisation) for literal characters. */
function literal(raw: string, attribute: boolean): string {
  let s = raw.includes("\r") ? raw.replace(/\r\n?/g, "\n") : raw;
  if (attribute && /[\t\n]/.test(s)) s = s.replace(/[\t\n]/g, " ");
  return s;
}

function isXmlChar(code: number): boolean {
  // XML 1.0 §2.2: only characters of the Char production may be referenced.
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

function reference(ref: string): string | undefined {
  if (Object.hasOwn(ENTITIES, ref)) return ENTITIES[ref];
  let code = Number.NaN;
  if (/^#x[0-9A-Fa-f]{1,6}$/.test(ref)) code = Number.parseInt(ref.slice(2), 16);
  else if (/^#[0-9]{1,7}$/.test(ref)) code = Number.parseInt(ref.slice(1), 10);
  return isXmlChar(code) ? String.fromCodePoint(code) : undefined;
}

function decode(text: string, from: number, to: number, attribute: boolean): string | XmlFailure {
  // Work on the slice so that every search is bounded by this run (no quadratic rescans).
  const raw = text.slice(from, to);
  const lt = attribute ? raw.indexOf("<") : -1;
  if (lt !== -1) return new XmlFailure("FORMAT_BAD_XML", "'<' inside an attribute value", from + lt);
  let amp = raw.indexOf("&");
  if (amp === -1) return literal(raw, attribute);
  let out = "";
  let last = 0;
  for (; amp !== -1; amp = raw.indexOf("&", last)) {
    out += literal(raw.slice(last, amp), attribute);
    const semi = raw.indexOf(";", amp);
    const near = semi !== -1 && semi - amp <= 12;
    const char = near ? reference(raw.slice(amp + 1, semi)) : undefined;
    if (char === undefined) {
      const shown = near ? raw.slice(amp, semi + 1) : raw.slice(amp, amp + 12);
      return new XmlFailure("FORMAT_BAD_XML", `bad entity or character reference '${shown}'`, from + amp);
    }
    out += char;
    last = semi + 1;
  }
  return out + literal(raw.slice(last), attribute);
}

function readName(text: string, at: number): string | undefined {
  NAME.lastIndex = at;
  return NAME.exec(text)?.[0];
}

function skipSpace(text: string, at: number): number {
  SPACE.lastIndex = at;
  SPACE.exec(text);
  return SPACE.lastIndex;
}

/** Parses the attributes and the end of a start tag; returns the offset after `>` and whether it was `/>`. */
function readTag(text: string, at: number, frame: Frame): { end: number; empty: boolean } | XmlFailure {
  let i = at;
  for (;;) {
    const before = i;
    i = skipSpace(text, i);
    const c = text[i];
    if (c === ">") return { end: i + 1, empty: false };
    if (c === "/" && text[i + 1] === ">") return { end: i + 2, empty: true };
    if (c === undefined)
      return new XmlFailure("FORMAT_BAD_XML", `start tag <${frame.name}> is never closed`, frame.start);
    if (i === before)
      return new XmlFailure("FORMAT_BAD_XML", `expected white space, '>' or '/>' in <${frame.name}>`, i);
    const name = readName(text, i);
    if (name === undefined) return new XmlFailure("FORMAT_BAD_XML", `unexpected '${c}' in <${frame.name}>`, i);
    i = skipSpace(text, i + name.length);
    if (text[i] !== "=") return new XmlFailure("FORMAT_BAD_XML", `attribute ${name} has no '=' and value`, i);
    i = skipSpace(text, i + 1);
    const quote = text[i];
    if (quote !== '"' && quote !== "'") return new XmlFailure("FORMAT_BAD_XML", `attribute ${name} is not quoted`, i);
    const close = text.indexOf(quote, i + 1);
    if (close === -1) return new XmlFailure("FORMAT_BAD_XML", `attribute ${name} is never closed`, i);
    if (frame.seen.has(name)) {
      return new XmlFailure("FORMAT_BAD_XML", `attribute ${name} appears twice in <${frame.name}>`, before);
    }
    const value = decode(text, i + 1, close, true);
    if (value instanceof XmlFailure) return value;
    frame.seen.add(name);
    frame.attributes.push([name, value]);
    i = close + 1;
  }
}

/** Skips a comment, processing instruction or XML declaration; returns the offset after it. */
function skipMarkup(text: string, at: number): number | XmlFailure {
  if (text.startsWith("<!--", at)) {
    const end = text.indexOf("-->", at + 4);
    return end === -1 ? new XmlFailure("FORMAT_BAD_XML", "comment is never closed", at) : end + 3;
  }
  if (text.startsWith("<?", at)) {
    const end = text.indexOf("?>", at + 2);
    return end === -1 ? new XmlFailure("FORMAT_BAD_XML", "processing instruction is never closed", at) : end + 2;
  }
  if (/^<!(DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)/i.test(text.slice(at, at + 10))) {
    // No DTD is ever read, so no entity can be declared or expanded (billion laughs, XXE).
    return new XmlFailure("FORMAT_XML_FORBIDDEN", "DOCTYPE and ENTITY declarations are not accepted", at);
  }
  return new XmlFailure("FORMAT_BAD_XML", "unexpected markup '<!'", at);
}

function run(text: string, limits: XmlLimits, origin: XmlOrigin | undefined): XmlElement | XmlFailure {
  const stack: Frame[] = [];
  let root: XmlElement | undefined;
  let elements = 0;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i < text.length) {
    const lt = text.indexOf("<", i);
    const textEnd = lt === -1 ? text.length : lt;
    if (textEnd > i) {
      const top = stack[stack.length - 1];
      if (top === undefined) {
        if (/[^ \t\r\n]/.test(text.slice(i, textEnd))) {
          const at = i + text.slice(i, textEnd).search(/[^ \t\r\n]/);
          return new XmlFailure(
            "FORMAT_BAD_XML",
            root ? "text after the root element" : "text before the root element",
            at,
          );
        }
      } else {
        const run = decode(text, i, textEnd, false);
        if (run instanceof XmlFailure) return run;
        top.children.push(run);
      }
    }
    if (lt === -1) break;
    i = lt;
    if (text.startsWith("<![CDATA[", i)) {
      const top = stack[stack.length - 1];
      if (top === undefined) return new XmlFailure("FORMAT_BAD_XML", "CDATA outside the root element", i);
      const end = text.indexOf("]]>", i + 9);
      if (end === -1) return new XmlFailure("FORMAT_BAD_XML", "CDATA section is never closed", i);
      top.children.push(text.slice(i + 9, end).replace(/\r\n?/g, "\n"));
      i = end + 3;
    } else if (text[i + 1] === "!" || text[i + 1] === "?") {
      const next = skipMarkup(text, i);
      if (next instanceof XmlFailure) return next;
      i = next;
    } else if (text[i + 1] === "/") {
      const name = readName(text, i + 2);
      const top = stack.pop();
      if (name === undefined) return new XmlFailure("FORMAT_BAD_XML", "end tag without a name", i);
      if (top === undefined) return new XmlFailure("FORMAT_BAD_XML", `end tag </${name}> without a start tag`, i);
      if (top.name !== name) {
        const at = positionOf(text, top.start, origin);
        return new XmlFailure(
          "FORMAT_BAD_XML",
          `end tag </${name}> does not match <${top.name}> (opened at line ${at.line}, column ${at.column})`,
          i,
        );
      }
      const gt = skipSpace(text, i + 2 + name.length);
      if (text[gt] !== ">") return new XmlFailure("FORMAT_BAD_XML", `end tag </${name}> is not closed by '>'`, gt);
      const done: XmlElement = { name: top.name, attributes: top.attributes, children: top.children };
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(done);
      else root = done;
      i = gt + 1;
    } else {
      const name = readName(text, i + 1);
      if (name === undefined) return new XmlFailure("FORMAT_BAD_XML", "'<' not followed by an element name", i);
      if (root !== undefined && stack.length === 0) {
        return new XmlFailure("FORMAT_BAD_XML", `second root element <${name}>: one document holds one root`, i);
      }
      if (stack.length >= limits.maxDepth) {
        return new XmlFailure("FORMAT_XML_LIMIT", `elements nested deeper than ${limits.maxDepth}`, i);
      }
      if (++elements > limits.maxElements) {
        return new XmlFailure("FORMAT_XML_LIMIT", `more than ${limits.maxElements} elements`, i);
      }
      const frame: Frame = { name, attributes: [], children: [], start: i, seen: new Set() };
      const tag = readTag(text, i + 1 + name.length, frame);
      if (tag instanceof XmlFailure) return tag;
      i = tag.end;
      if (tag.empty) {
        const done: XmlElement = { name, attributes: frame.attributes, children: frame.children };
        const parent = stack[stack.length - 1];
        if (parent) parent.children.push(done);
        else root = done;
      } else stack.push(frame);
    }
  }
  const open = stack[stack.length - 1];
  if (open !== undefined) return new XmlFailure("FORMAT_BAD_XML", `element <${open.name}> is never closed`, open.start);
  if (root === undefined) return new XmlFailure("FORMAT_BAD_XML", "no root element", text.length);
  return root;
}

/**
 * Reads one XML document into a tree, strictly and without recursion: no DTD (DOCTYPE and
 * ENTITY declarations are refused, so nothing can expand), only the five predefined entities
 * and character references, and bounded size, depth and element count. Comments, processing
 * instructions and the XML declaration are skipped; CDATA is kept as text. Failures name the
 * line and column.
 *
 * @example
 * const r = readXml("<a x='1'>t &amp; u</a>");
 * if (r.ok) r.value.children; // ["t & u"]
 */
export function readXml(text: string, limits: XmlLimits = DEFAULT_XML_LIMITS, origin?: XmlOrigin): Result<XmlElement> {
  if (text.length > limits.maxChars) {
    const issue: Issue = {
      code: "FORMAT_XML_LIMIT",
      message: `document of ${text.length} characters is over the limit of ${limits.maxChars}`,
      place: { line: origin?.line ?? 1, column: origin?.column ?? 1 },
    };
    return fail(issue);
  }
  const result = run(text, limits, origin);
  if (!(result instanceof XmlFailure)) return ok(result);
  const at = positionOf(text, result.offset, origin);
  return fail({
    code: result.code,
    message: `${result.message} at line ${at.line}, column ${at.column}`,
    place: { line: at.line, column: at.column },
  });
}
