import { all } from "./all.js";
import { base64 } from "./base64.js";
import { base64offset } from "./base64offset.js";
import { cased } from "./cased.js";
import { cidr } from "./cidr.js";
import { gt, gte, lt, lte } from "./compare.js";
import { contains } from "./contains.js";
import { endswith } from "./endswith.js";
import { exists } from "./exists.js";
import { expand } from "./expand.js";
import { fieldref } from "./fieldref.js";
import type { Modifier } from "./modifier.js";
import { neq } from "./neq.js";
import { re } from "./re.js";
import { reI } from "./re-i.js";
import { reM } from "./re-m.js";
import { reS } from "./re-s.js";
import { startswith } from "./startswith.js";
import { day, hour, minute, month, week, year } from "./time.js";
import { utf16, utf16be, utf16le, wide } from "./utf16.js";
import { windash } from "./windash.js";

/** Every modifier of the Sigma 2.1 modifiers appendix, by the name rules use. */
export const MODIFIERS = {
  contains,
  startswith,
  endswith,
  all,
  exists,
  cased,
  windash,
  re,
  i: reI,
  m: reM,
  s: reS,
  base64,
  base64offset,
  utf16le,
  utf16be,
  utf16,
  wide,
  lt,
  lte,
  gt,
  gte,
  neq,
  cidr,
  fieldref,
  expand,
  minute,
  hour,
  day,
  week,
  month,
  year,
} satisfies Record<string, Modifier>;

export type ModifierName = keyof typeof MODIFIERS;

/** The modifier of that name, if Sigma defines one. */
export function findModifier(name: string): Modifier | undefined {
  return Object.hasOwn(MODIFIERS, name) ? MODIFIERS[name as ModifierName] : undefined;
}

export { initialState } from "./modifier.js";
export type { Modifier, ModifierState } from "./modifier.js";
