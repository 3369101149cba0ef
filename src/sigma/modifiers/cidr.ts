import { parseCidr } from "../../core/index.js";
import { type Modifier, mapValues, modifierError } from "./modifier.js";

/** `cidr`: the field is an IPv4 or IPv6 address inside the network. */
export const cidr: Modifier = {
  name: "cidr",
  apply: (state) =>
    mapValues(state, (v) => {
      const text = v.kind === "text" ? v.parts.join("") : "";
      if (v.kind !== "text" || !parseCidr(text)) throw modifierError("cidr", `'${text}' is not a CIDR network`);
      return { kind: "cidr", cidr: text };
    }),
};
