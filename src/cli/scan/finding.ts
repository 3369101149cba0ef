import type { Event } from "../../core/index.js";
import type { Detection } from "../../detect/index.js";
import type { Level } from "../../sigma/index.js";

/** A detection placed in its file, as the scan reports it. */
export interface Finding {
  readonly rule: {
    readonly id: string;
    readonly title: string;
    readonly level: Level;
    readonly tags: readonly string[];
  };
  readonly source: { readonly file: string; readonly record: number; readonly recordId?: number };
  readonly timestamp: string | null;
  /** The matched event as read (for a correlation, the last event that completed it). */
  readonly event: unknown;
  readonly host: string | undefined;
  readonly correlation?: {
    readonly type: string;
    readonly group: Readonly<Record<string, string>>;
    readonly value: number;
    readonly events: number;
  };
}

/** Where an event came from, kept while it is matched. */
export interface EventOrigin {
  readonly file: string;
  readonly record: number;
  readonly recordId?: number;
}

// The host an analyst would name: Windows' Computer, a syslog hostname, else the source address
// of network and sign-in records (Zeek, firewalls, CloudTrail, Okta, Entra ID).
const HOST_FIELDS = [
  "Computer",
  "host.name",
  "hostname",
  "id.orig_h",
  "src_ip",
  "src",
  "sourceIPAddress",
  "client.ipAddress",
  "ipAddress",
  "IPAddress",
  "host",
];

function hostOf(event: Event): string | undefined {
  for (const field of HOST_FIELDS) {
    const v = event.doc.get(field);
    if (typeof v === "string" && v !== "") return v;
  }
  return undefined;
}

/** ATT&CK technique ids named by a rule's tags (`attack.t1059.001` → `T1059.001`). */
export function techniques(tags: readonly string[]): string[] {
  return tags.filter((t) => /^attack\.t\d{4}(\.\d{3})?$/.test(t)).map((t) => t.slice(7).toUpperCase());
}

/** Builds the finding of a detection; `originOf` tells where an event was read. */
export function toFinding(
  detection: Detection,
  originOf: (event: Event) => EventOrigin | undefined,
): Finding | undefined {
  const event = detection.kind === "match" ? detection.event : detection.hit.events[detection.hit.events.length - 1];
  if (!event) return undefined;
  const origin = originOf(event) ?? { file: "", record: -1 };
  const rule = detection.rule;
  const base = {
    rule: { id: rule.id, title: rule.title, level: rule.level, tags: rule.tags },
    source: origin,
    timestamp: event.timestamp ?? null,
    event: event.raw,
    host: hostOf(event),
  };
  if (detection.kind === "match") return base;
  const hit = detection.hit;
  return {
    ...base,
    timestamp: new Date(hit.lastMs).toISOString(),
    correlation: { type: hit.correlation.type, group: hit.group, value: hit.value, events: hit.events.length },
  };
}
