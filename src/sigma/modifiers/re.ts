import { type Modifier, mapValues, modifierError } from "./modifier.js";

/** `re`: the value is a regular expression (run by a linear-time engine, so it cannot hang). */
export const re: Modifier = {
  name: "re",
  apply: (state) => {
    state.regex = { i: false, m: false, s: false };
    mapValues(state, (v) => {
      if (v.kind === "text") return { kind: "regex", source: v.parts.join("") };
      if (v.kind === "number") return { kind: "regex", source: String(v.value) };
      throw modifierError("re", `expects a string, got ${v.kind}`);
    });
  },
};
