import { type EventLogSource, type Result, fail, ok } from "../../core/index.js";
import { type EcsFields, putIp, putText } from "../ecs/values.js";
import { lookupPath } from "../json/lookup.js";
import { type JsonReader, asObject, jsonOutcomes, notAnObject, readValue } from "../json/outcomes.js";
import { isoFromText } from "../json/time.js";
import { type LogFormat, type ParseContext, type ParsedEvent, formatIssue } from "../parser.js";
import { child, putGeo, serviceLogsource } from "./common.js";
import { EntraDocument, type EntraService } from "./entra-document.js";

type Obj = Readonly<Record<string, unknown>>;

const LOGSOURCES: Readonly<Record<EntraService, EventLogSource>> = {
  signinlogs: serviceLogsource("azure", "signinlogs"),
  auditlogs: serviceLogsource("azure", "auditlogs"),
};

/** Diagnostic-settings categories and Log Analytics table names of the two services. */
const CATEGORIES: Readonly<Record<string, EntraService>> = {
  signinlogs: "signinlogs",
  noninteractiveusersigninlogs: "signinlogs",
  serviceprincipalsigninlogs: "signinlogs",
  managedidentitysigninlogs: "signinlogs",
  aadnoninteractiveusersigninlogs: "signinlogs",
  aadserviceprincipalsigninlogs: "signinlogs",
  aadmanagedidentitysigninlogs: "signinlogs",
  auditlogs: "auditlogs",
};

const TIME_FIELDS = ["time", "createdDateTime", "activityDateTime", "TimeGenerated"];

/** Which service a record belongs to, and the object holding its details. */
function recognise(r: Obj): { service: EntraService; props: Obj } | string {
  const props = child(r, "properties");
  const named = typeof r.category === "string" && props !== undefined ? r.category : r.Type;
  if (typeof named === "string") {
    const service = CATEGORIES[named.toLowerCase()];
    if (service === undefined || !Object.hasOwn(CATEGORIES, named.toLowerCase())) {
      return `category ${JSON.stringify(named.slice(0, 60))} is not a sign-in or audit log`;
    }
    return { service, props: props ?? r };
  }
  // Microsoft Graph objects: signIn (createdDateTime, status) and directoryAudit (activityDateTime).
  if (r.createdDateTime !== undefined && (r.status !== undefined || r.userPrincipalName !== undefined)) {
    return { service: "signinlogs", props: r };
  }
  if (r.activityDateTime !== undefined && r.activityDisplayName !== undefined)
    return { service: "auditlogs", props: r };
  return "neither a diagnostic-settings record (category, properties) nor a Graph signIn or directoryAudit object";
}

/** A value by its path, exactly or without regard to case (Log Analytics rows say `UserPrincipalName`). */
function read(o: Obj, name: string): unknown {
  const v = o[name];
  return v !== undefined ? v : lookupPath(o, name, true);
}

function signInEcs(r: Obj, p: Obj, out: EcsFields): void {
  out["event.category"] = "authentication";
  putText(out, "user.name", read(p, "userPrincipalName"));
  putText(out, "user.id", read(p, "userId"));
  putText(out, "user.full_name", read(p, "userDisplayName"));
  putIp(out, "source.ip", read(p, "ipAddress") ?? r.callerIpAddress);
  putText(out, "user_agent.original", read(p, "userAgent"));
  putText(out, "event.action", r.operationName);
  const code = read(p, "status.errorCode") ?? read(r, "resultType");
  if (code === 0 || code === "0") out["event.outcome"] = "success";
  else if (typeof code === "number" || (typeof code === "string" && /^\d{1,10}$/.test(code)))
    out["event.outcome"] = "failure";
  const location = child(p, "location");
  if (location !== undefined) putGeo(out, "source", location);
}

