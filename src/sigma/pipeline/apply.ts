import type { EventLogSource } from "../../core/index.js";
import type { Placeholders } from "../detection-item.js";
import type { RuleLogSource } from "../rule.js";
import type { LogSourceCondition, Pipeline } from "./pipeline.js";

function conditionHolds(when: LogSourceCondition | undefined, source: EventLogSource): boolean {
  if (!when) return true;
  if (when.product !== undefined && when.product !== source.product) return false;
  if (when.service !== undefined && when.service !== source.service) return false;
  if (when.category !== undefined && !source.categories.includes(when.category)) return false;
  return true;
}

/**
 * The event field names a rule field stands for, for a rule's log source and the log source of
 * the events it is matched against, after every pipeline's transformations in priority order. Several names mean any of them.
 */
export function fieldResolver(
  pipelines: readonly Pipeline[],
  rule: RuleLogSource,
  event: EventLogSource,
): (field: string) => string[] {
  const ruleAsSource: EventLogSource = { ...rule, categories: rule.category === undefined ? [] : [rule.category] };
  const steps = [...pipelines]
    .sort((a, b) => a.priority - b.priority)
    .flatMap((p) =>
      p.transformations.filter((t) => conditionHolds(t.when.rule, ruleAsSource) && conditionHolds(t.when.event, event)),
    );
  if (steps.length === 0) return (field) => [field];
  const cache = new Map<string, string[]>();
  return (field) => {
    const known = cache.get(field);
    if (known) return known;
    let names = [field];
    for (const step of steps) {
      names = names.flatMap((name): string[] => {
        switch (step.kind) {
          case "field_name_mapping":
            return Object.hasOwn(step.mapping, name) ? [...(step.mapping[name] ?? [])] : [name];
          case "field_name_prefix_mapping": {
            for (const [from, to] of Object.entries(step.mapping)) {
              if (name.startsWith(from)) return [to + name.slice(from.length)];
            }
            return [name];
          }
          case "field_name_prefix":
            return [step.prefix + name];
          default:
            return [name + step.suffix];
        }
      });
    }
    cache.set(field, names);
    return names;
  };
}

/** The placeholder values of all pipelines, later pipelines adding to earlier ones. */
export function pipelinePlaceholders(pipelines: readonly Pipeline[], extra: Placeholders = {}): Placeholders {
  const out: Record<string, string[]> = {};
  for (const p of [...pipelines].sort((a, b) => a.priority - b.priority)) {
    for (const [k, v] of Object.entries(p.vars)) out[k] = [...(out[k] ?? []), ...v];
  }
  for (const [k, v] of Object.entries(extra)) out[k] = [...(out[k] ?? []), ...v];
  return out;
}
