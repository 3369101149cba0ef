import { jsonDocument } from "../../core/index.js";
import type { ParsedEvent } from "../parser.js";
import { syslogFields, syslogTimestamp } from "../syslog/event.js";
import { payloadAfter, parseSyslogHeader } from "../syslog/header.js";
import type { LineResult } from "../syslog/line-outcomes.js";
import { type SyslogMessage, hasField } from "../syslog/message.js";
import { isoOf } from "../syslog/time.js";
import { firewallFields, isFirewallProduct } from "./ecs.js";

/** What a device record (CEF or LEEF) says of itself, as the shared event builder needs it. */
export interface DeviceRecord {
  /** The record's own fields so far (header and extension); the builder adds syslog and firewall names. */
  readonly fields: Record<string, unknown>;
  /** ECS fields read from the extension. */
  readonly ecs: Record<string, string | number>;
  readonly vendor: string;
  readonly product: string;
  readonly version: string;
  readonly eventId: string;
  /** The severity as written, kept as `event.severity` when it is a number 0 to 99. */
  readonly severity: string | undefined;
  /** The device's own event time, ms since the epoch. */
  readonly time: number | undefined;
  /** The device host name from the extension. */
  readonly host: string | undefined;
}

/**
 * The event of a CEF or LEEF record: ECS observer fields from the header, the syslog header
 * (when the record came over syslog) under `syslog.*`, Sigma's firewall names when the product
 * is a firewall, and the log source `product: <product in lower case>` with `category: firewall`
 * only then. The device's time wins over the syslog header's.
 */
export function deviceEvent(
  record: DeviceRecord,
  raw: string,
  syslog: SyslogMessage | undefined,
  peer: string | undefined,
): LineResult {
  const { fields, ecs } = record;
  const firewall = isFirewallProduct(record.product);
  if (firewall) for (const [k, v] of Object.entries(firewallFields(ecs))) if (!hasField(fields, k)) fields[k] = v;
  if (syslog) {
    // The header is kept; its msg is this very record, already read into the fields.
    const { msg: _payload, ...header } = syslogFields(syslog, peer);
    fields.syslog = header;
  } else if (peer !== undefined) fields.peer = peer;
  const timestamp = record.time !== undefined ? isoOf(record.time) : syslog ? syslogTimestamp(syslog) : undefined;
  const host = record.host ?? syslog?.hostname;
  if (host) ecs["host.name"] = host;
  const severity = record.severity?.trim();
  if (severity !== undefined && /^\d{1,2}$/.test(severity)) ecs["event.severity"] = Number(severity);
  if (record.eventId !== "") ecs["event.code"] = record.eventId;
  if (record.vendor !== "") ecs["observer.vendor"] = record.vendor;
  if (record.product !== "") ecs["observer.product"] = record.product;
  if (record.version !== "") ecs["observer.version"] = record.version;
  const product = record.product.trim().toLowerCase();
  const event: ParsedEvent = {
    event: {
      logsource: { ...(product !== "" ? { product } : {}), categories: firewall ? ["firewall"] : [] },
      ...(timestamp !== undefined ? { timestamp } : {}),
      doc: jsonDocument(fields),
      raw,
    },
    ecs,
    fields,
  };
  return { ok: true, events: [event] };
}

/**
 * A line holding a device record: bare (starting at `marker`, such as `CEF:`), or the message of
 * a syslog line (RFC 3164 or 5424); `build` reads the record from the marker on.
 */
export function deviceLine(
  line: string,
  now: number,
  marker: string,
  build: (payload: string, raw: string, now: number, syslog?: SyslogMessage) => LineResult,
): LineResult {
  if (line.startsWith(marker)) return build(line, line, now);
  const header = parseSyslogHeader(line, now);
  const payload = header.ok ? payloadAfter(header.message, marker) : undefined;
  if (!header.ok || payload === undefined) {
    return {
      ok: false,
      code: "FORMAT_UNRECOGNISED",
      reason: `no ${marker} record at the start of the line or its syslog message`,
    };
  }
  return build(payload, line, now, header.message);
}
