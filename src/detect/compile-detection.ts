import type { ConditionNode, Detection, DetectionNode } from "../sigma/index.js";
import { identifiersMatching } from "../sigma/index.js";
import { type CompileContext, type Matcher, compileItem } from "./compile-item.js";

function allOf(matchers: readonly Matcher[]): Matcher {
  if (matchers.length === 1) return matchers[0] as Matcher;
  if (matchers.length === 2) {
    const [a, b] = matchers as [Matcher, Matcher];
    return (view) => a(view) && b(view);
  }
  return (view) => {
    for (let i = 0; i < matchers.length; i++) if (!(matchers[i] as Matcher)(view)) return false;
    return true;
  };
}

function anyOf(matchers: readonly Matcher[]): Matcher {
  if (matchers.length === 1) return matchers[0] as Matcher;
  return (view) => {
    for (let i = 0; i < matchers.length; i++) if ((matchers[i] as Matcher)(view)) return true;
    return false;
  };
}

function compileNode(node: DetectionNode, ctx: CompileContext): Matcher {
  switch (node.kind) {
    case "field":
      return compileItem(node, ctx);
    case "and":
      return allOf(node.items.map((n) => compileNode(n, ctx)));
    case "or":
      return anyOf(node.items.map((n) => compileNode(n, ctx)));
  }
}

/**
 * Compiles a detection (searches and condition) to one matcher. Each search is compiled once,
 * however many times the condition names it.
 */
export function compileDetection(detection: Detection, ctx: CompileContext): Matcher {
  const names = Object.keys(detection.searches);
  const compiled = new Map<string, Matcher>();
  const search = (name: string): Matcher => {
    let m = compiled.get(name);
    if (!m) {
      m = compileNode(detection.searches[name] as DetectionNode, ctx);
      compiled.set(name, m);
    }
    return m;
  };
  const walk = (node: ConditionNode): Matcher => {
    switch (node.kind) {
      case "ref":
        return search(node.name);
      case "and":
        return allOf(node.children.map(walk));
      case "or":
        return anyOf(node.children.map(walk));
      case "not": {
        const inner = walk(node.child);
        return (view) => !inner(view);
      }
      case "of": {
        const members = identifiersMatching(node.pattern, names).map(search);
        return node.quantifier === "all" ? allOf(members) : anyOf(members);
      }
    }
  };
  return walk(detection.condition);
}
