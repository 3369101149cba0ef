/** String forms of the structured value types, matching what evtx_dump prints. */

const HEX = "0123456789ABCDEF";
const EPOCH_DIFF_SECONDS = 11_644_473_600;
/** Years 0001 to 9999, which toISOString writes with four digits. */
const MIN_ISO_MS = -62_135_596_800_000;
const MAX_ISO_MS = 253_402_300_799_000;
let lastSeconds = -1;
let lastPrefix = "";

const HEX2: readonly string[] = Array.from(
  { length: 256 },
  (_, i) => (HEX[i >> 4] as string) + (HEX[i & 15] as string),
);

function hex2(v: number | undefined): string {
  return HEX2[(v ?? 0) & 0xff] as string;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

function isoFromParts(y: number, mo: number, d: number, h: number, mi: number, s: number, frac: string): string {
  const year = y >= 0 && y <= 9999 ? pad(y, 4) : y < 0 ? `-${pad(-y, 6)}` : `+${pad(y, 6)}`;
  return `${year}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}.${frac}Z`;
}

/**
 * Formats a FILETIME (100 ns ticks since 1601-01-01 UTC, given as low and high 32-bit halves)
 * as ISO 8601 with `digits` fractional digits (6, as evtx_dump prints; 7 as Windows does).
 *
 * @example
 * formatFileTime(0xd53e8000, 0x01b21dd2) // "1970-01-01T00:00:00.000000Z"
 */
export function formatFileTime(lo: number, hi: number, digits = 6): string {
  lo >>>= 0;
  hi >>>= 0;
  let seconds: number;
  let rest: number;
  if (hi < 0x10000000) {
    // 2^32 = 429 × 10^7 + 4967296, so the division stays exact in doubles (no BigInt).
    const a = hi * 4967296 + lo;
    seconds = hi * 429 + Math.floor(a / 10_000_000);
    rest = a % 10_000_000;
  } else {
    const ticks = (BigInt(hi) << 32n) | BigInt(lo);
    seconds = Number(ticks / 10_000_000n);
    rest = Number(ticks % 10_000_000n);
  }
  const ms = (seconds - EPOCH_DIFF_SECONDS) * 1000;
  const frac = digits === 7 ? pad(rest, 7) : pad(rest, 7).slice(0, digits);
  if (ms >= MIN_ISO_MS && ms <= MAX_ISO_MS) {
    // Neighbouring records mostly share their second: keep the last date text.
    if (seconds !== lastSeconds) {
      lastSeconds = seconds;
      lastPrefix = new Date(ms).toISOString().slice(0, 19);
    }
    return `${lastPrefix}.${frac}Z`;
  }
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) return `FILETIME(0x${hi.toString(16)}${lo.toString(16).padStart(8, "0")})`;
  return isoFromParts(
    date.getUTCFullYear(),
    date.getUTCMonth() + 1,
    date.getUTCDate(),
    date.getUTCHours(),
    date.getUTCMinutes(),
    date.getUTCSeconds(),
    frac,
  );
}

/** FILETIME as milliseconds since the Unix epoch (for record timestamps). */
export function fileTimeToMillis(lo: number, hi: number): number {
  return ((hi >>> 0) * 0x100000000 + (lo >>> 0)) / 10_000 - 11_644_473_600_000;
}

/**
 * Formats a SYSTEMTIME (eight little-endian u16: year, month, day of week, day, hour, minute,
 * second, milliseconds) as ISO 8601 with `digits` fractional digits.
 */
export function formatSystemTime(b: Uint8Array, o: number, digits = 6): string {
  const w = (i: number): number => (b[o + i * 2] as number) | ((b[o + i * 2 + 1] as number) << 8);
  const ms = w(7);
  return isoFromParts(w(0), w(1), w(3), w(4), w(5), w(6), `${pad(ms, 3)}0000`.slice(0, digits));
}

/**
 * Formats a GUID stored as data1 (u32 LE), data2, data3 (u16 LE) and 8 bytes, upper-case
 * without braces: `5770385F-C22A-43E0-BF4C-06F5698FFBD9`.
 */
export function formatGuid(b: Uint8Array, o: number): string {
  return (
    hex2(b[o + 3]) +
    hex2(b[o + 2]) +
    hex2(b[o + 1]) +
    hex2(b[o]) +
    "-" +
    hex2(b[o + 5]) +
    hex2(b[o + 4]) +
    "-" +
    hex2(b[o + 7]) +
    hex2(b[o + 6]) +
    "-" +
    hex2(b[o + 8]) +
    hex2(b[o + 9]) +
    "-" +
    hex2(b[o + 10]) +
    hex2(b[o + 11]) +
    hex2(b[o + 12]) +
    hex2(b[o + 13]) +
    hex2(b[o + 14]) +
    hex2(b[o + 15])
  );
}

/**
 * Formats a SID: revision, sub-authority count, 48-bit big-endian authority, then the
 * sub-authorities as u32 LE: `S-1-5-21-…`. Returns undefined when `size` is too short.
 */
export function formatSid(b: Uint8Array, o: number, size: number): string | undefined {
  if (size < 8) return undefined;
  const count = b[o + 1] as number;
  if (8 + count * 4 > size) return undefined;
  let authority = 0;
  for (let i = 2; i < 8; i++) authority = authority * 256 + (b[o + i] as number);
  let s = `S-${b[o] as number}-${authority >= 2 ** 32 ? `0x${authority.toString(16).toUpperCase()}` : authority}`;
  for (let i = 0; i < count; i++) {
    const p = o + 8 + i * 4;
    s += `-${((b[p] as number) | ((b[p + 1] as number) << 8) | ((b[p + 2] as number) << 16)) + (b[p + 3] as number) * 0x1000000}`;
  }
  return s;
}

/** Upper-case hexadecimal of `size` bytes, as binary values are rendered. */
export function formatBinary(b: Uint8Array, o: number, size: number): string {
  let s = "";
  for (let i = 0; i < size; i++) s += hex2(b[o + i]);
  return s;
}

/** `0x` followed by lower-case hexadecimal without leading zeros, for a u32 or u64 (hi, lo). */
export function formatHex(lo: number, hi = 0): string {
  if (hi === 0) return `0x${(lo >>> 0).toString(16)}`;
  return `0x${(hi >>> 0).toString(16)}${(lo >>> 0).toString(16).padStart(8, "0")}`;
}
