import { LineCounter, isNode, parseDocument } from "yaml";
import { TocsinError } from "../../core/index.js";
import type {
  LogSourceCondition,
  LogSourceMapping,
  Pipeline,
  Transformation,
  TransformationScope,
} from "./pipeline.js";

function isMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function list(v: unknown): string[] {
  return (Array.isArray(v) ? v : [v]).map(String);
}

function pickLogsource(raw: unknown): LogSourceCondition | undefined {
  if (!isMap(raw)) return undefined;
  const out: { product?: string; category?: string; service?: string } = {};
  for (const key of ["product", "category", "service"] as const)
    if (raw[key] !== undefined) out[key] = String(raw[key]);
  return out;
}

function scope(raw: Record<string, unknown>): TransformationScope {
  return { rule: ruleCondition(raw), event: pickLogsource(raw.event_conditions) };
}

function ruleCondition(raw: Record<string, unknown>): LogSourceCondition | undefined {
  const rc = raw.rule_conditions;
  const entries = Array.isArray(rc) ? rc : rc === undefined ? [] : [rc];
  const ls = entries.find((c) => isMap(c) && (c.type === "logsource" || c.type === undefined)) as
    | Record<string, unknown>
    | undefined;
  return pickLogsource(ls);
}

/**
 * Parses a processing pipeline from YAML (a subset of pySigma's format, plus `logsources`).
 * Throws a TocsinError naming the file and line of the first problem.
 *
 * @example
 * parsePipeline(`name: ecs\ntransformations:\n  - type: field_name_mapping\n    mapping: {Image: process.executable}`, "ecs.yml")
 */
export function parsePipeline(text: string, file: string): Pipeline {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter });
  const lineOf = (path: (string | number)[]): number => {
    const node = doc.getIn(path, true);
    return isNode(node) && node.range ? counter.linePos(node.range[0]).line : 1;
  };
  const problem = (path: (string | number)[], message: string): TocsinError =>
    new TocsinError("PIPELINE_INVALID", message, { place: { file, line: lineOf(path), field: path.join(".") } });
  if (doc.errors[0]) {
    throw new TocsinError("PIPELINE_INVALID", `invalid YAML: ${doc.errors[0].message.split("\n")[0]}`, {
      place: { file, line: doc.errors[0].linePos?.[0]?.line ?? 1 },
    });
  }
  const raw = doc.toJS({ maxAliasCount: 100 }) as unknown;
  if (!isMap(raw)) throw problem([], "a pipeline must be a map");
  const vars: Record<string, string[]> = {};
  if (raw.vars !== undefined) {
    if (!isMap(raw.vars)) throw problem(["vars"], "'vars' must map placeholder names to values");
    for (const [k, v] of Object.entries(raw.vars as Record<string, unknown>)) vars[k] = list(v);
  }
  const transformations: Transformation[] = [];
  const steps = raw.transformations ?? [];
  if (!Array.isArray(steps)) throw problem(["transformations"], "'transformations' must be a list");
  for (const [i, step] of (steps as unknown[]).entries()) {
    const at = ["transformations", i];
    if (!isMap(step)) throw problem(at, "a transformation must be a map");
    const when = scope(step);
    switch (step.type) {
      case "field_name_mapping": {
        if (!isMap(step.mapping)) throw problem([...at, "mapping"], "'mapping' must be a map");
        const mapping = Object.fromEntries(Object.entries(step.mapping).map(([k, v]) => [k, list(v)]));
        transformations.push({ kind: "field_name_mapping", mapping, when });
        continue;
      }
      case "field_name_prefix_mapping": {
        if (!isMap(step.mapping)) throw problem([...at, "mapping"], "'mapping' must be a map");
        const mapping = Object.fromEntries(Object.entries(step.mapping).map(([k, v]) => [k, String(v)]));
        transformations.push({ kind: "field_name_prefix_mapping", mapping, when });
        continue;
      }
      case "field_name_prefix":
        transformations.push({ kind: "field_name_prefix", prefix: String(step.prefix ?? ""), when });
        continue;
      case "field_name_suffix":
        transformations.push({ kind: "field_name_suffix", suffix: String(step.suffix ?? ""), when });
        continue;
      case "value_placeholders":
        // Values come from `vars`, which apply to every rule; nothing else to record.
        continue;
      default:
        throw problem([...at, "type"], `unsupported transformation type '${String(step.type)}'`);
    }
  }
  const logsources: LogSourceMapping[] = [];
  const mappings = raw.logsources ?? [];
  if (!Array.isArray(mappings)) throw problem(["logsources"], "'logsources' must be a list");
  for (const [i, m] of (mappings as unknown[]).entries()) {
    const at = ["logsources", i];
    if (!isMap(m) || !isMap(m.logsource) || !isMap(m.conditions)) {
      throw problem(at, "a log source mapping needs 'logsource' and 'conditions' maps");
    }
    const ls = m.logsource;
    const categories = ls.category === undefined ? [] : list(ls.category);
    logsources.push({
      when: Object.fromEntries(
        Object.entries(m.conditions).map(([k, v]) => [k, (Array.isArray(v) ? v : [v]) as (string | number)[]]),
      ),
      logsource: {
        ...(ls.product === undefined ? {} : { product: String(ls.product) }),
        ...(ls.service === undefined ? {} : { service: String(ls.service) }),
        categories,
      },
    });
  }
  return {
    name: String(raw.name ?? file),
    priority: typeof raw.priority === "number" ? raw.priority : 50,
    vars,
    transformations,
    logsources,
  };
}
