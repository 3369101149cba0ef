import type { BinXmlNode, BinXmlValue } from "./model.js";

/** A JSON value as rendered for a record. */
export type JsonValue = null | string | number | boolean | readonly JsonValue[] | JsonObject;
/** A JSON object as rendered for a record. */
export interface JsonObject {
  [key: string]: JsonValue;
}

/** The text form of a value, as it appears in XML and in concatenated JSON text. */
export function valueText(v: BinXmlValue): string {
  if (v === null) return "";
  switch (typeof v) {
    case "string":
      return v;
    case "number":
    case "bigint":
      return String(v);
    case "boolean":
      return v ? "true" : "false";
    default:
      if (Array.isArray(v)) return (v as readonly BinXmlValue[]).map(valueText).join(",");
      return "";
  }
}

/** The JSON form of a scalar or array value (nested BinXML is rendered by the caller). */
export function valueJson(v: BinXmlValue): JsonValue {
  if (v === null) return null;
  switch (typeof v) {
    case "string":
    case "boolean":
      return v;
    case "number":
      return Number.isFinite(v) ? v : null; // JSON has no NaN or Infinity
    case "bigint":
      return Number(v);
    default:
      if (Array.isArray(v)) return (v as readonly BinXmlValue[]).map(valueJson);
      return null;
  }
}

/** Sets `obj[key]` as an own property, even for `__proto__`. */
export function setKey(obj: JsonObject, key: string, value: JsonValue): void {
  if (key === "__proto__")
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/** Whether `obj` has own property `key`. */
export function hasKey(obj: JsonObject, key: string): boolean {
  // Values are never undefined, so a miss is decided without the slower own-property check.
  return obj[key] !== undefined && Object.hasOwn(obj, key);
}

/**
 * The index of the array substitution that is an element's only content, or -1. Such an
 * element stands for one element per array item (`<Data>%1</Data>` with a string array
 * renders as several `<Data>` elements).
 */
export function arraySubstitution(children: readonly BinXmlNode[], values: readonly BinXmlValue[]): number {
  if (children.length !== 1) return -1;
  const only = children[0] as BinXmlNode;
  if (only.kind !== "substitution") return -1;
  const v = values[only.index];
  return Array.isArray(v) && v.length > 0 ? only.index : -1;
}

/** `values` with entry `index` replaced by `item`. */
export function withValue(values: readonly BinXmlValue[], index: number, item: BinXmlValue): BinXmlValue[] {
  const copy = values.slice();
  copy[index] = item;
  return copy;
}
