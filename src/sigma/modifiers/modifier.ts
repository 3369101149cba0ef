import { TocsinError } from "../../core/index.js";
import type { CompareOp, RegexFlags, SigmaValue, TimePart } from "../value.js";

/**
 * What a chain of modifiers builds up for one detection item. Transforming modifiers rewrite
 * `values`; the others set how the values are compared.
 */
export interface ModifierState {
  values: SigmaValue[];
  /** Values are linked with AND instead of OR (`all`). */
  all: boolean;
  cased: boolean;
  windash: boolean;
  /** The item matches when none of the values does (`neq`). */
  negate: boolean;
  compare: CompareOp | undefined;
  timePart: TimePart | undefined;
  regex: { i: boolean; m: boolean; s: boolean } | undefined;
  exists: boolean;
  expand: boolean;
  /** Names of the modifiers applied so far, for messages and ordering checks. */
  readonly applied: string[];
}

/** One Sigma value modifier (../shared/sigma-spec: sigma-appendix-modifiers.md). */
export interface Modifier {
  readonly name: string;
  apply(state: ModifierState): void;
}

/** Raised by a modifier that cannot apply to the values it was given. */
export function modifierError(name: string, message: string): TocsinError {
  return new TocsinError("SIGMA_BAD_MODIFIER", `modifier '${name}': ${message}`);
}

/** Maps every value through `fn`, which may return several values (expansion). */
export function mapValues(state: ModifierState, fn: (value: SigmaValue) => SigmaValue | SigmaValue[]): void {
  const out: SigmaValue[] = [];
  for (const value of state.values) {
    const mapped = fn(value);
    if (Array.isArray(mapped)) out.push(...mapped);
    else out.push(mapped);
  }
  state.values = out;
}

/** A value's plain text, for modifiers that need text without wildcards. */
export function plainText(name: string, value: SigmaValue): string {
  switch (value.kind) {
    case "text":
      if (value.parts.some((p) => typeof p !== "string")) {
        throw modifierError(name, "cannot encode a value with wildcards");
      }
      return value.parts.join("");
    case "number":
    case "boolean":
      return String(value.value);
    default:
      throw modifierError(name, `cannot apply to a ${value.kind} value`);
  }
}

/** A value's bytes: its UTF-8 encoding for text, the bytes themselves after an encoding modifier. */
export function valueBytes(name: string, value: SigmaValue): Uint8Array {
  if (value.kind === "bytes") return value.bytes;
  return new TextEncoder().encode(plainText(name, value));
}

/** The regex flags as set so far, for the `i`, `m` and `s` sub-modifiers. */
export function regexFlags(name: string, state: ModifierState): { i: boolean; m: boolean; s: boolean } {
  if (!state.regex) throw modifierError(name, "is a sub-modifier of 're' and must follow it");
  return state.regex;
}

/** Fresh state for a detection item's values. */
export function initialState(values: SigmaValue[]): ModifierState {
  return {
    values,
    all: false,
    cased: false,
    windash: false,
    negate: false,
    compare: undefined,
    timePart: undefined,
    regex: undefined,
    exists: false,
    expand: false,
    applied: [],
  };
}

export type { RegexFlags };
