import { jsonDocument } from "../../core/index.js";
import type { EcsRecord, ParsedEvent } from "../parser.js";
import { type SyslogMessage, dict } from "./message.js";
import { FACILITIES, SEVERITIES } from "./pri.js";
import { isoOf } from "./time.js";

/** The Sigma log source of plain syslog messages (`product: linux, service: syslog`). */
export const SYSLOG_LOGSOURCE = { product: "linux", service: "syslog", categories: [] } as const;

/**
 * The fields every syslog-borne event carries, named as ECS's `log.syslog.*` leaves: facility and
 * severity (names and codes), hostname, appname, procid, msgid, sd (structured data, so
 * `sd.<id>.<param>` resolves), msg, and the sender's address as `peer` when a listener knows it.
 */
export function syslogFields(m: SyslogMessage, peer?: string): Record<string, unknown> {
  const f = dict<unknown>();
  f.facility = FACILITIES[m.facility] ?? String(m.facility);
  f.facility_code = m.facility;
  f.severity = SEVERITIES[m.severity] ?? String(m.severity);
  f.severity_code = m.severity;
  if (m.version !== undefined) f.version = m.version;
  if (m.timeText !== undefined) f.timestamp = m.timeText;
  if (m.hostname !== undefined) f.hostname = m.hostname;
  if (m.appname !== undefined) f.appname = m.appname;
  if (m.procid !== undefined) f.procid = m.procid;
  if (m.msgid !== undefined) f.msgid = m.msgid;
  if (m.sd !== undefined) f.sd = m.sd;
  f.msg = m.msg;
  if (peer !== undefined) f.peer = peer;
  return f;
}

/** The ECS fields of a syslog header: host, process and `log.syslog.*`. */
export function syslogEcs(m: SyslogMessage): Record<string, string | number> {
  const ecs: Record<string, string | number> = {};
  if (m.hostname !== undefined) ecs["host.name"] = m.hostname;
  if (m.appname !== undefined) ecs["process.name"] = m.appname;
  if (m.procid !== undefined && /^\d{1,10}$/.test(m.procid)) ecs["process.pid"] = Number(m.procid);
  ecs["log.syslog.facility.code"] = m.facility;
  const facility = FACILITIES[m.facility];
  if (facility !== undefined) ecs["log.syslog.facility.name"] = facility;
  ecs["log.syslog.severity.code"] = m.severity;
  const severity = SEVERITIES[m.severity];
  if (severity !== undefined) ecs["log.syslog.severity.name"] = severity;
  if (m.msgid !== undefined) ecs["log.syslog.msgid"] = m.msgid;
  if (m.version !== undefined) ecs["log.syslog.version"] = String(m.version);
  return ecs;
}

/** The ISO 8601 UTC time of a message, when it has one. */
export function syslogTimestamp(m: SyslogMessage): string | undefined {
  return m.time === undefined ? undefined : isoOf(m.time);
}

/** A plain syslog event: log source linux/syslog, the header fields, `raw` the line as received. */
export function syslogEvent(m: SyslogMessage, raw: string, peer?: string): ParsedEvent {
  const fields = syslogFields(m, peer);
  const ecs: EcsRecord = { ...syslogEcs(m), ...(m.msg !== "" ? { message: m.msg } : {}) };
  const timestamp = syslogTimestamp(m);
  return {
    event: {
      logsource: SYSLOG_LOGSOURCE,
      ...(timestamp !== undefined ? { timestamp } : {}),
      doc: jsonDocument(fields),
      raw,
    },
    ecs,
    fields,
  };
}
