import { fractionMillis, monthOf, utcMillis, withInferredYear, zoneOffsetMinutes } from "../syslog/time.js";

/** Fixed offsets (minutes east of UTC) of the zone abbreviations devices commonly write; others are refused. */
const ZONES: Readonly<Record<string, number>> = {
  UTC: 0,
  GMT: 0,
  UT: 0,
  Z: 0,
  EST: -300,
  EDT: -240,
  CST: -360,
  CDT: -300,
  MST: -420,
  MDT: -360,
  PST: -480,
  PDT: -420,
  CET: 60,
  CEST: 120,
  EET: 120,
  EEST: 180,
  WET: 0,
  WEST: 60,
  BST: 60,
  IST: 330,
  JST: 540,
};

/**
 * Offset in minutes of a zone as devices write it: `UTC`, `Z`, `+0100`, `-07:00`, `GMT+08:00`,
 * `UTC-5`, or an abbreviation of ZONES. Undefined when unknown: an ambiguous or region name
 * (`Europe/Paris`) is not guessed at.
 */
export function deviceZoneOffset(zone: string): number | undefined {
  const z = zone.trim();
  const fixed = ZONES[z.toUpperCase()];
  if (fixed !== undefined) return fixed;
  const m = /^(?:GMT|UTC)?([+-])(\d{1,2})(?::?(\d{2}))?$/i.exec(z);
  if (!m) return undefined;
  return zoneOffsetMinutes(`${m[1]}${(m[2] as string).padStart(2, "0")}:${m[3] ?? "00"}`);
}

const WRITTEN = /^([A-Za-z]{3}) {1,2}(\d{1,2})(?: (\d{4}))? (\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?: (.{1,40}))?$/;

/**
 * Reads a CEF / LEEF device time: milliseconds since the epoch (10 digits are taken as seconds),
 * or `MMM dd [yyyy] HH:mm:ss[.SSS] [zone]` (CEF's `rt`, `start`, `end`; LEEF's default `devTime`).
 * A time without zone is UTC; a date without year takes it from `now`. Undefined when unreadable
 * or the zone is unknown.
 *
 * @example parseDeviceTime("Nov 29 2026 10:00:00.250 GMT+01:00", Date.now()) // ms of 09:00:00.250Z
 */
export function parseDeviceTime(value: string, now: number): number | undefined {
  const v = value.trim();
  if (/^\d{10,16}$/.test(v)) return v.length === 10 ? Number(v) * 1000 : Number(v);
  const m = WRITTEN.exec(v);
  if (!m) return undefined;
  const month = monthOf(m[1] as string);
  if (month === undefined) return undefined;
  const parts = [Number(m[2]), Number(m[4]), Number(m[5]), Number(m[6]), fractionMillis(m[7] ?? "")] as const;
  const local = m[3] !== undefined ? utcMillis(Number(m[3]), month, ...parts) : withInferredYear(now, month, ...parts);
  if (local === undefined) return undefined;
  if (m[8] === undefined) return local;
  const offset = deviceZoneOffset(m[8]);
  return offset === undefined ? undefined : local - offset * 60_000;
}
