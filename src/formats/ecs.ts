import { type Event, getPath } from "../core/index.js";
import { powershellEntities } from "./ecs/powershell.js";
import { securityEntities } from "./ecs/security.js";
import { sysmonEntities } from "./ecs/sysmon.js";
import { type EcsFields, presentNumber, putNumber, putText } from "./ecs/values.js";

/** Every ECS entity field ecsEntities can give, in the order they are documented. */
export const ECS_ENTITY_FIELDS: readonly string[] = [
  "host.name",
  "user.name",
  "user.domain",
  "user.id",
  "user.target.name",
  "user.target.domain",
  "group.name",
  "group.domain",
  "source.ip",
  "source.port",
  "destination.ip",
  "destination.port",
  "destination.domain",
  "network.transport",
  "process.executable",
  "process.name",
  "process.pid",
  "process.command_line",
  "process.parent.executable",
  "process.parent.name",
  "process.parent.pid",
  "process.parent.command_line",
  "process.hash.md5",
  "process.hash.sha1",
  "process.hash.sha256",
  "process.pe.imphash",
  "file.path",
  "file.name",
  "file.hash.md5",
  "file.hash.sha1",
  "file.hash.sha256",
  "file.pe.imphash",
  "dns.question.name",
  "registry.path",
  "registry.value",
  "registry.data.strings",
  "service.name",
  "event.code",
  "event.action",
  "event.outcome",
  "event.category",
  "winlog.channel",
  "winlog.record_id",
];

/** A scalar, or the scalars of an array joined by commas (ECS `event.category` is a list). */
function flat(v: unknown): string | number | undefined {
  if (typeof v === "number") return Number.isFinite(v) ? v : undefined;
  if (typeof v === "string") return v === "" ? undefined : v;
  if (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === "string" || typeof x === "number")) {
    return v.join(",");
  }
  return undefined;
}

/**
 * The ECS entity fields of an event, flat with dotted names (`process.command_line`). For a
 * Windows event they are derived from its Sigma field names (Sysmon by event id; Security
 * 1102, 4624–4776, 5140–5156; PowerShell 4103/4104), whatever shape it came in; then the ECS
 * fields the record already holds (Winlogbeat, Elastic Agent, ECS JSON) fill what is still
 * missing. Absent values and Windows' "-" placeholder are left out; nothing is guessed.
 *
 * @example
 * ecsEntities(eventFromEvtxJson(record)!)["process.command_line"];
 */
export function ecsEntities(event: Event): Readonly<Record<string, string | number>> {
  const out: EcsFields = {};
  if (event.logsource.product === "windows") {
    const get = (name: string): unknown => event.doc.get(name);
    const id = presentNumber(get("EventID"));
    putText(out, "host.name", get("Computer"));
    if (id !== undefined) out["event.code"] = String(id);
    putText(out, "winlog.channel", get("Channel"));
    putNumber(out, "winlog.record_id", get("EventRecordID"));
    if (id !== undefined) {
      const service = event.logsource.service;
      if (service === "sysmon") sysmonEntities(id, get, out);
      else if (service === "security") securityEntities(id, get, out);
      else if (service === "powershell") powershellEntities(id, get, out);
    }
  }
  if (!mayHoldEcs(event.raw)) return out;
  for (const key of ECS_ENTITY_FIELDS) {
    if (Object.hasOwn(out, key)) continue;
    const v = flat(getPath(event.raw, key));
    if (v !== undefined) out[key] = v;
  }
  return out;
}

/** The first part of every ECS entity field name: `process` of `process.command_line`. */
const ECS_ROOTS: ReadonlySet<string> = new Set(ECS_ENTITY_FIELDS.map((f) => f.slice(0, f.indexOf("."))));

/**
 * Whether a record may carry ECS fields: it has a top-level key that starts one (`process`,
 * `process.pid`). A rendered Windows event (`{"Event": ...}`) has none, which spares its
 * every event forty failed path lookups.
 */
function mayHoldEcs(raw: unknown): boolean {
  if (raw === null || typeof raw !== "object") return false;
  for (const key in raw as Record<string, unknown>) {
    const dot = key.indexOf(".");
    if (ECS_ROOTS.has(dot === -1 ? key : key.slice(0, dot))) return true;
  }
  return false;
}
