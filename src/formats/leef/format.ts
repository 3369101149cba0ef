import { jsonDocument } from "../../core/index.js";
import { parseDeviceTime } from "../cef/device-time.js";
import { firewallFields, isFirewallProduct, keyValueEcs } from "../cef/ecs.js";
import type { LogFormat, ParseContext, ParsedEvent } from "../parser.js";
import { syslogFields, syslogTimestamp } from "../syslog/event.js";
import { payloadAfter, parseSyslogHeader } from "../syslog/header.js";
import { type LineResult, lineOutcomes } from "../syslog/line-outcomes.js";
import { type SyslogMessage, dict, hasField, setField } from "../syslog/message.js";
import { isoOf } from "../syslog/time.js";
import { parseJavaTime } from "./java-time.js";
import { parseLeef } from "./parse.js";

/** devTime read with devTimeFormat when given, else as ms epoch or `MMM dd yyyy HH:mm:ss`. */
function devTime(attributes: Readonly<Record<string, string>>, now: number): number | undefined {
  const value = attributes.devTime;
  if (value === undefined) return undefined;
  const format = attributes.devTimeFormat;
  const ms = format !== undefined ? parseJavaTime(value.trim(), format.trim(), now) : parseDeviceTime(value, now);
  return ms !== undefined && isoOf(ms) !== undefined ? ms : undefined;
}

/**
 * Builds the event of one LEEF record (`payload` starts at `LEEF:`), optionally carried by a
 * syslog message whose header is kept under `syslog.*`. Log source as for CEF: `product` the
 * product in lower case, `category: firewall` only when the product plainly names a firewall.
 *
 * @example leefEvent("LEEF:1.0|IBM|QRadar|7.5|Login|src=10.0.0.1\tusrName=alice", "...", Date.now())
 */
export function leefEvent(
  payload: string,
  raw: string,
  now: number,
  syslog?: SyslogMessage,
  peer?: string,
): LineResult {
  const parsed = parseLeef(payload);
  if (!parsed.ok) {
    const code = parsed.limit ? "FORMAT_LIMIT" : "FORMAT_BAD_HEADER";
    return { ok: false, code, reason: parsed.reason, field: parsed.field };
  }
  const { header, attributes } = parsed;
  const fields = dict<unknown>();
  fields.leefVersion = header.version;
  fields.vendor = header.vendor;
  fields.product = header.product;
  fields.version = header.productVersion;
  fields.eventId = header.eventId;
  for (const key in attributes) if (!hasField(fields, key)) setField(fields, key, attributes[key]);
  const ecs: Record<string, string | number> = keyValueEcs(attributes);
  const firewall = isFirewallProduct(header.product);
  if (firewall) for (const [k, v] of Object.entries(firewallFields(ecs))) if (!hasField(fields, k)) fields[k] = v;
  if (syslog) {
    // The header is kept; its msg is this very record, already read into the fields.
    const { msg: _payload, ...header } = syslogFields(syslog, peer);
    fields.syslog = header;
  } else if (peer !== undefined) fields.peer = peer;
  const time = devTime(attributes, now);
  const timestamp = time !== undefined ? isoOf(time) : syslog ? syslogTimestamp(syslog) : undefined;
  const host = attributes.dvchost ?? syslog?.hostname;
  if (host) ecs["host.name"] = host;
  const sev = attributes.sev?.trim();
  if (sev !== undefined && /^\d{1,2}$/.test(sev)) ecs["event.severity"] = Number(sev);
  if (header.eventId !== "") ecs["event.code"] = header.eventId;
  if (header.vendor !== "") ecs["observer.vendor"] = header.vendor;
  if (header.product !== "") ecs["observer.product"] = header.product;
  if (header.productVersion !== "") ecs["observer.version"] = header.productVersion;
  const product = header.product.trim().toLowerCase();
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

/** A LEEF line: a bare `LEEF:` record, or one after a syslog header. */
function leefLine(line: string, now: number): LineResult {
  if (line.startsWith("LEEF:")) return leefEvent(line, line, now);
  const header = parseSyslogHeader(line, now);
  const payload = header.ok ? payloadAfter(header.message, "LEEF:") : undefined;
  if (!header.ok || payload === undefined) {
    return {
      ok: false,
      code: "FORMAT_UNRECOGNISED",
      reason: "no LEEF: record at the start of the line or its syslog message",
    };
  }
  return leefEvent(payload, line, now, header.message);
}

const SNIFF =
  /^(?:LEEF:[12](?:\.0)?\||<\d{1,3}>.{0,300}?[ :]LEEF:[12]|[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d [^ ]{1,255} LEEF:[12])/;

/**
 * IBM QRadar Log Event Extended Format 1.0 and 2.0, one record per line, bare or over syslog.
 *
 * @example for (const o of LEEF_FORMAT.parseText(text)) if (o.ok) use(o.events);
 */
export const LEEF_FORMAT: LogFormat = {
  id: "leef",
  title: "IBM Log Event Extended Format (LEEF 1.0 and 2.0), bare or over syslog",
  logsources: ["<product>", "<product>/firewall"],
  parseText: (text: string, context?: ParseContext) => lineOutcomes(text, context, leefLine),
  sniff: (sample: string) => SNIFF.test(sample),
};
