import { type StructuredData, dict, hasField, setField } from "./message.js";

/** At most this many SD-ELEMENTs in one message; more is refused with FORMAT_LIMIT. */
export const MAX_SD_ELEMENTS = 64;
/** At most this many SD-PARAMs in one message, all elements together; more is refused with FORMAT_LIMIT. */
export const MAX_SD_PARAMS = 1024;

/** Structured data read from a message, and the index just after it; or why it is malformed. */
export type SdResult =
  | { readonly ok: true; readonly sd: StructuredData | undefined; readonly end: number }
  | { readonly ok: false; readonly reason: string; readonly limit?: true };

/** SD-NAME: 1 to 32 PRINTUSASCII except `=`, space, `]` and `"` (RFC 5424 section 6.3). */
function isNameChar(c: number): boolean {
  return c > 0x20 && c < 0x7f && c !== 0x3d && c !== 0x5d && c !== 0x22;
}

function readName(text: string, i: number): number {
  let j = i;
  while (j < text.length && isNameChar(text.charCodeAt(j))) j++;
  return j;
}

function addParam(element: Record<string, string | string[]>, name: string, value: string): void {
  const old = hasField(element, name) ? element[name] : undefined;
  if (old === undefined) setField(element, name, value);
  else if (Array.isArray(old)) old.push(value);
  else setField(element, name, [old, value]);
}

/**
 * Reads STRUCTURED-DATA at `start`: the NILVALUE `-`, or SD-ELEMENTs `[id name="value" ...]`.
 * In values, `\"`, `\\` and `\]` stand for the character; a backslash before anything else is
 * kept as written (RFC 5424 section 6.3.3). A repeated PARAM-NAME gives a list of its values.
 *
 * @example readStructuredData('[a@1 x="1\\"2"] msg', 0) // { ok: true, sd: { "a@1": { x: '1"2' } }, end: 14 }
 */
export function readStructuredData(text: string, start: number): SdResult {
  if (text.charCodeAt(start) === 0x2d) return { ok: true, sd: undefined, end: start + 1 };
  if (text.charCodeAt(start) !== 0x5b) return { ok: false, reason: "STRUCTURED-DATA is neither '-' nor '['" };
  const sd: StructuredData = dict();
  let i = start;
  let elements = 0;
  let params = 0;
  while (text.charCodeAt(i) === 0x5b) {
    if (++elements > MAX_SD_ELEMENTS)
      return { ok: false, reason: `more than ${MAX_SD_ELEMENTS} SD-ELEMENTs`, limit: true };
    const idEnd = readName(text, i + 1);
    if (idEnd === i + 1) return { ok: false, reason: `SD-ID missing at character ${i + 2}` };
    const id = text.slice(i + 1, idEnd);
    const element = hasField(sd, id) ? (sd[id] as Record<string, string | string[]>) : dict<string | string[]>();
    setField(sd, id, element);
    i = idEnd;
    while (text.charCodeAt(i) === 0x20) {
      const nameEnd = readName(text, i + 1);
      if (nameEnd === i + 1) return { ok: false, reason: `PARAM-NAME missing in [${id}] at character ${i + 2}` };
      if (text.charCodeAt(nameEnd) !== 0x3d || text.charCodeAt(nameEnd + 1) !== 0x22) {
        return { ok: false, reason: `PARAM-NAME in [${id}] is not followed by ="` };
      }
      if (++params > MAX_SD_PARAMS) return { ok: false, reason: `more than ${MAX_SD_PARAMS} SD-PARAMs`, limit: true };
      const name = text.slice(i + 1, nameEnd);
      let value = "";
      let j = nameEnd + 2;
      let from = j;
      for (;;) {
        if (j >= text.length) return { ok: false, reason: `PARAM-VALUE of ${id}.${name} is never closed by '"'` };
        const c = text.charCodeAt(j);
        if (c === 0x22) break;
        if (c === 0x5c) {
          const next = text.charCodeAt(j + 1);
          if (next === 0x22 || next === 0x5c || next === 0x5d) {
            value += text.slice(from, j);
            from = j + 1;
            j += 2;
            continue;
          }
        }
        j++;
      }
      value += text.slice(from, j);
      addParam(element, name, value);
      i = j + 1;
    }
    if (text.charCodeAt(i) !== 0x5d) return { ok: false, reason: `SD-ELEMENT [${id}] is not closed by ']'` };
    i++;
  }
  return { ok: true, sd, end: i };
}
