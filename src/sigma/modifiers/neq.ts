import type { Modifier } from "./modifier.js";

/** `neq`: the field differs from every value. */
export const neq: Modifier = {
  name: "neq",
  apply: (state) => {
    state.negate = true;
  },
};
