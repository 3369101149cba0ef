import { type Modifier, regexFlags } from "./modifier.js";

/** `i` after `re`: match without regard to case. */
export const reI: Modifier = {
  name: "i",
  apply: (state) => {
    regexFlags("i", state).i = true;
  },
};
