import { parseIp } from "../../core/index.js";
import { dict } from "../syslog/message.js";

/** What a program's auth message says, as format fields and the ECS fields they give. */
export interface AuthDetails {
  readonly fields: Record<string, unknown>;
  readonly ecs: Record<string, string | number>;
}

/** An empty AuthDetails to fill. */
export function authDetails(): AuthDetails {
  return { fields: dict<unknown>(), ecs: {} };
}

/** Puts a user name in `field` and, when given, in an ECS field (`user.name`, `user.target.name`). */
export function putUser(d: AuthDetails, field: string, value: string | undefined, ecsField?: string): void {
  if (value === undefined || value === "") return;
  d.fields[field] = value;
  if (ecsField !== undefined) d.ecs[ecsField] = value;
}

/** Puts a client address and port: `source_ip` / `source_port`, and ECS source.ip / source.port when valid. */
export function putSource(d: AuthDetails, ip: string | undefined, port?: string): void {
  if (ip !== undefined && ip !== "") {
    d.fields.source_ip = ip;
    if (parseIp(ip) !== null) d.ecs["source.ip"] = ip;
  }
  if (port !== undefined && /^\d{1,5}$/.test(port) && Number(port) <= 65535) {
    d.fields.source_port = Number(port);
    d.ecs["source.port"] = Number(port);
  }
}

/** Sets event.action, event.outcome (when known) and event.category (ECS allowed values). */
export function putAction(
  d: AuthDetails,
  action: string,
  outcome: "success" | "failure" | undefined,
  category: "authentication" | "session" | "iam" | "process",
): void {
  d.fields.action = action;
  d.ecs["event.action"] = action;
  if (outcome !== undefined) {
    d.fields.outcome = outcome;
    d.ecs["event.outcome"] = outcome;
  }
  d.ecs["event.category"] = category;
}
