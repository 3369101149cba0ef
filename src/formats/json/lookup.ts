import { type Document, forEachScalar, forEachScalarField } from "../../core/index.js";

const MAX_DEPTH = 32;

function keyOf(node: Record<string, unknown>, key: string, ignoreCase: boolean): string | undefined {
  if (Object.hasOwn(node, key)) return key;
  if (!ignoreCase) return undefined;
  const lower = key.toLowerCase();
  for (const k in node) if (k.toLowerCase() === lower) return k;
  return undefined;
}

function collect(node: unknown, name: string, start: number, ignoreCase: boolean, out: unknown[], depth: number): void {
  if (node === null || typeof node !== "object" || depth > MAX_DEPTH) return;
  if (Array.isArray(node)) {
    for (const item of node) collect(item, name, start, ignoreCase, out, depth + 1);
    return;
  }
  const obj = node as Record<string, unknown>;
  // The literal rest of the name first (`{"a.b": 1}`), then each split at a dot.
  const rest = start === 0 ? name : name.slice(start);
  const whole = keyOf(obj, rest, ignoreCase);
  if (whole !== undefined && obj[whole] !== undefined) {
    const v = obj[whole];
    if (Array.isArray(v)) out.push(...v);
    else out.push(v);
    return;
  }
  for (let dot = name.indexOf(".", start); dot !== -1; dot = name.indexOf(".", dot + 1)) {
    const key = keyOf(obj, name.slice(start, dot), ignoreCase);
    if (key === undefined) continue;
    const before = out.length;
    collect(obj[key], name, dot + 1, ignoreCase, out, depth + 1);
    if (out.length > before) return;
  }
}

/**
 * Reads a dotted path through objects and lists: a list on the way gives the values of every
 * element (Okta's `target.displayName` over its list of targets), so the result is a value, a
 * list of values, or undefined. Literal dotted keys are tried before nesting, as getPath does;
 * with `ignoreCase`, keys are compared without regard to case.
 *
 * @example lookupPath({ target: [{ displayName: "a" }, { displayName: "b" }] }, "target.displayName"); // ["a", "b"]
 */
export function lookupPath(root: unknown, name: string, ignoreCase = false): unknown {
  if (root === null || typeof root !== "object") return undefined;
  if (!Array.isArray(root)) {
    // The common case, a plain key, without building a list.
    const direct = (root as Record<string, unknown>)[name];
    if (direct !== undefined && Object.hasOwn(root, name)) return direct;
  }
  const out: unknown[] = [];
  collect(root, name, 0, ignoreCase, out, 0);
  if (out.length === 0) return undefined;
  return out.length === 1 ? out[0] : out;
}

/**
 * A Document over a JSON object whose `get` follows lists (lookupPath) and, when the exact name
 * is not there, looks it up without regard to case if `ignoreCase` (rules and SIEM exports
 * disagree on `eventtype`/`eventType`). Subclasses add their own fallbacks through `missing`.
 */
export class LookupDocument implements Document {
  constructor(
    readonly root: Record<string, unknown>,
    private readonly ignoreCase = false,
  ) {}

  get(name: string): unknown {
    const v = lookupPath(this.root, name);
    return v !== undefined ? v : this.missing(name);
  }

  /** The value of a name not found exactly: without regard to case when asked, else none. */
  protected missing(name: string): unknown {
    return this.ignoreCase ? lookupPath(this.root, name, true) : undefined;
  }

  forEachValue(visit: (value: unknown) => void): void {
    forEachScalar(this.root, visit);
  }

  forEachField(visit: (name: string, value: unknown) => void): void {
    forEachScalarField(this.root, "", visit);
  }
}
