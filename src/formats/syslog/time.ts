const DAY_MS = 86_400_000;

/** Month numbers (0-based) by their English three-letter abbreviation, in lower case. */
const MONTHS: Readonly<Record<string, number>> = {
  jan: 0,
  feb: 1,
  mar: 2,
  apr: 3,
  may: 4,
  jun: 5,
  jul: 6,
  aug: 7,
  sep: 8,
  oct: 9,
  nov: 10,
  dec: 11,
};

/** The 0-based month of an English month name or abbreviation (`Oct`, `october`), else undefined. */
export function monthOf(name: string): number | undefined {
  if (name.length < 3) return undefined;
  const m = MONTHS[name.slice(0, 3).toLowerCase()];
  return m;
}

/** Milliseconds since the epoch of a UTC date and time, or undefined when a part is out of range (Feb 30). */
export function utcMillis(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  ms = 0,
): number | undefined {
  if (month < 0 || month > 11 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return undefined;
  // A leap second (RFC 3339 section 5.7) is folded into the second before it.
  const t = Date.UTC(year, month, day, hour, minute, Math.min(second, 59), ms);
  const d = new Date(t);
  if (d.getUTCDate() !== day || d.getUTCMonth() !== month) return undefined;
  return t;
}

/**
 * The year of a date written without one (RFC 3164 `Mmm dd hh:mm:ss`): the latest year, from the
 * year after `now`'s down, in which the date exists and is at most a day after `now` (clocks drift
 * and relays lag; a date further ahead must be last year's). Returns the time in ms, or undefined.
 */
export function withInferredYear(
  now: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  ms = 0,
): number | undefined {
  const year = new Date(now).getUTCFullYear();
  for (let y = year + 1; y >= year - 8; y--) {
    const t = utcMillis(y, month, day, hour, minute, second, ms);
    if (t !== undefined && t <= now + DAY_MS) return t;
  }
  return undefined;
}

/** Milliseconds of a fraction of a second written as digits after the dot (`003`, `123456`). */
export function fractionMillis(digits: string): number {
  if (digits === "") return 0;
  return Math.floor(Number(`0.${digits}`) * 1000 + 1e-6);
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?(Z|z|[+-]\d{2}:?\d{2})?$/;

/** A time read from text: ms since the epoch, and whether the text carried its own zone. */
export interface ParsedTime {
  readonly ms: number;
  readonly zoned: boolean;
}

/**
 * Reads an RFC 3339 / ISO 8601 date-time (`2003-10-11T22:14:15.003-07:00`); a time without a zone
 * is taken as UTC and reported as not zoned. Undefined when it is not one or is out of range.
 */
export function parseRfc3339(text: string): ParsedTime | undefined {
  const m = RFC3339.exec(text);
  if (!m) return undefined;
  const t = utcMillis(
    Number(m[1]),
    Number(m[2]) - 1,
    Number(m[3]),
    Number(m[4]),
    Number(m[5]),
    Number(m[6]),
    fractionMillis(m[7] ?? ""),
  );
  if (t === undefined) return undefined;
  const zone = m[8];
  if (zone === undefined) return { ms: t, zoned: false };
  const offset = zoneOffsetMinutes(zone);
  if (offset === undefined) return undefined;
  return { ms: t - offset * 60_000, zoned: true };
}

/** Offset east of UTC in minutes of `Z`, `+01:00`, `-0700`, `+05`; undefined when malformed or over 18 hours. */
export function zoneOffsetMinutes(zone: string): number | undefined {
  if (zone === "Z" || zone === "z") return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (!m) return undefined;
  const hours = Number(m[2]);
  const minutes = Number(m[3] ?? "0");
  if (hours > 18 || minutes > 59) return undefined;
  return (m[1] === "-" ? -1 : 1) * (hours * 60 + minutes);
}

/** ISO 8601 UTC text of a time in ms, or undefined when it is outside what Date can show. */
export function isoOf(ms: number): string | undefined {
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) return undefined;
  return new Date(ms).toISOString();
}
