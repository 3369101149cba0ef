import { CEF_FORMAT } from "../cef/format.js";
import { cloudtrail } from "../cloud/cloudtrail.js";
import { entra } from "../cloud/entra.js";
import { okta } from "../cloud/okta.js";
import { EMPTY_JSON_MAPPING, createMappedJsonFormat } from "../json/mapped.js";
import { LEEF_FORMAT } from "../leef/format.js";
import { LINUX_AUTH_FORMAT } from "../linux/auth-log.js";
import { AUDITD_FORMAT } from "../linux/auditd-format.js";
import type { LogFormat } from "../parser.js";
import { suricata } from "../suricata/format.js";
import { SYSLOG_FORMAT } from "../syslog/format.js";
import { zeek } from "../zeek/format.js";

/**
 * Every log format Tocsin parses besides the Windows shapes (which normaliseRecord reads), one
 * line an entry, keyed by the id that `--format`, `?format=` and configuration use.
 */
export const LOG_FORMATS: Readonly<Record<string, LogFormat>> = {
  zeek,
  suricata,
  cloudtrail,
  okta,
  entra,
  auditd: AUDITD_FORMAT,
  cef: CEF_FORMAT,
  leef: LEEF_FORMAT,
  "linux-auth": LINUX_AUTH_FORMAT,
  syslog: SYSLOG_FORMAT,
  "json-mapped": createMappedJsonFormat(EMPTY_JSON_MAPPING),
};

/** The format a sample (a text's first non-blank line) plainly belongs to, or undefined. */
export function sniffFormat(sample: string): LogFormat | undefined {
  const head = sample.slice(0, 4096);
  for (const format of Object.values(LOG_FORMATS)) if (format.sniff(head)) return format;
  return undefined;
}
