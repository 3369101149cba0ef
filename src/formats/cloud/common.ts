import { type EventLogSource, type Issue, type Result, fail } from "../../core/index.js";
import type { EcsFields } from "../ecs/values.js";
import { isoFromText } from "../json/time.js";
import { type ParseContext, formatIssue } from "../parser.js";

/** The value of an object's key when it is a plain object, else undefined. */
export function child(v: unknown, key: string): Readonly<Record<string, unknown>> | undefined {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return undefined;
  const c = (v as Record<string, unknown>)[key];
  return c !== null && typeof c === "object" && !Array.isArray(c) ? (c as Record<string, unknown>) : undefined;
}

/** A frozen log source with no category. */
export function serviceLogsource(product: string, service: string): EventLogSource {
  return Object.freeze({ product, service, categories: Object.freeze([]) as readonly string[] });
}

/**
 * The ISO 8601 UTC time of a required time field, or the issue saying it is missing or malformed.
 */
export function requiredTime(
  record: Readonly<Record<string, unknown>>,
  field: string,
  context: ParseContext,
  line: number,
): Result<string> {
  const v = record[field];
  if (v === undefined || v === null) return fail(missing(field, context, line));
  const iso = typeof v === "string" ? isoFromText(v) : undefined;
  if (iso === undefined) {
    const message = `${field} ${JSON.stringify(v).slice(0, 60)} is not an ISO 8601 time`;
    return fail(formatIssue("FORMAT_BAD_FIELD", message, context.source, line, field));
  }
  return { ok: true, value: iso };
}

/** The issue of a missing required field. */
export function missing(field: string, context: ParseContext, line: number): Issue {
  return formatIssue("FORMAT_MISSING_FIELD", `${field} is missing`, context.source, line, field);
}

/** The issue of a field of the wrong type. */
export function wrongType(field: string, expected: string, context: ParseContext, line: number): Issue {
  return formatIssue("FORMAT_BAD_FIELD", `${field} must be ${expected}`, context.source, line, field);
}

/** Sets `source.geo.*` from city, region, country and coordinates, when given. */
export function putGeo(out: EcsFields, prefix: string, geo: Readonly<Record<string, unknown>>): void {
  for (const [key, field] of [
    ["city", "city_name"],
    ["city_name", "city_name"],
    ["state", "region_name"],
    ["region", "region_name"],
    ["country", "country_name"],
    ["countryOrRegion", "country_iso_code"],
    ["postalCode", "postal_code"],
  ] as const) {
    const v = geo[key];
    if (typeof v === "string" && v !== "" && !Object.hasOwn(out, `${prefix}.geo.${field}`))
      out[`${prefix}.geo.${field}`] = v;
  }
  const coords = child(geo, "geolocation") ?? child(geo, "geoCoordinates");
  const lat = coords?.lat ?? coords?.latitude;
  const lon = coords?.lon ?? coords?.longitude;
  if (typeof lat === "number" && typeof lon === "number" && Math.abs(lat) <= 90 && Math.abs(lon) <= 180) {
    out[`${prefix}.geo.location.lat`] = lat;
    out[`${prefix}.geo.location.lon`] = lon;
  }
}
