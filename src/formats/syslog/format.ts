import type { Result } from "../../core/index.js";
import { cefEvent } from "../cef/format.js";
import { leefEvent } from "../leef/format.js";
import { authEvent, isAuthMessage } from "../linux/auth-log.js";
import { isAuditRecord, parseAuditRecord } from "../linux/auditd.js";
import { auditEvent } from "../linux/auditd-event.js";
import type { LogFormat, ParseContext, ParsedEvent } from "../parser.js";
import { syslogEvent } from "./event.js";
import { payloadAfter, parseSyslogHeader } from "./header.js";
import { type LineResult, lineOutcomes, parseOneLine } from "./line-outcomes.js";

/** Reads one syslog message and gives it to the format its payload belongs to. */
function syslogLine(line: string, now: number, peer?: string): LineResult {
  const header = parseSyslogHeader(line, now);
  if (!header.ok) {
    const code = header.limit ? "FORMAT_LIMIT" : "FORMAT_BAD_HEADER";
    return { ok: false, code, reason: header.reason, field: header.field };
  }
  const m = header.message;
  const cef = payloadAfter(m, "CEF:");
  if (cef !== undefined) return readAs("cef", cefEvent(cef, line, now, m, peer));
  const leef = payloadAfter(m, "LEEF:");
  if (leef !== undefined) return readAs("leef", leefEvent(leef, line, now, m, peer));
  if (isAuditRecord(m.msg)) {
    const record = parseAuditRecord(m.msg);
    if (!record.ok)
      return { ok: false, code: record.limit ? "FORMAT_LIMIT" : "FORMAT_BAD_HEADER", reason: record.reason };
    return { ok: true, events: [{ ...auditEvent([record.record], line, m, peer), format: "auditd" }] };
  }
  if (isAuthMessage(m)) return { ok: true, events: [{ ...authEvent(m, line, peer), format: "linux-auth" }] };
  return { ok: true, events: [syslogEvent(m, line, peer)] };
}

/** Names the format that read a syslog message's payload on its events. */
function readAs(format: string, result: LineResult): LineResult {
  return result.ok ? { ok: true, events: result.events.map((e) => ({ ...e, format })) } : result;
}

/**
 * Parses ONE syslog message, without newline framing (a UDP datagram, or a TCP frame once its
 * octet count or trailing LF is removed), as the network listeners receive them. RFC 5424 and
 * RFC 3164 are told apart; the payload decides the event: a CEF or LEEF record gives a CEF/LEEF
 * event (the syslog header kept under `syslog.*`), an sshd/sudo/su/shadow-utils/pam message a
 * linux-auth event, an audit record an auditd event, anything else a syslog event
 * (`product: linux, service: syslog`). `peer` (the sender's address) is kept as the `peer` field.
 *
 * Audit records arrive one per message and nothing is kept between calls, so each record gives
 * its own event: a standalone record (USER_LOGIN, ADD_USER, SERVICE_STOP, ...) is a whole event,
 * but the SYSCALL, EXECVE, CWD, PATH and PROCTITLE records of one syscall are NOT joined as the
 * auditd format joins them in a file; rules that need fields of two records will not match.
 *
 * @example
 * const r = parseSyslogMessage("<38>Jan 15 10:00:00 web sshd[42]: Failed password for root from 203.0.113.5 port 4242 ssh2", { peer: "10.0.0.2" });
 * if (r.ok) for (const e of r.value) engine.match(e.event);
 */
export function parseSyslogMessage(
  text: string,
  context?: ParseContext & { readonly peer?: string },
): Result<readonly ParsedEvent[]> {
  let end = text.length;
  while (
    end > 0 &&
    (text.charCodeAt(end - 1) === 0x0a || text.charCodeAt(end - 1) === 0x0d || text.charCodeAt(end - 1) === 0)
  )
    end--;
  const message = end === text.length ? text : text.slice(0, end);
  return parseOneLine(message, context, (line, now) => syslogLine(line, now, context?.peer));
}

const SNIFF = /^(?:<\d{1,3}>\d? ?)?(?:[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d|<\d{1,3}>)/;

/**
 * Syslog, one message per line (a file, or a newline-framed body): RFC 5424 or RFC 3164, each
 * line given to CEF, LEEF, linux-auth or auditd when its payload is theirs (see parseSyslogMessage).
 *
 * @example for (const o of SYSLOG_FORMAT.parseText(text, { source: "messages", now })) ...
 */
export const SYSLOG_FORMAT: LogFormat = {
  id: "syslog",
  title: "Syslog (RFC 5424 and RFC 3164), with CEF, LEEF, auth and audit payloads recognised",
  logsources: ["linux/syslog", "linux/auth", "linux/sshd", "linux/sudo", "linux/auditd", "<CEF/LEEF product>"],
  parseText: (text: string, context?: ParseContext) =>
    lineOutcomes(text, context, (line, now) => syslogLine(line, now)),
  sniff: (sample: string) => SNIFF.test(sample),
};