function auditEcs(r: Obj, p: Obj, out: EcsFields): void {
  const user = read(p, "initiatedBy.user");
  if (user !== null && typeof user === "object" && !Array.isArray(user)) {
    const u = user as Obj;
    putText(out, "user.name", read(u, "userPrincipalName"));
    putText(out, "user.id", read(u, "id"));
    putIp(out, "source.ip", read(u, "ipAddress"));
  }
  putIp(out, "source.ip", r.callerIpAddress);
  putText(out, "event.action", read(p, "activityDisplayName") ?? read(r, "operationName"));
  const result = read(p, "result");
  const outcome = typeof result === "string" ? result.toLowerCase() : undefined;
  if (outcome === "success" || outcome === "failure") out["event.outcome"] = outcome;
}

function entraEcs(service: EntraService, r: Obj, p: Obj): EcsFields {
  const out: EcsFields = { "cloud.provider": "azure" };
  putText(out, "event.id", p.id ?? r.id);
  if (service === "signinlogs") signInEcs(r, p, out);
  else auditEcs(r, p, out);
  return out;
}

/**
 * The event of one Entra ID sign-in or audit record, as Azure Monitor diagnostic settings export
 * it (`category: SignInLogs|AuditLogs`, details under `properties`), as Log Analytics rows, or
 * as Microsoft Graph `signIn` / `directoryAudit` objects: `product: azure`, `service: signinlogs`
 * or `auditlogs`, with a document answering the names Sigma's azure rules use (entraDocument).
 */
export function entraEvents(value: unknown, context: ParseContext, line: number): Result<readonly ParsedEvent[]> {
  const record = asObject(value);
  if (record === undefined) return fail(notAnObject(value, context, line));
  const kind = recognise(record);
  if (typeof kind === "string") return fail(formatIssue("FORMAT_UNRECOGNISED", kind, context.source, line));
  const { service, props } = kind;
  let timestamp: string | undefined;
  for (const field of TIME_FIELDS) {
    const v = record[field];
    if (v === undefined) continue;
    timestamp = typeof v === "string" ? isoFromText(v) : undefined;
    if (timestamp === undefined) {
      const message = `${field} ${JSON.stringify(v).slice(0, 60)} is not an ISO 8601 time`;
      return fail(formatIssue("FORMAT_BAD_FIELD", message, context.source, line, field));
    }
    break;
  }
  const logsource = LOGSOURCES[service];
  const doc = new EntraDocument(record, props, service);
  const event = timestamp === undefined ? { logsource, doc, raw: value } : { logsource, timestamp, doc, raw: value };
  return ok([{ event, ecs: entraEcs(service, record, props), fields: record }]);
}

/** Diagnostic exports hold `{"records": [...]}`; Graph list responses `{"value": [...]}`. */
function records(value: unknown): readonly unknown[] | undefined {
  const object = asObject(value);
  if (object === undefined) return undefined;
  if (Array.isArray(object.records)) return object.records;
  return Array.isArray(object.value) ? object.value : undefined;
}

/** A log file is one JSON value holding every record: it may be far longer than one record. */
const CONTAINER_LIMITS = { maxRecordLength: 256 * 1024 * 1024, maxDepth: 256 };

const READER: JsonReader = { expand: records, read: entraEvents, limits: CONTAINER_LIMITS };

/**
 * Microsoft Entra ID (Azure AD) sign-in and audit logs.
 *
 * @example for (const o of entra.parseText(blob, { source: "PT1H.json" })) if (o.ok) use(o.events);
 */
export const entra: LogFormat = {
  id: "entra",
  title: "Microsoft Entra ID sign-in and audit logs (diagnostic settings export, Graph API)",
  logsources: ["product: azure, service: signinlogs", "product: azure, service: auditlogs"],
  parseText: (text, context = {}) => jsonOutcomes(text, context, READER),
  parseValue: (value, context = {}) => readValue(value, context, READER),
  sniff: (sample) =>
    sample.startsWith("{") &&
    (/"category":\s*"(SignInLogs|AuditLogs|NonInteractiveUserSignInLogs|ServicePrincipalSignInLogs)"/.test(sample) ||
      sample.includes('"@odata.context"')),
};
