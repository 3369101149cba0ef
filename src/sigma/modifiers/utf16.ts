import { type Modifier, mapValues, plainText } from "./modifier.js";

/** Encodes text as UTF-16 in the given byte order, with or without a byte order mark. */
export function encodeUtf16(text: string, order: "le" | "be", bom: boolean): Uint8Array {
  const offset = bom ? 2 : 0;
  const out = new Uint8Array(offset + text.length * 2);
  if (bom) out.set(order === "le" ? [0xff, 0xfe] : [0xfe, 0xff]);
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const hi = unit >> 8;
    const lo = unit & 0xff;
    out[offset + 2 * i] = order === "le" ? lo : hi;
    out[offset + 2 * i + 1] = order === "le" ? hi : lo;
  }
  return out;
}

function utf16Modifier(name: string, order: "le" | "be", bom: boolean): Modifier {
  return {
    name,
    apply: (state) => mapValues(state, (v) => ({ kind: "bytes", bytes: encodeUtf16(plainText(name, v), order, bom) })),
  };
}

/** `utf16le`: the value encoded as UTF-16 little-endian. */
export const utf16le = utf16Modifier("utf16le", "le", false);
/** `utf16be`: the value encoded as UTF-16 big-endian. */
export const utf16be = utf16Modifier("utf16be", "be", false);
/** `utf16`: a byte order mark, then UTF-16 little-endian. */
export const utf16 = utf16Modifier("utf16", "le", true);
/** `wide`: an alias of `utf16le`. */
export const wide = utf16Modifier("wide", "le", false);
