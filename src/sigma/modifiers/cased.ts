import type { Modifier } from "./modifier.js";

/** `cased`: compare with case, where Sigma compares without by default. */
export const cased: Modifier = {
  name: "cased",
  apply: (state) => {
    state.cased = true;
  },
};
