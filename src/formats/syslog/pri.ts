/** Facility names by code, RFC 5424 section 6.2.1 table 1 (the names syslog.conf and rsyslog use). */
export const FACILITIES: readonly string[] = [
  "kern",
  "user",
  "mail",
  "daemon",
  "auth",
  "syslog",
  "lpr",
  "news",
  "uucp",
  "cron",
  "authpriv",
  "ftp",
  "ntp",
  "security",
  "console",
  "solaris-cron",
  "local0",
  "local1",
  "local2",
  "local3",
  "local4",
  "local5",
  "local6",
  "local7",
];

/** Severity names by code, RFC 5424 section 6.2.1 table 2. */
export const SEVERITIES: readonly string[] = ["emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"];

/** A PRI read from `<N>`: where the header goes on, or why it is not a PRI. */
export type PriResult =
  | { readonly ok: true; readonly facility: number; readonly severity: number; readonly end: number }
  | { readonly ok: false; readonly reason: string };

/**
 * Reads the PRI at the start of a line: `<` 1 to 3 digits `>`, 0 to 191, no leading zero
 * (RFC 5424 section 6.2.1). Undefined when the line does not start with `<`.
 *
 * @example readPri("<34>1 2003-...") // { ok: true, facility: 4, severity: 2, end: 4 }
 */
export function readPri(text: string): PriResult | undefined {
  if (text.charCodeAt(0) !== 0x3c) return undefined;
  let value = 0;
  let i = 1;
  for (; i < text.length && i <= 4; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x3e) break;
    if (c < 0x30 || c > 0x39) return { ok: false, reason: "PRI holds a character that is not a digit" };
    value = value * 10 + (c - 0x30);
  }
  if (text.charCodeAt(i) !== 0x3e) return { ok: false, reason: "PRI is not closed by '>' within 3 digits" };
  if (i === 1) return { ok: false, reason: "PRI is empty" };
  if (i > 2 && text.charCodeAt(1) === 0x30) return { ok: false, reason: "PRI has a leading zero" };
  if (value > 191) return { ok: false, reason: `PRI ${value} is over 191` };
  return { ok: true, facility: value >> 3, severity: value & 7, end: i + 1 };
}
