import { type Modifier, regexFlags } from "./modifier.js";

/** `m` after `re`: `^` and `$` match at every line break. */
export const reM: Modifier = {
  name: "m",
  apply: (state) => {
    regexFlags("m", state).m = true;
  },
};
