import { type Modifier, mapValues, modifierError } from "./modifier.js";

/** `fieldref`: the value names another field of the same event, whose value must be equal. */
export const fieldref: Modifier = {
  name: "fieldref",
  apply: (state) =>
    mapValues(state, (v) => {
      if (v.kind !== "text" || v.parts.some((p) => typeof p !== "string")) {
        throw modifierError("fieldref", "expects a plain field name");
      }
      return { kind: "fieldref", field: v.parts.join("") };
    }),
};
