import type { Modifier } from "./modifier.js";

/**
 * `windash`: `-`, `/`, en dash, em dash and horizontal bar stand for each other. Rather than
 * expanding every permutation, the matcher folds all five to one character on both sides,
 * which accepts exactly the same strings.
 */
export const windash: Modifier = {
  name: "windash",
  apply: (state) => {
    state.windash = true;
  },
};
