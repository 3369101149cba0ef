import { InvalidArgumentError } from "commander";
import type { EventLogSource } from "../core/index.js";
import { LEVELS, type Level } from "../sigma/index.js";

/** Parses a level name for commander. */
export function parseLevel(value: string): Level {
  const level = value.toLowerCase() as Level;
  if (!LEVELS.includes(level)) throw new InvalidArgumentError(`expected one of ${LEVELS.join(", ")}`);
  return level;
}

/** Collects a repeatable option into a list. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Collects `name=v1,v2` placeholder values. */
export function collectPlaceholder(value: string, previous: Record<string, string[]> = {}): Record<string, string[]> {
  const eq = value.indexOf("=");
  if (eq <= 0) throw new InvalidArgumentError("expected NAME=VALUE[,VALUE...]");
  const name = value.slice(0, eq);
  return { ...previous, [name]: [...(previous[name] ?? []), ...value.slice(eq + 1).split(",")] };
}

/** Parses `product=linux,category=process_creation,service=auditd`. */
export function parseLogsource(value: string): EventLogSource {
  const out: { product?: string; service?: string; categories: string[] } = { categories: [] };
  for (const part of value.split(",")) {
    const [key, v] = part.split("=", 2);
    if (!v || !key) throw new InvalidArgumentError("expected product=P,category=C,service=S");
    if (key === "product") out.product = v;
    else if (key === "service") out.service = v;
    else if (key === "category") out.categories.push(v);
    else throw new InvalidArgumentError(`unknown log source part '${key}'`);
  }
  return out;
}

/** Parses an output format among the allowed ones. */
export function oneOf<T extends string>(allowed: readonly T[]): (value: string) => T {
  return (value) => {
    if (!allowed.includes(value as T)) throw new InvalidArgumentError(`expected one of ${allowed.join(", ")}`);
    return value as T;
  };
}
