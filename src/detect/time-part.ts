import type { TimePart } from "../sigma/index.js";

const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?/;

/**
 * A part of a date written as `YYYY-MM-DD[ HH:MM...]`, taken as written: the modifiers appendix
 * says time modifiers do not convert time zones.
 */
export function timePartOf(text: string | undefined, part: TimePart): number | undefined {
  if (text === undefined) return undefined;
  const m = DATE.exec(text);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  switch (part) {
    case "year":
      return year;
    case "month":
      return month;
    case "day":
      return day;
    case "hour":
      return m[4] === undefined ? undefined : Number(m[4]);
    case "minute":
      return m[5] === undefined ? undefined : Number(m[5]);
    case "week":
      return isoWeek(year, month, day);
  }
}

/** The ISO 8601 week number of a date. */
export function isoWeek(year: number, month: number, day: number): number {
  const date = new Date(Date.UTC(year, month - 1, day));
  const weekday = date.getUTCDay() || 7;
  date.setUTCDate(date.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(date.getUTCFullYear(), 0, 1);
  return Math.ceil(((date.getTime() - yearStart) / 86400000 + 1) / 7);
}
