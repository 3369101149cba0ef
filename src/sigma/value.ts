import type { GlobPart } from "./glob.js";

/**
 * A value of a detection item while its modifiers are applied, left to right.
 * Text carries wildcards; bytes come from the encoding modifiers (utf16*, wide) and are turned
 * back into text by base64 or, at the end, read as Latin-1 characters.
 */
export type SigmaValue =
  | { readonly kind: "text"; readonly parts: readonly GlobPart[] }
  | { readonly kind: "bytes"; readonly bytes: Uint8Array }
  | { readonly kind: "number"; readonly value: number }
  | { readonly kind: "boolean"; readonly value: boolean }
  | { readonly kind: "null" }
  | { readonly kind: "regex"; readonly source: string }
  | { readonly kind: "cidr"; readonly cidr: string }
  | { readonly kind: "fieldref"; readonly field: string };

/** The match a value finally asks for, after every modifier is applied. */
export type ValueTest =
  | { readonly kind: "string"; readonly parts: readonly GlobPart[]; readonly cased: boolean; readonly windash: boolean }
  | { readonly kind: "regex"; readonly source: string; readonly flags: RegexFlags }
  | { readonly kind: "compare"; readonly op: CompareOp; readonly value: number; readonly timePart?: TimePart }
  | { readonly kind: "cidr"; readonly cidr: string }
  | { readonly kind: "null" }
  | { readonly kind: "exists"; readonly exists: boolean }
  | { readonly kind: "fieldref"; readonly field: string; readonly cased: boolean };

/** Sub-modifiers of `re`. */
export interface RegexFlags {
  readonly i: boolean;
  readonly m: boolean;
  readonly s: boolean;
}

export type CompareOp = "eq" | "lt" | "lte" | "gt" | "gte";
export type TimePart = "minute" | "hour" | "day" | "week" | "month" | "year";
