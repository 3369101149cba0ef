import { jsonDocument } from "../../core/index.js";
import type { LogFormat, ParseContext, ParsedEvent } from "../parser.js";
import { syslogEcs, syslogFields, syslogTimestamp } from "../syslog/event.js";
import { parseSyslogHeader } from "../syslog/header.js";
import { type LineResult, lineOutcomes } from "../syslog/line-outcomes.js";
import { type SyslogMessage, hasField, setField } from "../syslog/message.js";
import { accountDetails } from "./accounts.js";
import type { AuthDetails } from "./auth-details.js";
import { pamDetails } from "./pam.js";
import { sshdDetails } from "./sshd.js";
import { suDetails, sudoDetails } from "./sudo-su.js";

type Reader = (msg: string) => AuthDetails | undefined;

const ACCOUNTS: readonly string[] = [
  "useradd",
  "userdel",
  "usermod",
  "groupadd",
  "groupdel",
  "groupmod",
  "passwd",
  "chpasswd",
  "gpasswd",
  "chage",
  "newusers",
];

/** Programs whose messages are authentication records, with the Sigma service and the reader of each. */
const PROGRAMS: ReadonlyMap<string, { readonly service: string; readonly read?: Reader }> = new Map([
  ["sshd", { service: "sshd", read: sshdDetails }],
  ["sshd-session", { service: "sshd", read: sshdDetails }],
  ["sshd-auth", { service: "sshd", read: sshdDetails }],
  ["sudo", { service: "sudo", read: sudoDetails }],
  ["su", { service: "auth", read: suDetails }],
  ["login", { service: "auth" }],
  ["pkexec", { service: "auth" }],
  ["polkitd", { service: "auth" }],
  ["systemd-logind", { service: "auth" }],
  ...ACCOUNTS.map((p) => [p, { service: "auth", read: accountDetails }] as const),
]);

const AUTH = 4;
const AUTHPRIV = 10;

function programOf(m: SyslogMessage): string | undefined {
  const app = m.appname;
  if (app === undefined) return undefined;
  const slash = app.lastIndexOf("/");
  return slash === -1 ? app : app.slice(slash + 1);
}

/**
 * True when a syslog message belongs in auth.log: from sshd, sudo, su, login, pkexec or a
 * shadow-utils program (useradd, passwd, ...), a pam_unix message, or sent with the auth or
 * authpriv facility.
 */
export function isAuthMessage(m: SyslogMessage): boolean {
  const program = programOf(m);
  if (program !== undefined && PROGRAMS.has(program)) return true;
  if (m.priPresent && (m.facility === AUTH || m.facility === AUTHPRIV)) return true;
  return m.msg.startsWith("pam_unix(");
}

/**
 * The event of an auth.log message. Log source `product: linux` with the service Sigma's rules
 * use for its program: `sshd` for sshd, `sudo` for sudo, `auth` for everything else (su,
 * shadow-utils, pam, login). Fields: the syslog header's (`hostname`, `appname`, `procid`,
 * `msg`, ...) and what the message says (`user`, `target_user`, `source_ip`, sudo's `USER`,
 * `COMMAND`, ...); ECS: user.name, user.target.name, source.ip, source.port, event.action,
 * event.outcome, event.category, process.name, process.pid, host.name.
 *
 * @example authEvent(header, line).event.logsource // { product: "linux", service: "sshd", categories: [] }
 */
export function authEvent(m: SyslogMessage, raw: string, peer?: string): ParsedEvent {
  const program = programOf(m);
  const known = program === undefined ? undefined : PROGRAMS.get(program);
  const details = known?.read?.(m.msg) ?? pamDetails(m.msg);
  const fields = syslogFields(m, peer);
  const ecs: Record<string, string | number> = syslogEcs(m);
  if (details) {
    for (const key in details.fields) if (!hasField(fields, key)) setField(fields, key, details.fields[key]);
    Object.assign(ecs, details.ecs);
  }
  if (m.msg !== "") ecs.message = m.msg;
  const timestamp = syslogTimestamp(m);
  return {
    event: {
      logsource: { product: "linux", service: known?.service ?? "auth", categories: [] },
      ...(timestamp !== undefined ? { timestamp } : {}),
      doc: jsonDocument(fields),
      raw,
    },
    ecs,
    fields,
  };
}

function authLine(line: string, now: number): LineResult {
  const header = parseSyslogHeader(line, now);
  if (!header.ok) {
    const code = header.limit ? "FORMAT_LIMIT" : "FORMAT_BAD_HEADER";
    return { ok: false, code, reason: header.reason, field: header.field };
  }
  return { ok: true, events: [authEvent(header.message, line)] };
}

const SNIFF =
  /^(?:<\d{1,3}>)?(?:[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d|\d{4}-\d\d-\d\dT[\d:.]{8,20}(?:Z|[+-]\d\d:\d\d)?) \S{1,255} (?:sshd|sshd-session|sudo|su|useradd|userdel|usermod|groupadd|passwd|login|pkexec|systemd-logind|CRON)(?:\[\d{1,10}\])?: /;

/**
 * Linux auth.log / secure: RFC 3164 lines (or RFC 3339 stamped, as rsyslog writes on Debian 12)
 * from sshd, sudo, su, login, pam and shadow-utils. Every line is an auth event; the service
 * follows the program (sshd, sudo, else auth).
 *
 * @example for (const o of LINUX_AUTH_FORMAT.parseText(text, { source: "auth.log", now })) ...
 */
export const LINUX_AUTH_FORMAT: LogFormat = {
  id: "linux-auth",
  title: "Linux auth.log / secure (sshd, sudo, su, pam, useradd and friends)",
  logsources: ["linux/auth", "linux/sshd", "linux/sudo"],
  parseText: (text: string, context?: ParseContext) => lineOutcomes(text, context, authLine),
  sniff: (sample: string) => SNIFF.test(sample),
};
