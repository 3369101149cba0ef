import type { Modifier } from "./modifier.js";

/** `all`: every value must match (AND) instead of any (OR). */
export const all: Modifier = {
  name: "all",
  apply: (state) => {
    state.all = true;
  },
};
