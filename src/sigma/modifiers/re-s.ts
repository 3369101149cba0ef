import { type Modifier, regexFlags } from "./modifier.js";

/** `s` after `re`: `.` matches line breaks too. */
export const reS: Modifier = {
  name: "s",
  apply: (state) => {
    regexFlags("s", state).s = true;
  },
};
