import { withTrailingStar } from "../glob.js";
import { type Modifier, mapValues } from "./modifier.js";

/** `startswith`: the field begins with the value. */
export const startswith: Modifier = {
  name: "startswith",
  apply: (state) =>
    mapValues(state, (v) => (v.kind === "text" ? { kind: "text", parts: withTrailingStar(v.parts) } : v)),
};
