import { type Modifier, modifierError } from "./modifier.js";

/** `exists`: the field is present (true) or absent (false), whatever its value. */
export const exists: Modifier = {
  name: "exists",
  apply: (state) => {
    const [only] = state.values;
    if (state.values.length !== 1 || only?.kind !== "boolean") {
      throw modifierError("exists", "takes exactly one value, true or false");
    }
    state.exists = true;
  },
};
