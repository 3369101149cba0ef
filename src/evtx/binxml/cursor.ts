import { readUtf16, u16 } from "../bytes.js";
import { binxmlError } from "../issues.js";
import type { ChunkContext } from "./context.js";

/** Throws EVTX_BAD_BINXML unless `n` bytes at `p` lie before `end`. */
export function need(p: number, n: number, end: number): void {
  if (p + n > end) binxmlError("EVTX_BAD_BINXML", `BinXML runs past its end (${p + n} > ${end})`, p);
}

/** Counts a parsed node against the per-record budget. */
export function countNode(ctx: ChunkContext, at: number): void {
  if (++ctx.nodeCount > ctx.limits.maxNodes)
    binxmlError("EVTX_LIMIT", `more than ${ctx.limits.maxNodes} BinXML nodes`, at);
}

/**
 * Reads the name whose structure (u32 next offset, u16 hash, u16 length, UTF-16, NUL) is at
 * chunk offset `nameOff`. Names defined in place (`nameOff === p`) are skipped over; the
 * returned position is where the stream continues. The name lands in `out[0]`.
 */
export function readName(ctx: ChunkContext, nameOff: number, p: number, end: number, out: string[]): number {
  const b = ctx.bytes;
  const inline = nameOff === p;
  const limit = inline ? end : b.length;
  if (nameOff + 8 > limit) binxmlError("EVTX_BAD_BINXML", `name offset ${nameOff} outside the chunk`, p);
  const count = u16(b, nameOff + 6);
  const size = 10 + count * 2;
  if (nameOff + size > limit) binxmlError("EVTX_BAD_BINXML", `name at ${nameOff} runs past its end`, p);
  let name = ctx.names.get(nameOff);
  if (name === undefined) {
    name = readUtf16(b, nameOff + 8, count);
    ctx.names.set(nameOff, name);
  }
  out[0] = name;
  return inline ? p + size : p;
}

/** Out-parameter of `readName`, reused to avoid allocating per name. */
export const nameOut: string[] = [""];

/** Names live in the record area: either right here (defined in place) or earlier in the chunk. */
export function plausibleName(ctx: ChunkContext, nameOff: number, headerEnd: number, start: number): boolean {
  if (nameOff === headerEnd) return true;
  if (ctx.names.has(nameOff)) return true;
  return nameOff >= 512 && nameOff + 10 <= start && nameOff + 10 + u16(ctx.bytes, nameOff + 6) * 2 <= start;
}
