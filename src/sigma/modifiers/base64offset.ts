import { type Modifier, mapValues, valueBytes } from "./modifier.js";

// The value may start at any of three byte offsets within the encoded data, so each variant drops
// the characters that depend on neighbouring bytes (the modifiers appendix, "base64offset").
const START_TRIM = [0, 2, 3] as const;
const END_TRIM = [0, 3, 2] as const;

/** `base64offset`: the value's Base64 forms at each of the three possible alignments. */
export const base64offset: Modifier = {
  name: "base64offset",
  apply: (state) =>
    mapValues(state, (v) => {
      const bytes = valueBytes("base64offset", v);
      const variants = [];
      for (let shift = 0; shift < 3; shift++) {
        const padded = new Uint8Array(shift + bytes.length);
        padded.fill(0x20, 0, shift);
        padded.set(bytes, shift);
        const encoded = Buffer.from(padded).toString("base64");
        const endTrim = END_TRIM[(bytes.length + shift) % 3] ?? 0;
        const text = encoded.slice(START_TRIM[shift], encoded.length - endTrim);
        variants.push({ kind: "text" as const, parts: [text] });
      }
      return variants;
    }),
};
