import { binxmlError } from "../issues.js";
import { readAnsi, readUtf16, readUtf16Sized } from "../bytes.js";
import type { ChunkContext } from "./context.js";
import type { BinXmlFragment, BinXmlValue } from "./model.js";
import { formatBinary, formatFileTime, formatGuid, formatHex, formatSid, formatSystemTime } from "./value-format.js";
import { ARRAY_FLAG, FIXED_SIZE, VALUE_TYPE } from "./value-types.js";

/** Parses nested BinXML found inside a value; supplied by the parser to avoid a module cycle. */
export type NestedParser = (ctx: ChunkContext, offset: number, size: number, depth: number) => BinXmlFragment;

function int64(o: number, signed: boolean, view: DataView): number | bigint {
  const lo = view.getUint32(o, true);
  const hi = signed ? view.getInt32(o + 4, true) : view.getUint32(o + 4, true);
  const n = hi * 0x100000000 + lo;
  if (Number.isSafeInteger(n)) return n;
  return signed ? view.getBigInt64(o, true) : view.getBigUint64(o, true);
}

/**
 * Decodes a value of `type` from `size` bytes at `o` in the chunk; `nested` parses BinXML
 * found inside it, one level below `depth`.
 */
type ValueDecoder = (
  ctx: ChunkContext,
  type: number,
  o: number,
  size: number,
  depth: number,
  nested: NestedParser,
) => BinXmlValue;

/** Decodes one scalar of `type` at `o` spanning `size` bytes (already bounds-checked). */
const decodeScalar: ValueDecoder = (ctx, type, o, size, depth, nested) => {
  const b = ctx.bytes;
  const view = ctx.view;
  const fixed = FIXED_SIZE[type] ?? 0;
  if (size < fixed)
    binxmlError("EVTX_BAD_BINXML", `value of type 0x${type.toString(16)} has ${size} bytes, needs ${fixed}`, o);
  switch (type) {
    case VALUE_TYPE.null:
      return null;
    case VALUE_TYPE.string:
      return readUtf16Sized(b, o, size);
    case VALUE_TYPE.ansiString:
      return readAnsi(b, o, size);
    case VALUE_TYPE.int8:
      return view.getInt8(o);
    case VALUE_TYPE.uint8:
      return b[o] as number;
    case VALUE_TYPE.int16:
      return view.getInt16(o, true);
    case VALUE_TYPE.uint16:
      return view.getUint16(o, true);
    case VALUE_TYPE.int32:
      return view.getInt32(o, true);
    case VALUE_TYPE.uint32:
      return view.getUint32(o, true);
    case VALUE_TYPE.int64:
      return int64(o, true, view);
    case VALUE_TYPE.uint64:
      return int64(o, false, view);
    case VALUE_TYPE.real32:
      return view.getFloat32(o, true);
    case VALUE_TYPE.real64:
      return view.getFloat64(o, true);
    case VALUE_TYPE.bool:
      return view.getInt32(o, true) !== 0;
    case VALUE_TYPE.binary:
      return formatBinary(b, o, size);
    case VALUE_TYPE.guid:
      return formatGuid(b, o);
    case VALUE_TYPE.sizeT:
      return size >= 8
        ? formatHex(view.getUint32(o, true), view.getUint32(o + 4, true))
        : size >= 4
          ? formatHex(view.getUint32(o, true))
          : formatBinary(b, o, size);
    case VALUE_TYPE.fileTime:
      return formatFileTime(view.getUint32(o, true), view.getUint32(o + 4, true));
    case VALUE_TYPE.sysTime:
      return formatSystemTime(b, o);
    case VALUE_TYPE.sid:
      return formatSid(b, o, size) ?? formatBinary(b, o, size);
    case VALUE_TYPE.hexInt32:
      return formatHex(view.getUint32(o, true));
    case VALUE_TYPE.hexInt64:
      return formatHex(view.getUint32(o, true), view.getUint32(o + 4, true));
    case VALUE_TYPE.evtHandle:
      return size >= 8 ? int64(o, false, view) : size >= 4 ? view.getUint32(o, true) : null;
    case VALUE_TYPE.binXml:
      return nested(ctx, o, size, depth + 1);
    case VALUE_TYPE.evtXml:
      return readUtf16Sized(b, o, size);
    default:
      return formatBinary(b, o, size);
  }
};

function splitStrings(ctx: ChunkContext, o: number, size: number, wide: boolean): BinXmlValue[] {
  const b = ctx.bytes;
  const out: BinXmlValue[] = [];
  const unit = wide ? 2 : 1;
  const end = o + size - (size % unit);
  let start = o;
  for (let p = o; p < end; p += unit) {
    if (b[p] === 0 && (!wide || b[p + 1] === 0)) {
      out.push(wide ? readUtf16(b, start, (p - start) / 2) : readAnsi(b, start, p - start));
      start = p + unit;
      if (out.length > ctx.limits.maxArrayItems) binxmlError("EVTX_LIMIT", "too many array items", o);
    }
  }
  if (start < end) out.push(wide ? readUtf16(b, start, (end - start) / 2) : readAnsi(b, start, end - start));
  return out;
}

/** Decodes an array of `type` items (strings split at their NULs, SIDs by their own lengths). */
const decodeArray: ValueDecoder = (ctx, type, o, size, depth, nested) => {
  if (type === VALUE_TYPE.string) return splitStrings(ctx, o, size, true);
  if (type === VALUE_TYPE.ansiString) return splitStrings(ctx, o, size, false);
  const out: BinXmlValue[] = [];
  if (type === VALUE_TYPE.sid) {
    let p = o;
    while (p + 8 <= o + size) {
      const len = 8 + (ctx.bytes[p + 1] as number) * 4;
      if (p + len > o + size) break;
      out.push(formatSid(ctx.bytes, p, len) ?? null);
      p += len;
    }
    return out;
  }
  const item = type === VALUE_TYPE.sizeT ? (size % 8 === 0 ? 8 : 4) : (FIXED_SIZE[type] ?? 0);
  if (item === 0) return formatBinary(ctx.bytes, o, size);
  const count = Math.floor(size / item);
  if (count > ctx.limits.maxArrayItems) binxmlError("EVTX_LIMIT", `array of ${count} items`, o);
  for (let i = 0; i < count; i++) out.push(decodeScalar(ctx, type, o + i * item, item, depth, nested));
  return out;
};

/**
 * Decodes a substitution value of `type` (possibly `| 0x80` for arrays) from `size` bytes at
 * `offset` in the chunk. The caller has checked that the bytes lie inside the record.
 */
export const decodeValue: ValueDecoder = (ctx, type, offset, size, depth, nested) => {
  if (type & ARRAY_FLAG) return decodeArray(ctx, type & ~ARRAY_FLAG, offset, size, depth, nested);
  return decodeScalar(ctx, type, offset, size, depth, nested);
};
