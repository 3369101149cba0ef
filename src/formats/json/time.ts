// Linear: fixed-width digits, one optional fraction and one optional zone, no nested repeats.
const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/** Earliest and latest times accepted: years 1970 to 9999. */
const MIN_MS = 0;
const MAX_MS = 253402300799999;

// Logs come in time order: the text of the last second seen is kept, so most times cost no Date.
let lastSecond = Number.NaN;
let lastPrefix = "";

/** ISO 8601 UTC (`2024-01-02T03:04:05.678Z`) of epoch seconds, or undefined when not a sane time. */
export function isoFromEpochSeconds(seconds: number): string | undefined {
  if (!Number.isFinite(seconds)) return undefined;
  // To the microsecond first (what Zeek and Suricata write), then down to the millisecond.
  const ms = Math.floor(Math.round(seconds * 1e6) / 1000);
  if (ms < MIN_MS || ms > MAX_MS) return undefined;
  const second = Math.floor(ms / 1000);
  if (second !== lastSecond) {
    lastPrefix = new Date(second * 1000).toISOString().slice(0, 20);
    lastSecond = second;
  }
  const fraction = ms - second * 1000;
  return `${lastPrefix}${fraction < 10 ? "00" : fraction < 100 ? "0" : ""}${fraction}Z`;
}

function daysIn(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Epoch seconds (with the fraction, to the microsecond) of an ISO 8601 date-time with a zone
 * (`Z`, `+01:00`, `+0100`, `+01`), or of one without a zone taken as UTC; undefined when the
 * text is not such a time or names an impossible date.
 *
 * @example epochSecondsFromIso("2009-11-24T21:27:09.534255+0100"); // 1259094429.534255
 */
export function epochSecondsFromIso(text: string): number | undefined {
  if (text.length > 40) return undefined;
  const m = ISO.exec(text);
  if (m === null) return undefined;
  const [, y, mo, d, h, mi, s, fraction, zone] = m as unknown as string[];
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  const year = Number(y);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 60) return undefined;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  let offset = 0;
  if (zone !== undefined && zone !== "Z" && zone !== "z") {
    const sign = zone.startsWith("-") ? -1 : 1;
    const digits = zone.slice(1).replace(":", "");
    const zh = Number(digits.slice(0, 2));
    const zm = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (zh > 23 || zm > 59) return undefined;
    offset = sign * (zh * 3600 + zm * 60);
  }
  const frac = fraction === undefined ? 0 : Number(`0.${fraction}`);
  return ms / 1000 - offset + frac;
}

/** ISO 8601 UTC of an ISO 8601 date-time in any zone (see epochSecondsFromIso), or undefined. */
export function isoFromText(text: string): string | undefined {
  const seconds = epochSecondsFromIso(text);
  return seconds === undefined ? undefined : isoFromEpochSeconds(seconds);
}
