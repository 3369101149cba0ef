import { type Modifier, mapValues, valueBytes } from "./modifier.js";

/** `base64`: the field holds the value's bytes encoded in Base64. */
export const base64: Modifier = {
  name: "base64",
  apply: (state) =>
    mapValues(state, (v) => ({ kind: "text", parts: [Buffer.from(valueBytes("base64", v)).toString("base64")] })),
};
