import { type DeviceRecord, deviceEvent, deviceLine } from "../cef/device-event.js";
import { parseDeviceTime } from "../cef/device-time.js";
import { keyValueEcs } from "../cef/ecs.js";
import type { LogFormat, ParseContext } from "../parser.js";
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
  const record: DeviceRecord = {
    fields,
    ecs: keyValueEcs(attributes),
    vendor: header.vendor,
    product: header.product,
    version: header.productVersion,
    eventId: header.eventId,
    severity: attributes.sev,
    time: devTime(attributes, now),
    host: attributes.dvchost,
  };
  return deviceEvent(record, raw, syslog, peer);
}

/** A LEEF line: a bare `LEEF:` record, or one after a syslog header. */
function leefLine(line: string, now: number): LineResult {
  return deviceLine(line, now, "LEEF:", leefEvent);
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
