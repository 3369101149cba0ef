import type { ConditionNode, Detection, DetectionNode } from "../sigma/index.js";
import { identifiersMatching } from "../sigma/index.js";
import { type CompileContext, itemNode } from "./compile-item.js";
import { type Matcher, type ProgramNode, ProgramSet } from "./program.js";

function searchNode(node: DetectionNode, ctx: CompileContext): ProgramNode {
  switch (node.kind) {
    case "field":
      return itemNode(node, ctx);
    case "and":
    case "or":
      return { kind: node.kind, items: node.items.map((n) => searchNode(n, ctx)) };
  }
}

/** A detection (searches and condition) as one program node; each search is compiled once. */
export function detectionNode(detection: Detection, ctx: CompileContext): ProgramNode {
  const names = Object.keys(detection.searches);
  const compiled = new Map<string, ProgramNode>();
  const search = (name: string): ProgramNode => {
    let node = compiled.get(name);
    if (!node) {
      node = searchNode(detection.searches[name] as DetectionNode, ctx);
      compiled.set(name, node);
    }
    return node;
  };
  const walk = (node: ConditionNode): ProgramNode => {
    switch (node.kind) {
      case "ref":
        return search(node.name);
      case "and":
      case "or":
        return { kind: node.kind, items: node.children.map(walk) };
      case "not":
        return { kind: "not", item: walk(node.child) };
      case "of":
        return {
          kind: node.quantifier === "all" ? "and" : "or",
          items: identifiersMatching(node.pattern, names).map(search),
        };
    }
  };
  return walk(detection.condition);
}

/** Compiles a detection to one matcher (see ProgramSet). */
export function compileDetection(detection: Detection, ctx: CompileContext): Matcher {
  return ProgramSet.matcher(detectionNode(detection, ctx));
}
