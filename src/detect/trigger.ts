import type {
  ConditionNode,
  Detection,
  DetectionNode,
  FieldItem,
  GlobPart,
  RegexFlags,
  ValueTest,
} from "../sigma/index.js";
import { identifiersMatching } from "../sigma/index.js";
import { END, START } from "./aho-corasick.js";
import { foldUnits, isWindash } from "./fold.js";
import { requiredLiteral } from "./safe-regex.js";

/** The field name under which keyword atoms are indexed: any value of the event. */
export const ANY_FIELD = "\u0000any";

/** A fact the index can look for: this folded sequence stands in this event field. */
export interface Atom {
  readonly field: string;
  readonly units: readonly number[];
  /**
   * A computed atom: seen when this regular expression matches the field's value, worked out
   * with the field's remembered answers (see RememberedScan) rather than looked for by the
   * automaton; its units are empty. Only for rules that could not be indexed otherwise.
   */
  readonly regex?: { readonly source: string; readonly flags: RegexFlags };
}

/**
 * Groups of atoms that must all show, each through at least one of its atoms, whenever a rule
 * matches (a conjunction of disjunctions); null when nothing can be proven (a negation, a
 * numeric comparison...). Requiring every group keeps rules that share a common part, such as
 * hundreds of rules on powershell.exe, from all running on every PowerShell event.
 */
export type Trigger = readonly (readonly Atom[])[] | null;

/**
 * Whether the index can look a rule up by its trigger (atoms or their ids): it has groups, and
 * each group has atoms. Otherwise the rule runs on every event.
 */
export function indexable(trigger: readonly (readonly unknown[])[] | null): boolean {
  return trigger !== null && trigger.length > 0 && trigger.every((group) => group.length > 0);
}

/**
 * Most groups kept per rule; the least selective are dropped, which only widens the sieve. Only
 * one group per rule is looked up as an event is scanned; the others are checked for the rules
 * that group brings forward, so more groups cost little and sieve better.
 */
export const MAX_GROUPS = 6;

// A combining dot above appears when `İ` is lower-cased to two units; folding keeps one, so a
// pattern holding that dot, or `İ` whose lower case holds it (and matches `I` followed by the
// dot), could be missed by the sieve. Such patterns are simply not indexed.
const COMBINING_DOT = "\u0307";
const DOTTED_I = "\u0130";

/** Whether a surrogate pair starts at `u`. */
function isPairAt(units: readonly number[], u: number): boolean {
  const high = units[u] as number;
  const low = units[u + 1] ?? 0;
  return high >= 0xd800 && high < 0xdc00 && low >= 0xdc00 && low < 0xe000;
}

/** A letter with case outside the Basic Multilingual Plane (Deseret, Osage, Adlam...). */
const CASED = /\p{Cased}/u;

/**
 * The literal runs of a glob the index may look for, each with its anchors. Under `windash` a
 * run is cut at every dash, since the event may hold any of the five in its place. A run is also
 * cut at a letter with case written as a surrogate pair: such letters lower by pairs (𐐀 to 𐐨),
 * which folding unit by unit cannot follow, so a run holding one could miss a value that
 * matches. Other pairs (emoji) have no case and stay in their run.
 */
function literalRuns(parts: readonly GlobPart[], windash: boolean): number[][] {
  const runs: number[][] = [];
  parts.forEach((part, i) => {
    if (typeof part !== "string") return;
    const pieces: number[][] = [[]];
    const units = foldUnits(part);
    for (let u = 0; u < units.length; u++) {
      const unit = units[u] as number;
      const piece = pieces[pieces.length - 1] as number[];
      if (windash && isWindash(unit)) pieces.push([]);
      else if (isPairAt(units, u) && CASED.test(part.slice(u, u + 2))) {
        pieces.push([]);
        u++;
      } else piece.push(unit);
    }
    pieces.forEach((piece, k) => {
      const anchoredStart = i === 0 && k === 0;
      const anchoredEnd = i === parts.length - 1 && k === pieces.length - 1;
      runs.push([...(anchoredStart ? [START] : []), ...piece, ...(anchoredEnd ? [END] : [])]);
    });
  });
  return runs;
}

