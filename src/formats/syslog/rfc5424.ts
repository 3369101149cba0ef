import type { PriResult } from "./pri.js";
import type { SyslogMessage } from "./message.js";
import { readStructuredData } from "./structured-data.js";
import { parseRfc3339 } from "./time.js";

/** A header read from a line, or why it could not be (the reason, and the header field at fault). */
export type HeaderResult =
  | { readonly ok: true; readonly message: SyslogMessage }
  | { readonly ok: false; readonly reason: string; readonly field: string; readonly limit?: true };

const BOM = 0xfeff;

/** True when the text after a PRI starts like RFC 5424's `VERSION SP` (1 to 3 digits, no leading zero). */
export function looksLike5424(text: string, afterPri: number): boolean {
  const c = text.charCodeAt(afterPri);
  if (c < 0x31 || c > 0x39) return false;
  for (let i = afterPri + 1; i < afterPri + 4; i++) {
    const d = text.charCodeAt(i);
    if (d === 0x20) return true;
    if (d < 0x30 || d > 0x39) return false;
  }
  return false;
}

function token(text: string, start: number): { value: string; end: number } {
  let end = text.indexOf(" ", start);
  if (end === -1) end = text.length;
  return { value: text.slice(start, end), end };
}

const FIELDS = ["hostname", "appname", "procid", "msgid"] as const;
const MAX_LENGTH: Readonly<Record<(typeof FIELDS)[number], number>> = {
  hostname: 255,
  appname: 48,
  procid: 128,
  msgid: 32,
};

/**
 * Reads an RFC 5424 message after its PRI: `VERSION SP TIMESTAMP SP HOSTNAME SP APP-NAME SP
 * PROCID SP MSGID SP STRUCTURED-DATA [SP MSG]` (section 6). Each NILVALUE `-` is left out; the
 * timestamp must carry a zone (section 6.2.3); a UTF-8 BOM before MSG is dropped (section 6.4).
 *
 * @example parse5424("<34>1 2003-10-11T22:14:15.003Z mymachine su - ID47 - hi", pri)
 */
export function parse5424(text: string, pri: Extract<PriResult, { ok: true }>): HeaderResult {
  const version = token(text, pri.end);
  let i = version.end + 1;
  const stamp = token(text, i);
  if (stamp.end >= text.length) return { ok: false, reason: "the header ends after the timestamp", field: "timestamp" };
  let time: number | undefined;
  if (stamp.value !== "-") {
    const parsed = parseRfc3339(stamp.value);
    if (!parsed?.zoned) {
      return {
        ok: false,
        reason: `"${stamp.value.slice(0, 64)}" is not an RFC 3339 timestamp with a zone`,
        field: "timestamp",
      };
    }
    time = parsed.ms;
  }
  i = stamp.end + 1;
  const parts: Partial<Record<(typeof FIELDS)[number], string>> = {};
  for (const field of FIELDS) {
    const t = token(text, i);
    if (t.value === "") return { ok: false, reason: `${field} is empty (use '-' for none)`, field };
    if (t.end >= text.length) return { ok: false, reason: `the header ends at ${field}`, field };
    if (t.value.length > MAX_LENGTH[field]) {
      return { ok: false, reason: `${field} is longer than ${MAX_LENGTH[field]} characters`, field };
    }
    if (t.value !== "-") parts[field] = t.value;
    i = t.end + 1;
  }
  const sd = readStructuredData(text, i);
  if (!sd.ok) return { ok: false, reason: sd.reason, field: "structured-data", ...(sd.limit ? { limit: true } : {}) };
  let msg = "";
  if (sd.end < text.length) {
    if (text.charCodeAt(sd.end) !== 0x20) {
      return { ok: false, reason: "STRUCTURED-DATA is not followed by a space", field: "structured-data" };
    }
    let from = sd.end + 1;
    if (text.charCodeAt(from) === BOM) from++;
    msg = text.slice(from);
  }
  return {
    ok: true,
    message: {
      protocol: "rfc5424",
      facility: pri.facility,
      severity: pri.severity,
      priPresent: true,
      version: Number(version.value),
      ...(time !== undefined ? { time, timeText: stamp.value } : {}),
      ...parts,
      ...(sd.sd !== undefined ? { sd: sd.sd } : {}),
      msg,
    },
  };
}
