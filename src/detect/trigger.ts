import type { ConditionNode, Detection, DetectionNode, FieldItem, GlobPart, ValueTest } from "../sigma/index.js";
import { identifiersMatching } from "../sigma/index.js";
import { END, START } from "./aho-corasick.js";
import { FOLD } from "./fold.js";
import { requiredLiteral } from "./safe-regex.js";

/** The field name under which keyword atoms are indexed: any value of the event. */
export const ANY_FIELD = "\u0000any";

/** A fact the index can look for: this folded sequence stands in this event field. */
export interface Atom {
  readonly field: string;
  readonly units: readonly number[];
}

/**
 * A set of atoms at least one of which holds whenever a rule matches; null when no such set
 * can be proven (a negation, a numeric comparison, a keyword search...).
 */
export type Trigger = readonly Atom[] | null;

function fold(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) out.push(FOLD[text.charCodeAt(i)] as number);
  return out;
}

// A combining dot above appears when `İ` is lower-cased to two units; folding keeps one, so a
// pattern holding that dot could be missed by the sieve. Such patterns are simply not indexed.
const COMBINING_DOT = "\u0307";

/** The most telling literal run of a glob: anchored at an end when possible, else the longest. */
function globUnits(parts: readonly GlobPart[]): number[] | null {
  if (parts.some((p) => typeof p === "string" && p.includes(COMBINING_DOT))) return null;
  const first = parts[0];
  const last = parts[parts.length - 1];
  if (parts.length === 0) return [START, END];
  if (parts.every((p) => typeof p === "string")) return [START, ...fold(parts.join("")), END];
  const options: number[][] = [];
  if (typeof first === "string") options.push([START, ...fold(first)]);
  if (typeof last === "string") options.push([...fold(last), END]);
  for (const p of parts) if (typeof p === "string") options.push(fold(p));
  let best: number[] | null = null;
  for (const o of options) if (!best || o.length > best.length) best = o;
  const literalLength = best ? best.filter((u) => u !== START && u !== END).length : 0;
  if (!best || literalLength === 0) return null;
  // A one-character run would make nearly every event a candidate, unless it is anchored or a
  // character rare in logs: outside ASCII (emoji, look-alike letters) or rare punctuation.
  if (literalLength === 1) {
    const unit = best.find((u) => u !== START && u !== END) as number;
    return best.length > 1 || unit > 0x7f || RARE_PUNCTUATION.has(unit) ? best : null;
  }
  return best;
}

// Characters seldom seen in command lines and paths, so worth indexing on their own.
const RARE_PUNCTUATION = new Set([..."`^~|{}"].map((c) => c.charCodeAt(0)));

function testUnits(test: ValueTest): number[] | null {
  if (test.kind === "string") return globUnits(test.parts);
  if (test.kind === "regex") {
    const literal = requiredLiteral(test.source);
    if (literal.includes(COMBINING_DOT)) return null;
    if (literal.length >= 2) return fold(literal);
    return literal.length === 1 && RARE_PUNCTUATION.has(literal.charCodeAt(0)) ? fold(literal) : null;
  }
  return null;
}

/** Lower is more selective: long and anchored runs are rare in events. */
export function triggerCost(trigger: readonly Atom[]): number {
  let cost = 0;
  for (const atom of trigger) {
    let anchors = 0;
    for (const u of atom.units) if (u === START || u === END) anchors++;
    cost += 1 / (atom.units.length - anchors + 2 * anchors + 1);
  }
  return cost;
}

function best(triggers: Trigger[]): Trigger {
  let chosen: Trigger = null;
  let chosenCost = Number.POSITIVE_INFINITY;
  for (const t of triggers) {
    if (t === null) continue;
    const c = triggerCost(t);
    if (c < chosenCost) {
      chosen = t;
      chosenCost = c;
    }
  }
  return chosen;
}

function union(triggers: Trigger[]): Trigger {
  if (triggers.some((t) => t === null)) return null;
  return (triggers as (readonly Atom[])[]).flat();
}

function itemTrigger(item: FieldItem, resolve: (field: string) => readonly string[]): Trigger {
  if (item.negate) return null;
  const fields = item.field === null ? [ANY_FIELD] : resolve(item.field);
  const perTest: Trigger[] = item.tests.map((test) => {
    const units = testUnits(test);
    return units ? fields.map((field) => ({ field, units })) : null;
  });
  return item.all ? best(perTest) : union(perTest);
}

function nodeTrigger(node: DetectionNode, resolve: (field: string) => readonly string[]): Trigger {
  switch (node.kind) {
    case "field":
      return itemTrigger(node, resolve);
    case "and":
      return best(node.items.map((n) => nodeTrigger(n, resolve)));
    case "or":
      return union(node.items.map((n) => nodeTrigger(n, resolve)));
  }
}

/**
 * The trigger of a detection: atoms that any matching event must show. An AND takes its most
 * selective part, an OR needs all of its parts, a NOT gives nothing to go on.
 */
export function detectionTrigger(detection: Detection, resolve: (field: string) => readonly string[]): Trigger {
  const names = Object.keys(detection.searches);
  const walk = (node: ConditionNode): Trigger => {
    switch (node.kind) {
      case "ref":
        return nodeTrigger(detection.searches[node.name] as DetectionNode, resolve);
      case "and":
        return best(node.children.map(walk));
      case "or":
        return union(node.children.map(walk));
      case "not":
        return null;
      case "of": {
        const members = identifiersMatching(node.pattern, names).map((n) =>
          nodeTrigger(detection.searches[n] as DetectionNode, resolve),
        );
        return node.quantifier === "all" ? best(members) : union(members);
      }
    }
  };
  return walk(detection.condition);
}
