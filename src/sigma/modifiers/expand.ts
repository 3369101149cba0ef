import type { Modifier } from "./modifier.js";

/**
 * `expand`: `%name%` placeholders in the value are replaced by values a pipeline gives.
 * The replacement happens before the other modifiers run (see detection-item.ts).
 */
export const expand: Modifier = {
  name: "expand",
  apply: (state) => {
    state.expand = true;
  },
};
