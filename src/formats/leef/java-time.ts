import { deviceZoneOffset } from "../cef/device-time.js";
import { fractionMillis, monthOf, utcMillis, withInferredYear } from "../syslog/time.js";

/** Longest devTimeFormat pattern read; a longer one is not a date pattern. */
const MAX_PATTERN = 64;

interface Parts {
  year?: number;
  month?: number;
  day?: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
  pm?: boolean;
  offset?: number;
}

function readDigits(value: string, at: number, min: number, max: number): [number, number] | undefined {
  let end = at;
  while (end < value.length && end - at < max && value.charCodeAt(end) >= 0x30 && value.charCodeAt(end) <= 0x39) end++;
  if (end - at < min) return undefined;
  return [Number(value.slice(at, end)), end];
}

function readLetters(value: string, at: number): number {
  let end = at;
  while (end < value.length && /[A-Za-z]/.test(value[end] as string)) end++;
  return end;
}

/** Reads one pattern letter run (`yyyy`, `MMM`, `SSS`, `z`) at `at`; returns where the value goes on. */
function readField(
  letter: string,
  count: number,
  value: string,
  at: number,
  next: string,
  p: Parts,
): number | undefined {
  switch (letter) {
    case "y": {
      const r = readDigits(value, at, count === 2 ? 2 : 4, count === 2 ? 2 : 4);
      if (!r) return undefined;
      p.year = count === 2 ? 2000 + r[0] : r[0];
      return r[1];
    }
    case "M": {
      if (count >= 3) {
        const end = readLetters(value, at);
        p.month = monthOf(value.slice(at, end));
        return p.month === undefined ? undefined : end;
      }
      const r = readDigits(value, at, 1, 2);
      if (!r) return undefined;
      p.month = r[0] - 1;
      return r[1];
    }
    case "E":
      return readLetters(value, at) > at ? readLetters(value, at) : undefined;
    case "a": {
      const end = readLetters(value, at);
      const word = value.slice(at, end).toUpperCase();
      if (word !== "AM" && word !== "PM") return undefined;
      p.pm = word === "PM";
      return end;
    }
    case "z":
    case "Z":
    case "X": {
      // A zone runs to the next literal of the pattern, or to the end.
      let end = next === "" ? value.length : value.indexOf(next, at);
      if (end === -1) end = value.length;
      p.offset = deviceZoneOffset(value.slice(at, end));
      return p.offset === undefined ? undefined : end;
    }
    case "S": {
      const r = readDigits(value, at, 1, 9);
      if (!r) return undefined;
      p.ms = fractionMillis(value.slice(at, r[1]));
      return r[1];
    }
  }
  const r = readDigits(value, at, 1, Math.max(2, count));
  if (!r) return undefined;
  if (letter === "d") p.day = r[0];
  else if (letter === "H" || letter === "k") p.hour = r[0] % 24;
  else if (letter === "h" || letter === "K") p.hour = r[0] % 12;
  else if (letter === "m") p.minute = r[0];
  else if (letter === "s") p.second = r[0];
  else return undefined;
  return r[1];
}

/** Splits a Java date pattern into letter runs and literals (`'T'` quoted, other characters as they are). */
function tokens(pattern: string): { letter?: string; count: number; literal: string }[] {
  const out: { letter?: string; count: number; literal: string }[] = [];
  for (let i = 0; i < pattern.length; ) {
    const c = pattern[i] as string;
    if (c === "'") {
      const close = pattern.indexOf("'", i + 1);
      const end = close === -1 ? pattern.length : close;
      out.push({ count: 0, literal: pattern.slice(i + 1, end) });
      i = end + 1;
    } else if (/[A-Za-z]/.test(c)) {
      let j = i;
      while (pattern[j] === c) j++;
      out.push({ letter: c, count: j - i, literal: "" });
      i = j;
    } else {
      out.push({ count: 0, literal: c });
      i++;
    }
  }
  return out;
}

/**
 * Reads a LEEF `devTime` written in its `devTimeFormat`, a Java SimpleDateFormat pattern
 * (`MMM dd yyyy HH:mm:ss.SSS zzz`, `yyyy-MM-dd'T'HH:mm:ss.SSSZ`): the letters y M d H h k K m s S
 * a E z Z X and quoted literals. No zone means UTC; no year takes it from `now`. Undefined when
 * the value does not follow the pattern or the pattern uses letters outside that set.
 *
 * @example parseJavaTime("Jan 28 2015 02:00:36 GMT+00:00", "MMM dd yyyy HH:mm:ss z", Date.now())
 */
export function parseJavaTime(value: string, pattern: string, now: number): number | undefined {
  if (pattern.length > MAX_PATTERN) return undefined;
  const list = tokens(pattern);
  const p: Parts = { hour: 0, minute: 0, second: 0, ms: 0 };
  let at = 0;
  for (let t = 0; t < list.length; t++) {
    const tok = list[t] as { letter?: string; count: number; literal: string };
    if (tok.letter === undefined) {
      if (!value.startsWith(tok.literal, at)) return undefined;
      at += tok.literal.length;
      continue;
    }
    const following = list[t + 1];
    const next = following && following.letter === undefined ? following.literal : "";
    const end = readField(tok.letter, tok.count, value, at, next, p);
    if (end === undefined) return undefined;
    at = end;
  }
  if (at !== value.trimEnd().length || p.month === undefined || p.day === undefined) return undefined;
  const hour = p.pm === undefined ? p.hour : p.hour + (p.pm ? 12 : 0);
  const local =
    p.year !== undefined
      ? utcMillis(p.year, p.month, p.day, hour, p.minute, p.second, p.ms)
      : withInferredYear(now, p.month, p.day, hour, p.minute, p.second, p.ms);
  if (local === undefined) return undefined;
  return local - (p.offset ?? 0) * 60_000;
}
