import { RE2JS } from "re2js";
import { TocsinError } from "../core/index.js";
import type { RegexFlags } from "../sigma/index.js";

/** A compiled regular expression that runs in time linear in its input. */
export interface SafeRegex {
  test(text: string): boolean;
}

/**
 * Compiles a rule's regular expression with RE2's linear-time engine (re2js), so no pattern and
 * no input can make matching backtrack without bound. Patterns RE2 cannot express (look-ahead,
 * back-references) are refused with a clear reason rather than run on a backtracking engine.
 */
export function compileSafeRegex(source: string, flags: RegexFlags): SafeRegex {
  let bits = 0;
  if (flags.i) bits |= RE2JS.CASE_INSENSITIVE;
  if (flags.m) bits |= RE2JS.MULTILINE;
  if (flags.s) bits |= RE2JS.DOTALL;
  try {
    const re = RE2JS.compile(source, bits);
    return { test: (text) => re.test(text) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new TocsinError(
      "SIGMA_UNSUPPORTED_REGEX",
      `regular expression /${source}/ cannot run in linear time: ${reason}`,
    );
  }
}

const META = new Set([".", "[", "]", "(", ")", "{", "}", "*", "+", "?", "^", "$", "|", "\\"]);

/**
 * The longest run of literal text that every match of the pattern must contain, or "" when none
 * can be proven (alternation outside a class, for instance). The rule index uses it as a sieve.
 */
export function requiredLiteral(source: string): string {
  let best = "";
  let run = "";
  let depth = 0;
  const close = () => {
    if (run.length > best.length) best = run;
    run = "";
  };
  for (let i = 0; i < source.length; i++) {
    const c = source[i] as string;
    if (c === "\\") {
      const next = source[i + 1];
      i++;
      if (next !== undefined && !/[A-Za-z0-9]/.test(next) && depth === 0) {
        // An escaped punctuation character is itself; a quantifier after it makes it optional.
        if (isOptionalQuantifier(source[i + 1])) close();
        else run += next;
      } else {
        close();
      }
      continue;
    }
    if (c === "|" && depth === 0) return "";
    if (c === "(") {
      close();
      depth++;
      continue;
    }
    if (c === ")") {
      depth--;
      // A quantifier after a group may repeat or drop it; the literal runs around it stay apart.
      continue;
    }
    if (c === "[") {
      close();
      // Skip the class, minding an escaped or leading ']'.
      let j = i + 1;
      if (source[j] === "^") j++;
      if (source[j] === "]") j++;
      while (j < source.length && source[j] !== "]") j += source[j] === "\\" ? 2 : 1;
      i = j;
      continue;
    }
    if (depth > 0) continue;
    if (META.has(c)) {
      if (c === "*" || c === "?" || c === "{") run = run.slice(0, -1);
      close();
      if (c === "{") while (i < source.length && source[i] !== "}") i++;
      continue;
    }
    if (isOptionalQuantifier(source[i + 1])) {
      close();
      continue;
    }
    run += c;
  }
  close();
  return best;
}

function isOptionalQuantifier(c: string | undefined): boolean {
  return c === "*" || c === "?" || c === "{";
}