/** The most telling literal run of a glob: anchored at an end when possible, else the longest. */
export function globUnits(parts: readonly GlobPart[], windash = false): number[] | null {
  if (parts.some((p) => typeof p === "string" && (p.includes(COMBINING_DOT) || p.includes(DOTTED_I)))) return null;
  if (parts.length === 0) return [START, END];
  let best: number[] | null = null;
  for (const run of literalRuns(parts, windash)) if (!best || run.length > best.length) best = run;
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

/** The atom a value test needs present in its field, when one is worth looking for. */
export function testUnits(test: ValueTest): number[] | null {
  if (test.kind === "string") return globUnits(test.parts, test.windash);
  if (test.kind === "regex") {
    const literal = requiredLiteral(test.source);
    if (literal.includes(COMBINING_DOT)) return null;
    if (literal.length >= 2) return foldUnits(literal);
    return literal.length === 1 && RARE_PUNCTUATION.has(literal.charCodeAt(0)) ? foldUnits(literal) : null;
  }
  return null;
}

/** Lower is more selective: long and anchored runs are rare in events. */
export function triggerCost(group: readonly Atom[]): number {
  let cost = 0;
  for (const atom of group) {
    let anchors = 0;
    for (const u of atom.units) if (u === START || u === END) anchors++;
    cost += 1 / (atom.units.length - anchors + 2 * anchors + 1);
  }
  return cost;
}

/** The single most selective group of a trigger: on its own, still a necessary condition. */
function bestGroup(trigger: Trigger): readonly Atom[] | null {
  if (trigger === null) return null;
  let chosen: readonly Atom[] | null = null;
  for (const g of trigger) if (!chosen || triggerCost(g) < triggerCost(chosen)) chosen = g;
  return chosen;
}

/** AND: every child's groups must hold; children that prove nothing are left out. */
function conjunction(triggers: Trigger[]): Trigger {
  const groups = triggers.filter((t): t is readonly (readonly Atom[])[] => t !== null).flat();
  if (groups.length === 0) return null;
  return [...groups].sort((a, b) => triggerCost(a) - triggerCost(b)).slice(0, MAX_GROUPS);
}

/**
 * OR: nothing if any child proves nothing. Otherwise the children's groups are distributed,
 * (A1 and A2) or B = (A1 or B) and (A2 or B), while that stays within MAX_GROUPS groups: a rule
 * `1 of selection_*` whose selection ANDs a rare path with a common extension keeps the rare
 * part as a group of its own. Past that, one group made of each child's best group.
 */
function disjunction(triggers: Trigger[]): Trigger {
  if (triggers.some((t) => t === null || t.length === 0)) return null;
  const children = triggers as (readonly (readonly Atom[])[])[];
  let product = 1;
  for (const groups of children) product *= groups.length;
  if (product === 1) return [children.flatMap((groups) => groups[0] as readonly Atom[])];
  if (product <= MAX_GROUPS) {
    let out: Atom[][] = [[]];
    for (const groups of children) out = out.flatMap((acc) => groups.map((g) => [...acc, ...g]));
    return out;
  }
  return [children.flatMap((groups) => bestGroup(groups) as readonly Atom[])];
}

function itemTrigger(item: FieldItem, resolve: (field: string) => readonly string[], computed: boolean): Trigger {
  if (item.negate) return null;
  const fields = item.field === null ? [ANY_FIELD] : resolve(item.field);
  const perTest: Trigger[] = item.tests.map((test) => {
    const units = testUnits(test);
    if (units) return [fields.map((field) => ({ field, units }))];
    // Keyword searches read every value with one automaton, which computes nothing.
    if (computed && test.kind === "regex" && item.field !== null) {
      const regex = { source: test.source, flags: test.flags };
      return [fields.map((field) => ({ field, units: [], regex }))];
    }
    return null;
  });
  return item.all ? conjunction(perTest) : disjunction(perTest);
}

function nodeTrigger(node: DetectionNode, resolve: (field: string) => readonly string[], computed: boolean): Trigger {
  switch (node.kind) {
    case "field":
      return itemTrigger(node, resolve, computed);
    case "and":
      return conjunction(node.items.map((n) => nodeTrigger(n, resolve, computed)));
    case "or":
      return disjunction(node.items.map((n) => nodeTrigger(n, resolve, computed)));
  }
}

/**
 * The trigger of a detection: groups of atoms that any matching event must show. An AND keeps
 * the groups of its parts, an OR merges one group from each part, a NOT gives nothing to go on.
 * With `computed`, a regular expression without a literal to look for gives a computed atom
 * (see Atom): for a rule that would otherwise run on every event, since the expression is then
 * tested on every new value of its field.
 */
export function detectionTrigger(
  detection: Detection,
  resolve: (field: string) => readonly string[],
  computed = false,
): Trigger {
  const names = Object.keys(detection.searches);
  const walk = (node: ConditionNode): Trigger => {
    switch (node.kind) {
      case "ref":
        return nodeTrigger(detection.searches[node.name] as DetectionNode, resolve, computed);
      case "and":
        return conjunction(node.children.map(walk));
      case "or":
        return disjunction(node.children.map(walk));
      case "not":
        return null;
      case "of": {
        const members = identifiersMatching(node.pattern, names).map((n) =>
          nodeTrigger(detection.searches[n] as DetectionNode, resolve, computed),
        );
        return node.quantifier === "all" ? conjunction(members) : disjunction(members);
      }
    }
  };
  return walk(detection.condition);
}
