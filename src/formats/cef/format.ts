import type { LogFormat, ParseContext } from "../parser.js";
import type { LineResult } from "../syslog/line-outcomes.js";
import { lineOutcomes } from "../syslog/line-outcomes.js";
import { type SyslogMessage, dict, hasField, setField } from "../syslog/message.js";
import { isoOf } from "../syslog/time.js";
import { parseDeviceTime } from "./device-time.js";
import { type DeviceRecord, deviceEvent, deviceLine } from "./device-event.js";
import { keyValueEcs } from "./ecs.js";
import { parseCef } from "./parse.js";

/** Custom fields with a `<key>Label` naming them: cs1..cs6, cn1..cn3, cfp1..cfp4, c6a1..c6a4, flex*, deviceCustom*. */
function putLabelled(fields: Record<string, unknown>, extension: Readonly<Record<string, string>>): void {
  for (const key in extension) {
    if (!key.endsWith("Label") || key.length === 5) continue;
    const label = extension[key]?.trim();
    const base = key.slice(0, -5);
    if (label && hasField(extension, base) && !hasField(fields, label)) setField(fields, label, extension[base]);
  }
}

/** The event time of a CEF record: `rt`, else `start`, else `end` (ms epoch or `MMM dd yyyy HH:mm:ss [zone]`). */
function deviceTimes(extension: Readonly<Record<string, string>>, now: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, long] of [
    ["rt", "deviceReceiptTime"],
    ["start", "startTime"],
    ["end", "endTime"],
  ] as const) {
    const raw = extension[key] ?? extension[long];
    const ms = raw === undefined ? undefined : parseDeviceTime(raw, now);
    if (ms !== undefined && isoOf(ms) !== undefined) out[key] = ms;
  }
  return out;
}

/**
 * Builds the event of one CEF record (`payload` starts at `CEF:`), optionally carried by a syslog
 * message whose header is kept under `syslog.*`. Log source: `product` is the device product in
 * lower case, `category: firewall` only when the product plainly names a firewall.
 *
 * @example cefEvent("CEF:0|Acme|Firewall|1|100|Deny|5|src=10.0.0.1", "...", Date.now())
 */
export function cefEvent(payload: string, raw: string, now: number, syslog?: SyslogMessage, peer?: string): LineResult {
  const parsed = parseCef(payload);
  if (!parsed.ok) {
    const code = parsed.limit ? "FORMAT_LIMIT" : "FORMAT_BAD_HEADER";
    return { ok: false, code, reason: parsed.reason, field: parsed.field };
  }
  const { header, extension } = parsed;
  const fields = dict<unknown>();
  fields.cefVersion = header.version;
  fields.deviceVendor = header.deviceVendor;
  fields.deviceProduct = header.deviceProduct;
  fields.deviceVersion = header.deviceVersion;
  fields.deviceEventClassId = header.deviceEventClassId;
  fields.name = header.name;
  fields.severity = header.severity;
  for (const key in extension) if (!hasField(fields, key)) setField(fields, key, extension[key]);
  putLabelled(fields, extension);
  const ecs: Record<string, string | number> = keyValueEcs(extension);
  const times = deviceTimes(extension, now);
  if (times.start !== undefined) ecs["event.start"] = isoOf(times.start) as string;
  if (times.end !== undefined) ecs["event.end"] = isoOf(times.end) as string;
  const record: DeviceRecord = {
    fields,
    ecs,
    vendor: header.deviceVendor,
    product: header.deviceProduct,
    version: header.deviceVersion,
    eventId: header.deviceEventClassId,
    severity: header.severity,
    time: times.rt ?? times.start ?? times.end,
    host: extension.dvchost ?? extension.deviceHostName,
  };
  return deviceEvent(record, raw, syslog, peer);
}

/** A CEF line: a bare `CEF:` record, or one after a syslog header (RFC 3164 or 5424). */
function cefLine(line: string, now: number): LineResult {
  return deviceLine(line, now, "CEF:", cefEvent);
}

const SNIFF =
  /^(?:CEF:\d{1,3}\||<\d{1,3}>.{0,300}?[ :]CEF:\d{1,3}\||[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d [^ ]{1,255} CEF:\d)/;

/**
 * ArcSight Common Event Format, one record per line, bare or after a syslog header.
 *
 * @example for (const o of CEF_FORMAT.parseText(text, { source: "fw.cef" })) if (o.ok) use(o.events);
 */
export const CEF_FORMAT: LogFormat = {
  id: "cef",
  title: "ArcSight Common Event Format (CEF), bare or over syslog",
  logsources: ["<device product>", "<device product>/firewall"],
  parseText: (text: string, context?: ParseContext) => lineOutcomes(text, context, cefLine),
  sniff: (sample: string) => SNIFF.test(sample),
};
