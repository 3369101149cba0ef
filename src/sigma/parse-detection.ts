import { type Place, TocsinError } from "../core/index.js";
import { type ConditionNode, parseCondition } from "./condition/index.js";
import type { Detection, DetectionNode } from "./detection.js";
import { buildFieldItem, type Placeholders } from "./detection-item.js";

/** Finds the line of a path inside the document being parsed, when known. */
export type LineOf = (path: readonly (string | number)[]) => number | undefined;

/** What parsing needs besides the document: where it is, and placeholder values. */
export interface ParseContext {
  readonly file: string;
  readonly line: number;
  readonly lineOf: LineOf;
  readonly placeholders: Placeholders;
}

/** Wraps an error with the place of a path inside the rule. */
export function errorAt(ctx: ParseContext, path: readonly (string | number)[], error: unknown): TocsinError {
  const place: Place = { file: ctx.file, line: ctx.lineOf(path) ?? ctx.line, field: path.join(".") };
  if (error instanceof TocsinError) return new TocsinError(error.code, error.message, { place, cause: error });
  return new TocsinError("SIGMA_BAD_RULE", String(error), { place, cause: error });
}

function isMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function parseSearch(name: string, body: unknown, ctx: ParseContext, path: (string | number)[]): DetectionNode {
  if (isMap(body)) {
    const items: DetectionNode[] = [];
    for (const [key, value] of Object.entries(body)) {
      try {
        const item = buildFieldItem(key, value, ctx.placeholders);
        items.push({ ...item, place: { file: ctx.file, line: ctx.lineOf([...path, key]) ?? ctx.line, field: key } });
      } catch (error) {
        throw errorAt(ctx, [...path, key], error);
      }
    }
    if (items.length === 0) throw errorAt(ctx, path, new TocsinError("SIGMA_BAD_DETECTION", `'${name}' is empty`));
    return items.length === 1 ? (items[0] as DetectionNode) : { kind: "and", items };
  }
  if (Array.isArray(body)) {
    if (body.length === 0) throw errorAt(ctx, path, new TocsinError("SIGMA_BAD_DETECTION", `'${name}' is empty`));
    if (body.every(isMap)) {
      const items = body.map((entry, i) => parseSearch(name, entry, ctx, [...path, i]));
      return items.length === 1 ? (items[0] as DetectionNode) : { kind: "or", items };
    }
    if (body.some((v) => isMap(v) || Array.isArray(v))) {
      throw errorAt(ctx, path, new TocsinError("SIGMA_BAD_DETECTION", `'${name}' mixes maps and plain values`));
    }
    return keywordItem(body, ctx, path);
  }
  if (typeof body === "string" || typeof body === "number") return keywordItem([body], ctx, path);
  throw errorAt(ctx, path, new TocsinError("SIGMA_BAD_DETECTION", `'${name}' must be a map or a list`));
}

function keywordItem(values: unknown[], ctx: ParseContext, path: (string | number)[]): DetectionNode {
  try {
    return buildFieldItem("", values, ctx.placeholders);
  } catch (error) {
    throw errorAt(ctx, path, error);
  }
}

/** Search identifiers matched by an `x of` pattern: `*` is any run of characters; `them` all but `_`-prefixed. */
export function identifiersMatching(pattern: string, names: readonly string[]): string[] {
  if (pattern === "them") return names.filter((n) => !n.startsWith("_"));
  const re = new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`);
  return names.filter((n) => re.test(n));
}

function checkReferences(node: ConditionNode, names: readonly string[]): void {
  switch (node.kind) {
    case "ref":
      if (!names.includes(node.name)) {
        throw new TocsinError("SIGMA_BAD_CONDITION", `condition refers to '${node.name}', which is not defined`);
      }
      return;
    case "of":
      if (identifiersMatching(node.pattern, names).length === 0) {
        throw new TocsinError("SIGMA_BAD_CONDITION", `'of ${node.pattern}' matches no search identifier`);
      }
      return;
    case "not":
      checkReferences(node.child, names);
      return;
    default:
      for (const child of node.children) checkReferences(child, names);
  }
}

/** Parses a `detection` section: its searches and condition (a list of conditions is OR). */
export function parseDetection(raw: unknown, ctx: ParseContext, at: string = "detection"): Detection {
  if (!isMap(raw)) throw errorAt(ctx, [at], new TocsinError("SIGMA_BAD_DETECTION", `'${at}' must be a map`));
  const searches: Record<string, DetectionNode> = {};
  for (const [name, body] of Object.entries(raw)) {
    if (name === "condition" || name === "timeframe") continue;
    searches[name] = parseSearch(name, body, ctx, [at, name]);
  }
  const conditionRaw = raw.condition;
  const texts = Array.isArray(conditionRaw) ? conditionRaw : [conditionRaw];
  if (conditionRaw === undefined || texts.some((t) => typeof t !== "string" || t.trim() === "")) {
    throw errorAt(
      ctx,
      [at],
      new TocsinError("SIGMA_BAD_CONDITION", `'${at}.condition' must be a non-empty string or list`),
    );
  }
  const names = Object.keys(searches);
  const nodes = texts.map((text, i) => {
    try {
      const node = parseCondition(text as string);
      checkReferences(node, names);
      return node;
    } catch (error) {
      throw errorAt(ctx, Array.isArray(conditionRaw) ? [at, "condition", i] : [at, "condition"], error);
    }
  });
  const condition: ConditionNode = nodes.length === 1 ? (nodes[0] as ConditionNode) : { kind: "or", children: nodes };
  return { searches, condition, conditionText: (texts as string[]).join(" | ") };
}
