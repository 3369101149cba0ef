import { withLeadingStar, withTrailingStar } from "../glob.js";
import { type Modifier, mapValues } from "./modifier.js";

/** `contains`: the value may stand anywhere in the field. */
export const contains: Modifier = {
  name: "contains",
  apply: (state) =>
    mapValues(state, (v) =>
      v.kind === "text" ? { kind: "text", parts: withTrailingStar(withLeadingStar(v.parts)) } : v,
    ),
};
