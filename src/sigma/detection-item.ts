import { TocsinError } from "../core/index.js";
import type { FieldItem } from "./detection.js";
import { STAR, literalGlob, parseGlob } from "./glob.js";
import { findModifier, initialState, type ModifierState } from "./modifiers/index.js";
import type { SigmaValue, ValueTest } from "./value.js";

/** Values for `%name%` placeholders, used by the `expand` modifier. */
export type Placeholders = Readonly<Record<string, readonly string[]>>;

// Under these modifiers a string is taken as written: wildcards and escapes mean nothing there.
const RAW_TEXT = new Set(["re", "cidr", "fieldref", "expand"]);

function badItem(message: string): TocsinError {
  return new TocsinError("SIGMA_BAD_DETECTION", message);
}

/**
 * Builds a field item from a detection key (`Field|mod1|mod2`) and its value(s), applying the
 * modifiers left to right as the specification orders them.
 *
 * @example buildFieldItem("CommandLine|contains|all", ["-enc", "bypass"], {})
 */
export function buildFieldItem(key: string, raw: unknown, placeholders: Placeholders): FieldItem {
  const [fieldName = "", ...modifierNames] = key.split("|");
  const field = fieldName === "" ? null : fieldName;
  const rawValues = Array.isArray(raw) ? raw : [raw];
  if (rawValues.length === 0) throw badItem(`'${key}' has an empty list of values`);

  const rawText = modifierNames.some((m) => RAW_TEXT.has(m));
  let values = rawValues.map((v) => toSigmaValue(key, v, rawText));
  if (modifierNames.includes("expand")) values = expandPlaceholders(key, values, placeholders);
  if (values.some((v) => v.kind === "null") && values.length > 1) {
    throw badItem(`'${key}': null cannot be part of a list of values`);
  }

  const state = initialState(values);
  for (const name of modifierNames) {
    const modifier = findModifier(name);
    if (!modifier) throw new TocsinError("SIGMA_UNKNOWN_MODIFIER", `unknown modifier '${name}' in '${key}'`);
    modifier.apply(state);
    state.applied.push(name);
  }
  if (state.all && rawValues.length === 1 && field !== null) {
    // The specification forbids `all` on a single value; it means the same as without it.
    state.all = false;
  }
  // Keywords without wildcards of their own search the whole event, so they match as substrings.
  if (field === null && !state.regex && modifierNames.every((m) => m === "all" || m === "cased")) {
    state.values = state.values.map((v) =>
      v.kind === "text" && !v.parts.some((p) => typeof p !== "string")
        ? { kind: "text", parts: [STAR, ...v.parts, STAR] }
        : v,
    );
  }
  return {
    kind: "field",
    field,
    modifiers: modifierNames,
    tests: state.values.map((v) => toTest(key, v, state)),
    all: state.all,
    negate: state.negate,
  };
}

function toSigmaValue(key: string, v: unknown, rawText: boolean): SigmaValue {
  if (v === null || v === undefined) return { kind: "null" };
  if (typeof v === "number") return { kind: "number", value: v };
  if (typeof v === "boolean") return { kind: "boolean", value: v };
  if (typeof v === "string") return { kind: "text", parts: rawText ? literalGlob(v) : parseGlob(v) };
  throw badItem(`'${key}' has a value of unsupported type ${Array.isArray(v) ? "list" : typeof v}`);
}

const PLACEHOLDER = /(?<!\\)%([^%\s]+)%/g;

function expandPlaceholders(key: string, values: SigmaValue[], placeholders: Placeholders): SigmaValue[] {
  const out: SigmaValue[] = [];
  for (const v of values) {
    if (v.kind !== "text") {
      out.push(v);
      continue;
    }
    let variants = [""];
    const text = v.parts.join("");
    let last = 0;
    for (const m of text.matchAll(PLACEHOLDER)) {
      const name = m[1] as string;
      const given = placeholders[name];
      if (!given || given.length === 0) {
        throw new TocsinError(
          "SIGMA_MISSING_PLACEHOLDER",
          `'${key}' needs a value for placeholder %${name}% (give one with --placeholder ${name}=VALUE or a pipeline)`,
        );
      }
      const before = text.slice(last, m.index).replace(/\\%/g, "%");
      variants = variants.flatMap((prefix) => given.map((g) => prefix + before + g));
      last = (m.index ?? 0) + m[0].length;
    }
    const tail = text.slice(last).replace(/\\%/g, "%");
    for (const variant of variants) out.push({ kind: "text", parts: parseGlob(variant + tail) });
  }
  return out;
}

function toTest(key: string, v: SigmaValue, state: ModifierState): ValueTest {
  if (state.exists) return { kind: "exists", exists: v.kind === "boolean" && v.value };
  switch (v.kind) {
    case "null":
      return { kind: "null" };
    case "regex":
      return { kind: "regex", source: v.source, flags: { ...(state.regex ?? { i: false, m: false, s: false }) } };
    case "cidr":
      return { kind: "cidr", cidr: v.cidr };
    case "fieldref":
      return { kind: "fieldref", field: v.field, cased: state.cased };
    case "number":
      if (state.compare) {
        return state.timePart
          ? { kind: "compare", op: state.compare, value: v.value, timePart: state.timePart }
          : { kind: "compare", op: state.compare, value: v.value };
      }
      return { kind: "string", parts: [String(v.value)], cased: state.cased, windash: state.windash };
    case "boolean":
      return { kind: "string", parts: [String(v.value)], cased: state.cased, windash: state.windash };
    case "bytes":
      return { kind: "string", parts: [Buffer.from(v.bytes).toString("latin1")], cased: state.cased, windash: false };
    case "text":
      if (state.compare) throw badItem(`'${key}' compares numbers but has a text value`);
      return { kind: "string", parts: v.parts, cased: state.cased, windash: state.windash };
  }
}
