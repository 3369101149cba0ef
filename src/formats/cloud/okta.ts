import { type Result, fail, getPath, ok } from "../../core/index.js";
import { type EcsFields, putIp, putText } from "../ecs/values.js";
import { LookupDocument } from "../json/lookup.js";
import { type JsonReader, asObject, jsonOutcomes, notAnObject, readValue } from "../json/outcomes.js";
import type { LogFormat, ParseContext, ParsedEvent } from "../parser.js";
import { child, missing, putGeo, requiredTime, serviceLogsource, wrongType } from "./common.js";

const LOGSOURCE = serviceLogsource("okta", "okta");

const OUTCOMES: Readonly<Record<string, string>> = {
  SUCCESS: "success",
  ALLOW: "success",
  FAILURE: "failure",
  DENY: "failure",
};

/** ECS fields of an event, nested as Okta writes it or flattened to dotted keys by a shipper. */
function oktaEcs(r: Readonly<Record<string, unknown>>): EcsFields {
  const get = (name: string): unknown => getPath(r, name);
  const out: EcsFields = {};
  putText(out, "user.name", get("actor.alternateId"));
  putText(out, "user.id", get("actor.id"));
  putText(out, "user.full_name", get("actor.displayName"));
  putIp(out, "source.ip", get("client.ipAddress"));
  putText(out, "user_agent.original", get("client.userAgent.rawUserAgent"));
  const geo = child(child(r, "client"), "geographicalContext");
  if (geo !== undefined) putGeo(out, "source", geo);
  const asNumber = get("securityContext.asNumber");
  if (typeof asNumber === "number") out["source.as.number"] = asNumber;
  putText(out, "source.as.organization.name", get("securityContext.asOrg"));
  putText(out, "event.action", r.eventType);
  putText(out, "event.id", r.uuid);
  putText(out, "message", r.displayMessage);
  const result = get("outcome.result");
  const outcome = typeof result === "string" && Object.hasOwn(OUTCOMES, result) ? OUTCOMES[result] : undefined;
  if (outcome !== undefined) out["event.outcome"] = outcome;
  putText(out, "event.reason", get("outcome.reason"));
  return out;
}

/**
 * The event of one Okta System Log event (API `/api/v1/logs` item, event hook or export):
 * `product: okta, service: okta`, fields as Okta writes them (`eventType`, `displayMessage`,
 * `actor.alternateId`, `target.displayName` over every target); names are also answered without
 * regard to case (`eventtype`, `displaymessage`).
 */
export function oktaEvents(value: unknown, context: ParseContext, line: number): Result<readonly ParsedEvent[]> {
  const record = asObject(value);
  if (record === undefined) return fail(notAnObject(value, context, line));
  if (record.eventType === undefined) return fail(missing("eventType", context, line));
  if (typeof record.eventType !== "string" || record.eventType === "") {
    return fail(wrongType("eventType", "a non-empty string", context, line));
  }
  const time = requiredTime(record, "published", context, line);
  if (!time.ok) return time;
  const event = { logsource: LOGSOURCE, timestamp: time.value, doc: new LookupDocument(record, true), raw: value };
  return ok([{ event, ecs: oktaEcs(record), fields: record }]);
}

/** An event hook's body (`{"data": {"events": [...]}}`) holds several events. */
function hookEvents(value: unknown): readonly unknown[] | undefined {
  const events = child(value, "data")?.events;
  return Array.isArray(events) ? events : undefined;
}

const READER: JsonReader = { expand: hookEvents, read: oktaEvents };

/**
 * Okta System Log events: the API's JSON array, NDJSON exports, or event hook bodies.
 *
 * @example for (const o of okta.parseText(body)) if (o.ok) use(o.events);
 */
export const okta: LogFormat = {
  id: "okta",
  title: "Okta System Log events",
  logsources: ["product: okta, service: okta"],
  parseText: (text, context = {}) => jsonOutcomes(text, context, READER),
  parseValue: (value, context = {}) => readValue(value, context, READER),
  sniff: (sample) =>
    (sample.startsWith("{") || sample.startsWith("[")) &&
    sample.includes('"eventType"') &&
    sample.includes('"published"') &&
    sample.includes('"actor"'),
};
