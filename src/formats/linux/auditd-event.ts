import { jsonDocument, parseIp } from "../../core/index.js";
import type { ParsedEvent } from "../parser.js";
import { syslogFields } from "../syslog/event.js";
import { type SyslogMessage, dict, setField } from "../syslog/message.js";
import { isoOf } from "../syslog/time.js";
import type { AuditRecord } from "./auditd.js";

/** The Sigma log source of auditd events (`product: linux, service: auditd`). */
export const AUDITD_LOGSOURCE = { product: "linux", service: "auditd", categories: [] } as const;

/** Every distinct value of each key over the records, in the order they come (a Set keeps it, in linear time). */
function mergedValues(records: readonly AuditRecord[]): Map<string, Set<string>> {
  const values = new Map<string, Set<string>>([["type", new Set()]]);
  for (const r of records) {
    values.get("type")?.add(r.type);
    for (const key in r.fields) {
      if (key === "type") continue;
      let set = values.get(key);
      if (!set) values.set(key, (set = new Set()));
      const v = r.fields[key] as string | string[];
      if (Array.isArray(v)) for (const x of v) set.add(x);
      else set.add(v);
    }
  }
  return values;
}

function text(fields: Record<string, unknown>, key: string): string | undefined {
  const v = fields[key];
  return typeof v === "string" && v !== "" && v !== "?" ? v : undefined;
}

function commandLine(fields: Record<string, unknown>): string | undefined {
  const argc = text(fields, "argc");
  if (argc !== undefined && /^\d{1,4}$/.test(argc)) {
    const args: string[] = [];
    for (let i = 0; i < Number(argc); i++) {
      const a = fields[`a${i}`];
      // aN of a joined event is a list when SYSCALL's raw argument shares the name: take EXECVE's (the last).
      const arg = Array.isArray(a) ? a[a.length - 1] : a;
      if (typeof arg !== "string") return undefined;
      args.push(arg);
    }
    return args.join(" ");
  }
  return text(fields, "proctitle");
}

function ecsOf(fields: Record<string, unknown>, first: AuditRecord): Record<string, string | number> {
  const ecs: Record<string, string | number> = {};
  const num = (key: string, to: string): void => {
    const v = text(fields, key);
    if (v !== undefined && /^\d{1,10}$/.test(v)) ecs[to] = Number(v);
  };
  const str = (key: string, to: string): void => {
    const v = text(fields, key);
    if (v !== undefined) ecs[to] = v;
  };
  str("node", "host.name");
  num("pid", "process.pid");
  num("ppid", "process.parent.pid");
  str("exe", "process.executable");
  str("comm", "process.name");
  str("cwd", "process.working_directory");
  const cmd = commandLine(fields);
  if (cmd !== undefined) ecs["process.command_line"] = cmd;
  str("uid", "user.id");
  str("UID", "user.name");
  if (ecs["user.name"] === undefined) str("acct", "user.name");
  const addr = text(fields, "addr");
  if (addr !== undefined && parseIp(addr) !== null) ecs["source.ip"] = addr;
  str("name", "file.path");
  const action = text(fields, "SYSCALL") ?? first.type.toLowerCase();
  ecs["event.action"] = action;
  const success = text(fields, "success") ?? text(fields, "res");
  if (success === "yes" || success === "success") ecs["event.outcome"] = "success";
  else if (success === "no" || success === "failed") ecs["event.outcome"] = "failure";
  str("key", "tags");
  return ecs;
}

/**
 * The event of one audit event's records (one record, or the SYSCALL, EXECVE, CWD, PATH,
 * PROCTITLE ... records of one serial). Fields keep auditd's names, which Sigma's auditd rules
 * use: `type`, `syscall`, `SYSCALL`, `a0`..`aN`, `exe`, `comm`, `key`, `name`, `nametype`, ...
 * A key that several records give with different values (`type`, PATH's `name`, SYSCALL's and
 * EXECVE's `a0`) becomes the list of its values, so a rule's `type: PATH` and `name: /etc/x`
 * match when any record says so. `serial` and `node` are kept; the text of every record is `raw`.
 */
export function auditEvent(
  records: readonly AuditRecord[],
  raw: string,
  syslog?: SyslogMessage,
  peer?: string,
): ParsedEvent {
  const first = records[0] as AuditRecord;
  const fields = dict<unknown>();
  for (const [key, set] of mergedValues(records))
    setField(fields, key, set.size === 1 ? set.values().next().value : [...set]);
  if (first.node !== undefined) fields.node = first.node;
  fields.serial = first.serial;
  if (syslog) fields.syslog = syslogFields(syslog, peer);
  const ecs = ecsOf(fields, first);
  if (ecs["host.name"] === undefined && syslog?.hostname !== undefined) ecs["host.name"] = syslog.hostname;
  const timestamp = isoOf(first.time);
  return {
    event: {
      logsource: AUDITD_LOGSOURCE,
      ...(timestamp !== undefined ? { timestamp } : {}),
      doc: jsonDocument(fields),
      raw,
    },
    ecs,
    fields,
  };
}
