import type { SyslogMessage } from "./message.js";
import { readPri } from "./pri.js";
import { DEFAULT_FACILITY, DEFAULT_SEVERITY, parse3164 } from "./rfc3164.js";
import { type HeaderResult, looksLike5424, parse5424 } from "./rfc5424.js";

/**
 * Reads the syslog header of one message, telling RFC 5424 (a PRI then a version digit) from
 * RFC 3164 (anything else, PRI or not). Only a malformed PRI or a malformed 5424 header fails:
 * a 3164 line is read as far as it goes and the rest is its message.
 *
 * @example parseSyslogHeader("<13>Feb  5 17:32:18 10.0.0.99 sshd[7]: hi", Date.now())
 */
export function parseSyslogHeader(text: string, now: number): HeaderResult {
  const pri = readPri(text);
  if (pri === undefined)
    return { ok: true, message: parse3164(text, 0, DEFAULT_FACILITY, DEFAULT_SEVERITY, false, now) };
  if (!pri.ok) return { ok: false, reason: pri.reason, field: "pri" };
  if (looksLike5424(text, pri.end)) return parse5424(text, pri);
  return { ok: true, message: parse3164(text, pri.end, pri.facility, pri.severity, true, now) };
}

/**
 * The payload of a syslog message that starts with `marker` (`CEF:`, `LEEF:`): the MSG after the
 * tag, or for RFC 3164 the whole content after the host (a payload right after the host has no
 * tag); undefined when the message does not carry one.
 */
export function payloadAfter(m: SyslogMessage, marker: string): string | undefined {
  if (m.msg.startsWith(marker)) return m.msg;
  if (m.content?.startsWith(marker)) return m.content;
  return undefined;
}
