import type { SyslogMessage } from "./message.js";
import { fractionMillis, monthOf, parseRfc3339, utcMillis, withInferredYear } from "./time.js";

/** Facility user (1): what RFC 3164 section 4.3.3 gives a message without PRI. */
export const DEFAULT_FACILITY = 1;
/** Severity notice (5): what RFC 3164 section 4.3.3 gives a message without PRI. */
export const DEFAULT_SEVERITY = 5;

// `Mmm dd hh:mm:ss`, `Mmm  d hh:mm:ss`, Cisco's `Mmm dd yyyy hh:mm:ss.mmm` and a trailing `:`.
const BSD_STAMP =
  /^([A-Za-z]{3}) {1,2}(\d{1,2})(?: (\d{4}))? (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(?: (?:UTC|GMT))?:?(?= |$)/;
// Cisco IOS's sequence number before the time (`123: `) and its `*` or `.` for an unsynchronised clock.
const CISCO_NOISE = /^\d{1,10}: (?:[A-Za-z0-9._-]{1,255}: )?[*.]?/;
// A TAG (RFC 3164 section 4.1.3) with an optional `[pid]`, then `:` and a space or the end.
// `tag[pid]:`, `tag:`, or `tag[pid]` without the colon, as some relays forward it (a pid in
// brackets is sign enough of a tag).
const TAG = /^([^\s[\]:]{1,128})(?:\[([^\]\s]{0,128})\]:?|:)(?: |$)/;
const HOST_CHARS = /^[A-Za-z0-9._%:-]{1,255}$/;

interface Stamp {
  readonly time: number | undefined;
  readonly text: string;
  readonly end: number;
}

function readStamp(text: string, start: number, now: number): Stamp | undefined {
  const rest = text.slice(start, start + 64);
  const bsd = BSD_STAMP.exec(rest);
  if (bsd) {
    const month = monthOf(bsd[1] as string);
    if (month === undefined) return undefined;
    const [day, hour, minute, second] = [Number(bsd[2]), Number(bsd[4]), Number(bsd[5]), Number(bsd[6])];
    const ms = bsd[7] === undefined ? 0 : fractionMillis(bsd[7]);
    const time =
      bsd[3] !== undefined
        ? utcMillis(Number(bsd[3]), month, day, hour, minute, second, ms)
        : withInferredYear(now, month, day, hour, minute, second, ms);
    const written = (bsd[0] as string).endsWith(":") ? (bsd[0] as string).slice(0, -1) : (bsd[0] as string);
    return { time, text: written, end: start + (bsd[0] as string).length };
  }
  const c = text.charCodeAt(start);
  if (c >= 0x30 && c <= 0x39 && text.charCodeAt(start + 4) === 0x2d) {
    let end = text.indexOf(" ", start);
    if (end === -1) end = text.length;
    const written = text.slice(start, end);
    const iso = parseRfc3339(written.endsWith(":") ? written.slice(0, -1) : written);
    if (iso) return { time: iso.ms, text: written, end };
  }
  return undefined;
}

/**
 * Reads an RFC 3164 (BSD) line after its PRI (`start` is 0 when it has none), with the variants
 * met in practice: `Mmm dd hh:mm:ss` without a year (the year is inferred from `now`), a day
 * padded with a space, an RFC 3339 timestamp instead, Cisco's `seq: *Mmm dd ...`, an IP or a
 * name with or without domain as host, no host, `tag[pid]:` or `tag:` or no tag. A line with no
 * timestamp is all CONTENT (section 4.3.3). Times without a zone are taken as UTC.
 *
 * @example parse3164("<34>Oct 11 22:14:15 mymachine su: 'su root' failed", 4, 4, 2, true, Date.now())
 */
export function parse3164(
  text: string,
  start: number,
  facility: number,
  severity: number,
  priPresent: boolean,
  now: number,
): SyslogMessage {
  let i = start;
  const noise = CISCO_NOISE.exec(text.slice(i, i + 300));
  const stamp = (noise ? readStamp(text, i + noise[0].length, now) : undefined) ?? readStamp(text, i, now);
  let hostname: string | undefined;
  if (stamp) {
    i = stamp.end;
    while (text.charCodeAt(i) === 0x20) i++;
    let end = text.indexOf(" ", i);
    if (end === -1) end = text.length;
    const candidate = text.slice(i, end);
    // A token ending in ':' or holding '[' is a tag, not a host (the host was left out).
    if (end < text.length && !candidate.endsWith(":") && HOST_CHARS.test(candidate)) {
      hostname = candidate;
      i = end + 1;
    }
  }
  const content = text.slice(i);
  const tag = TAG.exec(content.slice(0, 300));
  // Built by assignment, not by spreading optional parts: this runs for every line.
  const m: { -readonly [K in keyof SyslogMessage]: SyslogMessage[K] } = {
    protocol: "rfc3164",
    facility,
    severity,
    priPresent,
    msg: content,
    content,
  };
  if (stamp) {
    if (stamp.time !== undefined) m.time = stamp.time;
    m.timeText = stamp.text;
  }
  if (hostname !== undefined) m.hostname = hostname;
  // Cisco's `%FAC-SEV-MNEMONIC:` is the message's own code, not a program: no tag.
  if (tag && !tag[1]?.startsWith("%")) {
    m.appname = tag[1] as string;
    if (tag[2] !== undefined && tag[2] !== "") m.procid = tag[2];
    m.msg = content.slice(tag[0].length);
  }
  return m;
}
