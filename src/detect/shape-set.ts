import { AhoCorasick, END, START } from "./aho-corasick.js";
import { foldUnits } from "./fold.js";
import { type StringShape, compileGlob } from "./string-match.js";

/** A compiled test of one piece of text. */
export type TextTest = (text: string) => boolean;

/** Below this many prefix, suffix and substring values a plain loop beats building an automaton. */
const AUTOMATON_THRESHOLD = 8;

/** The test of one string shape. */
export function shapeTest(shape: StringShape): TextTest {
  switch (shape.kind) {
    case "exact":
      return (t) => t === shape.text;
    case "prefix":
      return (t) => t.startsWith(shape.text);
    case "suffix":
      return (t) => t.endsWith(shape.text);
    case "contains":
      return (t) => t.includes(shape.text);
    case "glob":
      return compileGlob(shape.parts);
  }
}

/**
 * Membership in a set of exact values. The lengths are checked first: hashing a long value the
 * set cannot hold (a command line against a list of image paths) costs more than the whole
 * test should, since a string met for the first time is hashed character by character.
 */
export function exactSet(values: Iterable<string>): TextTest {
  const set = new Set(values);
  if (set.size === 0) return () => false;
  let longest = 0;
  for (const v of set) longest = Math.max(longest, v.length);
  const lengths = new Uint8Array(longest + 1);
  for (const v of set) lengths[v.length] = 1;
  return (t) => t.length <= longest && lengths[t.length] === 1 && set.has(t);
}

/**
 * One test for a list of string shapes linked by OR (a rule's `CommandLine|contains: [...]`
 * with hundreds of values): exact values in a set; prefixes, suffixes and substrings found in
 * one pass by an automaton, each hit confirmed by its own test; anything else in a loop.
 */
export function anyOfShapes(shapes: readonly StringShape[]): TextTest {
  if (shapes.length === 1) return shapeTest(shapes[0] as StringShape);
  const exactValues: string[] = [];
  const searched: StringShape[] = [];
  const others: TextTest[] = [];
  for (const s of shapes) {
    if (s.kind === "exact") exactValues.push(s.text);
    else if (s.kind === "glob") others.push(compileGlob(s.parts));
    // The automaton folds one unit to one; text with a combining dot above may not fold alike.
    else if (s.text.includes("\u0307")) others.push(shapeTest(s));
    else searched.push(s);
  }
  let searchedTest: TextTest;
  if (searched.length < AUTOMATON_THRESHOLD) {
    const tests = searched.map(shapeTest);
    searchedTest = (t) => {
      for (let i = 0; i < tests.length; i++) if ((tests[i] as TextTest)(t)) return true;
      return false;
    };
  } else {
    const automaton = new AhoCorasick(
      searched.map((s) =>
        s.kind === "prefix"
          ? [START, ...foldUnits(s.text)]
          : s.kind === "suffix"
            ? [...foldUnits(s.text), END]
            : foldUnits((s as { text: string }).text),
      ),
    );
    const confirm = searched.map(shapeTest);
    let current = "";
    const onHit = (id: number): boolean | undefined => ((confirm[id] as TextTest)(current) ? true : undefined);
    searchedTest = (t) => {
      current = t;
      return automaton.scan(t, onHit);
    };
  }
  const exact = exactSet(exactValues);
  return (t) => {
    if (exact(t)) return true;
    if (searchedTest(t)) return true;
    for (let i = 0; i < others.length; i++) if ((others[i] as TextTest)(t)) return true;
    return false;
  };
}
