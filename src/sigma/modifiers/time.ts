import type { TimePart } from "../value.js";
import { type Modifier, mapValues, modifierError } from "./modifier.js";

function timeModifier(part: TimePart): Modifier {
  return {
    name: part,
    apply: (state) => {
      state.timePart = part;
      state.compare ??= "eq";
      mapValues(state, (v) => {
        const n = v.kind === "number" ? v.value : v.kind === "text" ? Number(v.parts.join("")) : Number.NaN;
        if (!Number.isInteger(n)) throw modifierError(part, "expects a whole number");
        return { kind: "number", value: n };
      });
    },
  };
}

/** `minute`: the minute (0-59) of a date field. */
export const minute = timeModifier("minute");
/** `hour`: the hour (0-23) of a date field. */
export const hour = timeModifier("hour");
/** `day`: the day of the month (1-31) of a date field. */
export const day = timeModifier("day");
/** `week`: the ISO week (1-53) of a date field. */
export const week = timeModifier("week");
/** `month`: the month (1-12) of a date field. */
export const month = timeModifier("month");
/** `year`: the year of a date field. */
export const year = timeModifier("year");
