import { type Result, fail, getPath, ok } from "../../core/index.js";
import { type EcsFields, putIp, putText } from "../ecs/values.js";
import { LookupDocument } from "../json/lookup.js";
import { type JsonReader, asObject, jsonOutcomes, notAnObject, readValue } from "../json/outcomes.js";
import type { LogFormat, ParseContext, ParsedEvent } from "../parser.js";
import { missing, requiredTime, serviceLogsource, wrongType } from "./common.js";

const LOGSOURCE = serviceLogsource("aws", "cloudtrail");

/**
 * Why a CloudTrail value holds no event to detect on, or undefined when it is an event: digest
 * files (integrity data: `digestStartTime`, `digestPublicKeyFingerprint`) and Insight events
 * (`eventCategory: "Insight"`, statistics about API call rates). Such records are ok outcomes
 * with no events; callers that report what they set aside ask this.
 */
export function cloudTrailSetAside(value: unknown): string | undefined {
  const record = asObject(value);
  if (record === undefined) return undefined;
  if (record.digestStartTime !== undefined || record.digestPublicKeyFingerprint !== undefined) {
    return "CloudTrail digest file (log integrity data, not an event)";
  }
  if (record.eventCategory === "Insight") return "CloudTrail Insight event (API rate statistics)";
  return undefined;
}

/** The user name of a userIdentity: userName, else the session of an assumed role or federated user. */
function userName(get: (name: string) => unknown): unknown {
  const name = get("userIdentity.userName");
  if (typeof name === "string") return name;
  const type = get("userIdentity.type");
  const arn = get("userIdentity.arn");
  if ((type === "AssumedRole" || type === "FederatedUser") && typeof arn === "string") {
    // arn:aws:sts::123456789012:assumed-role/RoleName/session-name: the session names the user.
    const slash = arn.lastIndexOf("/");
    return slash === -1 ? undefined : arn.slice(slash + 1);
  }
  return undefined;
}

/** ECS fields of a record, nested as CloudTrail writes it or flattened to dotted keys by a shipper. */
function cloudTrailEcs(r: Readonly<Record<string, unknown>>): EcsFields {
  const get = (name: string): unknown => getPath(r, name);
  const out: EcsFields = { "cloud.provider": "aws" };
  putText(out, "cloud.region", r.awsRegion);
  putText(out, "cloud.account.id", r.recipientAccountId ?? get("userIdentity.accountId"));
  putText(out, "user.name", userName(get));
  putText(out, "user.id", get("userIdentity.principalId"));
  // sourceIPAddress holds an AWS service name (`ec2.amazonaws.com`) when a service made the call.
  putIp(out, "source.ip", r.sourceIPAddress);
  if (!Object.hasOwn(out, "source.ip")) putText(out, "source.domain", r.sourceIPAddress);
  putText(out, "user_agent.original", r.userAgent);
  putText(out, "event.action", r.eventName);
  putText(out, "event.provider", r.eventSource);
  putText(out, "event.id", r.eventID);
  putText(out, "error.code", r.errorCode);
  putText(out, "error.message", r.errorMessage);
  const failed = r.errorCode !== undefined || get("responseElements.ConsoleLogin") === "Failure";
  out["event.outcome"] = failed ? "failure" : "success";
  return out;
}

/**
 * The event of one CloudTrail record: `product: aws, service: cloudtrail`, its fields as
 * CloudTrail writes them (`eventName`, `userIdentity.arn`, `requestParameters.userName`) read by
 * dotted paths. Digest files and Insight events give no event (cloudTrailSetAside).
 */
export function cloudTrailEvents(value: unknown, context: ParseContext, line: number): Result<readonly ParsedEvent[]> {
  const record = asObject(value);
  if (record === undefined) return fail(notAnObject(value, context, line));
  if (cloudTrailSetAside(record) !== undefined) return ok([]);
  for (const field of ["eventName", "eventSource"]) {
    if (record[field] === undefined) return fail(missing(field, context, line));
    if (typeof record[field] !== "string" || record[field] === "")
      return fail(wrongType(field, "a non-empty string", context, line));
  }
  const time = requiredTime(record, "eventTime", context, line);
  if (!time.ok) return time;
  const event = { logsource: LOGSOURCE, timestamp: time.value, doc: new LookupDocument(record, true), raw: value };
  return ok([{ event, ecs: cloudTrailEcs(record), fields: record }]);
}

function records(value: unknown): readonly unknown[] | undefined {
  const object = asObject(value);
  return object !== undefined && Array.isArray(object.Records) ? object.Records : undefined;
}

/** A log file is one JSON value holding every record: it may be far longer than one record. */
const CONTAINER_LIMITS = { maxRecordLength: 256 * 1024 * 1024, maxDepth: 256 };

const READER: JsonReader = { expand: records, read: cloudTrailEvents, limits: CONTAINER_LIMITS };

/**
 * AWS CloudTrail: log files (`{"Records": [...]}`, one outcome a record), single events (as
 * EventBridge or CloudTrail Lake give them), NDJSON of events; digest files and Insight events
 * are read and set aside with no events.
 *
 * @example for (const o of cloudtrail.parseText(gunzipped, { source: key })) if (o.ok) use(o.events);
 */
export const cloudtrail: LogFormat = {
  id: "cloudtrail",
  title: "AWS CloudTrail log files and events",
  logsources: ["product: aws, service: cloudtrail"],
  parseText: (text, context = {}) => jsonOutcomes(text, context, READER),
  parseValue: (value, context = {}) => readValue(value, context, READER),
  sniff: (sample) =>
    sample.startsWith("{") &&
    (sample.includes('"Records"') || (sample.includes('"eventSource"') && sample.includes('"eventName"'))),
};
