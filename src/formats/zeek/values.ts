import { epochSecondsFromIso } from "../json/time.js";

const UTF8 = new TextDecoder("utf-8", { fatal: true });

function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}

/** The byte of a `\xHH` escape at `i` (the caller checks that four characters remain), or -1. */
function escapedByte(text: string, i: number): number {
  if (text.charCodeAt(i) !== 0x5c || text.charCodeAt(i + 1) !== 0x78) return -1;
  const hi = hexDigit(text.charCodeAt(i + 2));
  const lo = hexDigit(text.charCodeAt(i + 3));
  return hi === -1 || lo === -1 ? -1 : hi * 16 + lo;
}

/** Text of a run of escaped bytes: UTF-8 when they are valid UTF-8, else one character a byte. */
function bytesText(bytes: number[]): string {
  if (bytes.every((b) => b < 0x80)) return String.fromCharCode(...bytes);
  try {
    return UTF8.decode(Uint8Array.from(bytes));
  } catch {
    return String.fromCharCode(...bytes);
  }
}

/**
 * Decodes Zeek's escapes: `\xHH` (both writers keep bytes that are not printable as this text)
 * and, for the TSV writer (`tsv`), `\\` for a backslash. Consecutive `\xHH` bytes that form
 * UTF-8 become their characters, so `\xc3\xa9` and a JSON `é` read alike.
 *
 * @example decodeZeekEscapes("a\\x09b", true); // "a\tb"
 */
export function decodeZeekEscapes(text: string, tsv: boolean): string {
  let i = text.indexOf("\\");
  if (i === -1) return text;
  let out = text.slice(0, i);
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c !== 0x5c) {
      const next = text.indexOf("\\", i);
      const stop = next === -1 ? n : next;
      out += text.slice(i, stop);
      i = stop;
      continue;
    }
    if (tsv && text.charCodeAt(i + 1) === 0x5c) {
      out += "\\";
      i += 2;
      continue;
    }
    let b = i + 3 < n ? escapedByte(text, i) : -1;
    if (b === -1) {
      out += "\\";
      i++;
      continue;
    }
    const bytes: number[] = [];
    while (b !== -1 && bytes.length < 4096) {
      bytes.push(b);
      i += 4;
      b = i + 3 < n ? escapedByte(text, i) : -1;
    }
    out += bytesText(bytes);
  }
  return out;
}

// Zeek's JSON writer with JSON::TS_ISO8601: `2018-03-24T17:18:05.713879Z`, always this shape.
const ZEEK_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/**
 * A Zeek text as events carry it: escapes decoded, and a time in the shape of Zeek's ISO 8601
 * JSON timestamps turned into epoch seconds, as the TSV writer and the default JSON writer give
 * times. Both writers' values go through here, so they read alike.
 */
export function zeekText(text: string, tsv: boolean): string | number {
  if (text.length === 27 && ZEEK_ISO.test(text)) {
    const seconds = epochSecondsFromIso(text);
    if (seconds !== undefined) return seconds;
  }
  const decoded = decodeZeekEscapes(text, tsv);
  // The JSON writer leaves a backslash of the data as it is, so the text `\x0d` in the data and
  // the byte 0x0d both reach JSON as `\x0d`. A TSV value, once unescaped, is read the same way.
  return tsv && decoded.includes("\\") ? decodeZeekEscapes(decoded, false) : decoded;
}

/** Numeric Zeek types, written as decimal numbers by both writers. */
const NUMERIC = new Set(["time", "interval", "count", "int", "double", "port"]);

/** A TSV value of a scalar Zeek type, undefined when it does not read as that type. */
export function zeekScalar(text: string, type: string): unknown {
  if (NUMERIC.has(type)) {
    if (text === "" || text.length > 64) return undefined;
    const n = Number(text);
    return Number.isFinite(n) ? n : undefined;
  }
  if (type === "bool") return text === "T" ? true : text === "F" ? false : undefined;
  return zeekText(text, true);
}

/** The element type of `set[T]` / `vector[T]` / `table[T]`, or undefined for a scalar type. */
export function containerElement(type: string): string | undefined {
  const open = type.indexOf("[");
  if (open === -1 || !type.endsWith("]")) return undefined;
  const kind = type.slice(0, open);
  return kind === "set" || kind === "vector" || kind === "table" ? type.slice(open + 1, -1) : undefined;
}
