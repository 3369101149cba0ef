import { withLeadingStar } from "../glob.js";
import { type Modifier, mapValues } from "./modifier.js";

/** `endswith`: the field ends with the value. */
export const endswith: Modifier = {
  name: "endswith",
  apply: (state) =>
    mapValues(state, (v) => (v.kind === "text" ? { kind: "text", parts: withLeadingStar(v.parts) } : v)),
};
