import type { Issue } from "../../core/index.js";
import { type LogFormat, type ParseContext, type ParseOutcome, type ParsedEvent, formatIssue } from "../parser.js";
import { parseSyslogHeader } from "../syslog/header.js";
import { checkLine, textLines } from "../syslog/lines.js";
import { type AuditRecord, isAuditRecord, parseAuditRecord } from "./auditd.js";
import { auditEvent } from "./auditd-event.js";

/**
 * Record types the kernel writes as parts of a syscall event, closed by an EOE record of the
 * same serial. Other types (USER_*, ADD_USER, SERVICE_START, ...) come alone and make an event
 * by themselves.
 */
const SYSCALL_PARTS = new Set([
  "SYSCALL",
  "EXECVE",
  "CWD",
  "PATH",
  "PROCTITLE",
  "SOCKADDR",
  "FD_PAIR",
  "IPC",
  "IPC_SET_PERM",
  "MMAP",
  "BPRM_FCAPS",
  "CAPSET",
  "OBJ_PID",
  "MQ_OPEN",
  "MQ_SENDRECV",
  "MQ_NOTIFY",
  "MQ_GETSETATTR",
  "KERN_MODULE",
  "SOCKETCALL",
  "AVC",
  "NETFILTER_CFG",
  "TIME_INJOFFSET",
  "TIME_ADJNTPVAL",
  "OPENAT2",
  "URINGOP",
  "SELINUX_ERR",
]);

/** Unfinished events held at once; past this the oldest is given out as it stands. */
const MAX_PENDING = 64;
/** Records joined into one event at most; past this the event is given out and a new one begun. */
export const MAX_EVENT_RECORDS = 256;

interface Pending {
  readonly records: AuditRecord[];
  readonly lines: string[];
  multi: boolean;
  /** Line number and record index of its last record, for an outcome of its own at the end. */
  last: { line: number; record: number; text: string };
}

/** The record text of a line: bare, or the message of a syslog line that carries one (audisp-syslog). */
function recordText(line: string): string {
  if (isAuditRecord(line)) return line;
  const header = parseSyslogHeader(line, 0);
  return header.ok && isAuditRecord(header.message.msg) ? header.message.msg : line;
}

/**
 * Reads an audit log (audit.log, or records forwarded one per syslog line) and joins the records
 * of each event by their serial: a syscall event's records (SYSCALL, EXECVE, CWD, PATH,
 * PROCTITLE, ...) become one event when their EOE arrives, or when the text ends without one;
 * a record of any other type is an event by itself. Each line gives one outcome; an event is
 * attached to the outcome of the line that completed it (the EOE, or the last line of the text).
 */
export function* parseAuditText(text: string, context?: ParseContext): Generator<ParseOutcome> {
  const pending = new Map<string, Pending>();
  let held: { line: number; record: number; text: string; events: ParsedEvent[] } | undefined;
  const flush = (serial: string, into: ParsedEvent[]): void => {
    const p = pending.get(serial);
    if (!p) return;
    pending.delete(serial);
    into.push(auditEvent(p.records, p.lines.join("\n")));
  };
  for (const l of textLines(text)) {
    const events: ParsedEvent[] = [];
    let issue: Issue | undefined = checkLine(l.text, context?.source, l.line);
    if (!issue) {
      const parsed = parseAuditRecord(recordText(l.text));
      if (!parsed.ok) {
        issue = formatIssue(
          parsed.limit ? "FORMAT_LIMIT" : "FORMAT_BAD_HEADER",
          parsed.reason,
          context?.source,
          l.line,
        );
      } else {
        const r = parsed.record;
        const key = `${r.node ?? ""}|${r.serial}`;
        if (r.type === "EOE") flush(key, events);
        else {
          if ((pending.get(key)?.records.length ?? 0) >= MAX_EVENT_RECORDS) flush(key, events);
          const last = { line: l.line, record: l.record, text: l.text };
          const p = pending.get(key) ?? { records: [], lines: [], multi: false, last };
          p.last = last;
          p.records.push(r);
          p.lines.push(l.text);
          p.multi ||= SYSCALL_PARTS.has(r.type);
          pending.set(key, p);
          // A record of a standalone type is complete: no EOE will come for it.
          if (!p.multi) flush(key, events);
          if (pending.size > MAX_PENDING) flush(pending.keys().next().value as string, events);
        }
      }
    }
    if (held) yield { ok: true, ...held };
    if (issue) {
      held = undefined;
      yield { ok: false, line: l.line, record: l.record, issues: [issue], text: l.text };
    } else held = { line: l.line, record: l.record, text: l.text, events };
  }
  const last = [...pending.values()].at(-1)?.last;
  const rest: ParsedEvent[] = [];
  for (const k of [...pending.keys()]) flush(k, rest);
  if (held) yield { ok: true, ...held, events: [...held.events, ...rest] };
  else if (last && rest.length > 0) {
    // The text ended on a refused line: the unfinished events come out on an outcome of their
    // own, placed at the last record they hold (whose own outcome, given earlier, had none).
    yield { ok: true, ...last, events: rest };
  }
}

/**
 * Linux audit logs: `type=X msg=audit(sec.ms:serial): key=value ...` records joined into events
 * by serial. Log source `product: linux, service: auditd`.
 *
 * @example for (const o of AUDITD_FORMAT.parseText(auditLog)) if (o.ok) for (const e of o.events) engine.match(e.event);
 */
export const AUDITD_FORMAT: LogFormat = {
  id: "auditd",
  title: "Linux audit log (auditd), multi-record events joined by serial",
  logsources: ["linux/auditd"],
  parseText: parseAuditText,
  sniff: (sample: string) => isAuditRecord(sample),
};
