import type { EventLogSource } from "../core/index.js";
import type { RuleLogSource } from "./rule.js";

/**
 * True when a rule's log source covers an event's: every part the rule names must be the
 * event's (a rule naming only `product: windows` sees every Windows event).
 */
export function logsourceCovers(rule: RuleLogSource, event: EventLogSource): boolean {
  if (rule.product !== undefined && rule.product !== event.product) return false;
  if (rule.service !== undefined && rule.service !== event.service) return false;
  if (rule.category !== undefined && !event.categories.includes(rule.category)) return false;
  return true;
}

/** A stable key for an event log source, to cache per-source work. */
export function logsourceKey(event: EventLogSource): string {
  return `${event.product ?? ""}|${event.service ?? ""}|${event.categories.join(",")}`;
}
