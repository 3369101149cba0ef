import { MAX_EXTENSION_PAIRS } from "../cef/parse.js";
import { dict, setField } from "../syslog/message.js";

/** The header of a LEEF record, unescaped; `delimiter` is the attribute separator in force. */
export interface LeefHeader {
  readonly version: string;
  readonly vendor: string;
  readonly product: string;
  readonly productVersion: string;
  readonly eventId: string;
  readonly delimiter: string;
}

/** A LEEF record read into header and attributes, or why it could not be (with the field at fault). */
export type LeefParse =
  | { readonly ok: true; readonly header: LeefHeader; readonly attributes: Record<string, string> }
  | { readonly ok: false; readonly reason: string; readonly field: string; readonly limit?: true };

const HEADER_NAMES = ["version", "vendor", "product", "productVersion", "eventId"];

/**
 * The delimiter a LEEF 2.0 header names: one character, or its code as `xHH` / `0xHH`
 * (`^`, `x5E`, `0x09`); undefined when the field is none of these.
 */
export function delimiterOf(field: string): string | undefined {
  if (field.length === 1) return field;
  const m = /^(?:0?[xX])([0-9A-Fa-f]{1,4})$/.exec(field);
  if (!m) return undefined;
  const code = Number.parseInt(m[1] as string, 16);
  return code === 0 ? undefined : String.fromCharCode(code);
}

function unescapePipes(s: string): string {
  return s.includes("\\|") ? s.replaceAll("\\|", "|") : s;
}

/**
 * Reads a LEEF record starting at `LEEF:` (IBM QRadar "Log Event Extended Format" 1.0 and 2.0):
 * `LEEF:1.0|Vendor|Product|Version|EventID|` then tab-separated `key=value` attributes; LEEF 2.0
 * adds a sixth header field naming the delimiter (absent or empty: tab). A value runs to the next
 * delimiter and may hold `=`; `\|` in the header stands for a pipe.
 *
 * @example parseLeef("LEEF:2.0|Lancope|StealthWatch|1.0|41|^|src=10.0.1.8^dst=10.0.0.5")
 */
export function parseLeef(text: string): LeefParse {
  if (!text.startsWith("LEEF:")) return { ok: false, reason: "the record does not start with LEEF:", field: "version" };
  const parts: string[] = [];
  let from = 5;
  for (let i = 5; i < text.length && parts.length < 5; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5c && text.charCodeAt(i + 1) === 0x7c) i++;
    else if (c === 0x7c) {
      parts.push(unescapePipes(text.slice(from, i)));
      from = i + 1;
    }
  }
  if (parts.length < 5) {
    const field = HEADER_NAMES[parts.length] ?? "eventId";
    return { ok: false, reason: `the LEEF header has ${parts.length} of its 5 '|'-terminated fields`, field };
  }
  const [version, vendor, product, productVersion, eventId] = parts as [string, string, string, string, string];
  const v = version.trim();
  if (v !== "1.0" && v !== "2.0" && v !== "1" && v !== "2") {
    return { ok: false, reason: `LEEF version "${v.slice(0, 16)}" is neither 1.0 nor 2.0`, field: "version" };
  }
  let delimiter = "\t";
  let rest = text.slice(from);
  if (v.startsWith("2")) {
    if (rest.length >= 2 && rest[1] === "|") {
      delimiter = rest[0] as string;
      rest = rest.slice(2);
    } else {
      const bar = rest.indexOf("|");
      if (bar === 0) rest = rest.slice(1);
      else if (bar > 0 && bar <= 6) {
        const d = delimiterOf(rest.slice(0, bar));
        if (d === undefined) {
          return {
            ok: false,
            reason: `LEEF 2.0 delimiter "${rest.slice(0, bar)}" is not a character or xHH`,
            field: "delimiter",
          };
        }
        delimiter = d;
        rest = rest.slice(bar + 1);
      }
    }
  }
  const attributes = dict<string>();
  let count = 0;
  for (const segment of rest.split(delimiter)) {
    const eq = segment.indexOf("=");
    if (eq <= 0) {
      if (segment.trim() === "") continue;
      return { ok: false, reason: `attribute "${segment.slice(0, 40)}" has no key=value form`, field: "attributes" };
    }
    if (++count > MAX_EXTENSION_PAIRS)
      return { ok: false, reason: `more than ${MAX_EXTENSION_PAIRS} attributes`, field: "attributes", limit: true };
    setField(attributes, segment.slice(0, eq).trim(), segment.slice(eq + 1));
  }
  return { ok: true, header: { version: v, vendor, product, productVersion, eventId, delimiter }, attributes };
}
