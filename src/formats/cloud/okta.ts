import { type Result, fail, ok } from "../../core/index.js";
import { type EcsFields, putIp, putText } from "../ecs/values.js";
import { type JsonReader, asObject, jsonOutcomes, notAnObject, readValue } from "../json/outcomes.js";
import type { LogFormat, ParseContext, ParsedEvent } from "../parser.js";
import { child, cloudDocument, missing, putGeo, requiredTime, serviceLogsource, wrongType } from "./common.js";

const LOGSOURCE = serviceLogsource("okta", "okta");

const OUTCOMES: Readonly<Record<string, string>> = {
  SUCCESS: "success",
  ALLOW: "success",
  FAILURE: "failure",
  DENY: "failure",
};

function oktaEcs(r: Readonly<Record<string, unknown>>): EcsFields {
  const out: EcsFields = {};
  const actor = child(r, "actor");
  if (actor !== undefined) {
    putText(out, "user.name", actor.alternateId);
    putText(out, "user.id", actor.id);
    putText(out, "user.full_name", actor.displayName);
  }
  const client = child(r, "client");
  if (client !== undefined) {
    putIp(out, "source.ip", client.ipAddress);
    putText(out, "user_agent.original", child(client, "userAgent")?.rawUserAgent);
    const geo = child(client, "geographicalContext");
    if (geo !== undefined) putGeo(out, "source", geo);
  }
  const security = child(r, "securityContext");
  if (security !== undefined) {
    if (typeof security.asNumber === "number") out["source.as.number"] = security.asNumber;
    putText(out, "source.as.organization.name", security.asOrg);
  }
  putText(out, "event.action", r.eventType);
  putText(out, "event.id", r.uuid);
  putText(out, "message", r.displayMessage);
  const result = child(r, "outcome")?.result;
  const outcome = typeof result === "string" && Object.hasOwn(OUTCOMES, result) ? OUTCOMES[result] : undefined;
  if (outcome !== undefined) out["event.outcome"] = outcome;
  putText(out, "event.reason", child(r, "outcome")?.reason);
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
  const event = { logsource: LOGSOURCE, timestamp: time.value, doc: cloudDocument(record), raw: value };
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
