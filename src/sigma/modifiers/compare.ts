import type { CompareOp } from "../value.js";
import { type Modifier, mapValues, modifierError } from "./modifier.js";

function compareModifier(name: "lt" | "lte" | "gt" | "gte", op: CompareOp): Modifier {
  return {
    name,
    apply: (state) => {
      state.compare = op;
      mapValues(state, (v) => {
        if (v.kind === "number") return v;
        if (v.kind === "text" && v.parts.length === 1 && typeof v.parts[0] === "string") {
          const n = Number(v.parts[0]);
          if (v.parts[0].trim() !== "" && Number.isFinite(n)) return { kind: "number", value: n };
        }
        throw modifierError(name, "expects a number");
      });
    },
  };
}

/** `lt`: the field is a number less than the value. */
export const lt = compareModifier("lt", "lt");
/** `lte`: the field is a number less than or equal to the value. */
export const lte = compareModifier("lte", "lte");
/** `gt`: the field is a number greater than the value. */
export const gt = compareModifier("gt", "gt");
/** `gte`: the field is a number greater than or equal to the value. */
export const gte = compareModifier("gte", "gte");
