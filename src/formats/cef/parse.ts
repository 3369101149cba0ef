import { dict, setField } from "../syslog/message.js";

/** At most this many extension pairs in one CEF or LEEF record; more is refused. */
export const MAX_EXTENSION_PAIRS = 1024;

/** The seven header fields of a CEF record, unescaped. */
export interface CefHeader {
  readonly version: string;
  readonly deviceVendor: string;
  readonly deviceProduct: string;
  readonly deviceVersion: string;
  readonly deviceEventClassId: string;
  readonly name: string;
  readonly severity: string;
}

/** A CEF record read into its header and extension, or why it could not be (with the field at fault). */
export type CefParse =
  | { readonly ok: true; readonly header: CefHeader; readonly extension: Record<string, string> }
  | { readonly ok: false; readonly reason: string; readonly field: string; readonly limit?: true };

const HEADER_NAMES = [
  "version",
  "deviceVendor",
  "deviceProduct",
  "deviceVersion",
  "deviceEventClassId",
  "name",
  "severity",
];

/** Header escapes: `\|` and `\\` stand for the character; other backslashes stay (CEF "Special characters"). */
function unescapeHeader(s: string): string {
  if (!s.includes("\\")) return s;
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    const next = s[i + 1];
    if (c === "\\" && (next === "|" || next === "\\")) {
      out += next;
      i++;
    } else out += c;
  }
  return out;
}

/** Extension escapes: `\=`, `\\`, `\|`, and `\n` / `\r` for a newline and a carriage return. */
export function unescapeExtension(s: string): string {
  if (!s.includes("\\")) return s;
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    const next = s[i + 1];
    if (c !== "\\" || next === undefined) {
      out += c;
      continue;
    }
    if (next === "=" || next === "\\" || next === "|") out += next;
    else if (next === "n") out += "\n";
    else if (next === "r") out += "\r";
    else out += c + next;
    i++;
  }
  return out;
}

function isKeyChar(c: number): boolean {
  return (
    (c >= 0x30 && c <= 0x39) ||
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x61 && c <= 0x7a) ||
    c === 0x5f ||
    c === 0x2e ||
    c === 0x2d ||
    c === 0x5b ||
    c === 0x5d
  );
}

/**
 * Splits a CEF extension into its pairs. A key is a word right after a space (or at the start)
 * followed by an unescaped `=`; everything up to the space before the next key is the value, so
 * values hold spaces, and an unescaped `=` inside a value (a URL's query) stays in it.
 */
export function splitExtension(
  ext: string,
):
  | { readonly ok: true; readonly pairs: Record<string, string> }
  | { readonly ok: false; readonly reason: string; readonly limit?: true } {
  const out = dict<string>();
  let count = 0;
  let key: string | undefined;
  let valueStart = 0;
  let wordStart = 0;
  for (let i = 0; i < ext.length; i++) {
    const c = ext.charCodeAt(i);
    if (c === 0x5c) {
      i++;
      continue;
    }
    if (c === 0x20) {
      wordStart = i + 1;
      continue;
    }
    if (c !== 0x3d || i === wordStart) continue;
    let valid = wordStart === 0 || ext.charCodeAt(wordStart - 1) === 0x20;
    for (let j = wordStart; valid && j < i; j++) valid = isKeyChar(ext.charCodeAt(j));
    if (!valid) continue;
    if (key !== undefined) setField(out, key, unescapeExtension(ext.slice(valueStart, wordStart).trimEnd()));
    else if (ext.slice(0, wordStart).trim() !== "")
      return { ok: false, reason: "the extension does not start with key=value" };
    if (++count > MAX_EXTENSION_PAIRS)
      return { ok: false, reason: `more than ${MAX_EXTENSION_PAIRS} extension pairs`, limit: true };
    key = ext.slice(wordStart, i);
    valueStart = i + 1;
    wordStart = i + 1;
  }
  if (key !== undefined) setField(out, key, unescapeExtension(ext.slice(valueStart).trimEnd()));
  else if (ext.trim() !== "") return { ok: false, reason: "the extension holds no key=value pair" };
  return { ok: true, pairs: out };
}

/**
 * Reads a CEF record, `CEF:Version|Device Vendor|Device Product|Device Version|Signature ID|Name|
 * Severity|Extension`, starting at `CEF:` (ArcSight "Implementing ArcSight CEF", revision 25).
 *
 * @example parseCef("CEF:0|Acme|fw|1.0|100|Blocked|5|src=10.0.0.1 dpt=443")
 */
export function parseCef(text: string): CefParse {
  if (!text.startsWith("CEF:")) return { ok: false, reason: "the record does not start with CEF:", field: "version" };
  const parts: string[] = [];
  let from = 4;
  for (let i = 4; i < text.length && parts.length < 7; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5c) i++;
    else if (c === 0x7c) {
      parts.push(unescapeHeader(text.slice(from, i)));
      from = i + 1;
    }
  }
  if (parts.length < 7) {
    const field = HEADER_NAMES[parts.length] ?? "severity";
    return { ok: false, reason: `the CEF header has ${parts.length + 1} of its 8 '|'-separated parts`, field };
  }
  const [version, deviceVendor, deviceProduct, deviceVersion, deviceEventClassId, name, severity] = parts as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if (!/^\d{1,3}(?:\.\d{1,3})?$/.test(version.trim())) {
    return { ok: false, reason: `CEF version "${version.slice(0, 16)}" is not a number`, field: "version" };
  }
  const extension = splitExtension(text.slice(from));
  if (!extension.ok)
    return { ok: false, field: "extension", reason: extension.reason, ...(extension.limit ? { limit: true } : {}) };
  return {
    ok: true,
    header: { version: version.trim(), deviceVendor, deviceProduct, deviceVersion, deviceEventClassId, name, severity },
    extension: extension.pairs,
  };
}
