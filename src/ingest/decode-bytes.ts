import { Buffer } from "node:buffer";
import { sniffFormat } from "../formats/index.js";
import { type DecodedRecord, lineRecords, opensMultiLineRecord } from "./decode.js";
import { type DecodeBodyOptions, decodeBody, firstLine } from "./format-decode.js";

/** A body's records, read as they are iterated (once), and the format it was read as. */
export interface StreamedBody {
  readonly records: Iterable<DecodedRecord>;
  readonly format?: string;
}

/** The bytes of a body as Node reads them, without copying. */
function bufferOf(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** A body's bytes as text: UTF-8, invalid sequences replaced, a byte order mark kept (as Buffer reads). */
export function bodyText(bytes: Uint8Array): string {
  return bufferOf(bytes).toString("utf8");
}

/** True when a body holds nothing but white space (what `text.trim() === ""` says of its text). */
export function isBlankBody(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    if (b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09 || b === 0x0b || b === 0x0c) continue;
    // Unicode white space (a byte order mark, a no-break space) is told by the text.
    return b >= 0x80 ? bodyText(bytes).trim() === "" : false;
  }
  return true;
}

// looksStructured reads this far for the first character; past it the text path decides.
const STRUCTURED_SCAN = 65_536;
// Bytes enough for the 4096 characters of a first line that sniffing reads (at most 2 bytes a
// UTF-16 unit for 4-byte sequences, 3 for the rest), so a cut sequence never falls inside them.
const SNIFF_BYTES = 4096 * 4;

/**
 * Decodes a request body from its bytes; the same records as `decodeBody` of its text. A body
 * of NDJSON objects, the common case, is cut into lines as bytes and each line decoded alone,
 * as the records are iterated: decoding a multi-megabyte body into one string costs more than
 * parsing it, makes a two-byte string of it all when one record holds a non-ASCII character,
 * and every record's text would be a slice keeping the whole body alive; parsing every line
 * first would keep every parsed record alive through the whole batch, to be copied by each
 * young-space collection. Every other body is decoded whole and read as text. The bytes must
 * not change until the records have been read.
 *
 * @example for (const r of decodeBodyBytes(Buffer.from('{"a":1}\n{"a":2}\n')).records) console.log(r.ok);
 */
export function decodeBodyBytes(bytes: Uint8Array, options: DecodeBodyOptions = {}): StreamedBody {
  const records = ndjsonRecords(bufferOf(bytes), options);
  if (records === undefined) return decodeBody(bodyText(bytes), options);
  const format = options.format?.kind === "windows" ? options.format.format : undefined;
  return { records, ...(format !== undefined ? { format } : {}) };
}

/**
 * The records of a body that decodeBody would read as NDJSON of Windows shapes or generic JSON
 * (no log format named or claiming its first line, not XML, first character `{`), or
 * undefined for decodeBody to read it.
 */
function ndjsonRecords(buf: Buffer, options: DecodeBodyOptions): Iterable<DecodedRecord> | undefined {
  if (options.format?.kind === "log") return undefined;
  if ((options.contentType ?? "").toLowerCase().includes("xml")) return undefined;
  let first = 0;
  while (first < buf.length) {
    const b = buf[first] as number;
    if (b !== 0x20 && b !== 0x0a && b !== 0x0d && b !== 0x09) break;
    first++;
  }
  if (buf[first] !== 0x7b || first >= STRUCTURED_SCAN) return undefined;
  if (options.format === undefined) {
    // The first non-blank line is the one holding that `{`: a JSON log format (Zeek, EVE,
    // CloudTrail...) that claims it reads the body as text.
    const lineStart = buf.lastIndexOf(0x0a, first) + 1;
    let lineEnd = buf.indexOf(0x0a, first);
    if (lineEnd === -1) lineEnd = buf.length;
    const head = buf.toString("utf8", lineStart, Math.min(lineEnd, lineStart + SNIFF_BYTES));
    if (sniffFormat(firstLine(head))?.parseValue !== undefined) return undefined;
  }
  // A lone `{` on the first line opens a pretty-printed record: decodeBody reads that as JSON.
  let firstEnd = buf.indexOf(0x0a, first);
  if (firstEnd === -1) firstEnd = buf.length;
  if (opensMultiLineRecord(buf.toString("utf8", first, firstEnd))) return undefined;
  return lineRecords(byteLines(buf));
}

/**
 * The lines of a buffer, each decoded alone. A line feed byte is never part of a multi-byte
 * sequence, so each line decodes as its slice of the whole text would.
 */
function* byteLines(buf: Buffer): Generator<string> {
  let start = 0;
  while (start <= buf.length) {
    let end = buf.indexOf(0x0a, start);
    if (end === -1) end = buf.length;
    yield buf.toString("utf8", start, end);
    start = end + 1;
  }
}
