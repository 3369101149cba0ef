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

/**
 * A lower bound on the length of any text the pattern matches (0 when the pattern is not
 * understood): a value shorter than it needs no regular expression run at all. Lengths count
 * one per character or class, which never exceeds the UTF-16 length of what they match.
 */
export function minimumLength(source: string): number {
  let at = 0;
  // Parses an alternation up to `)` or the end; returns its least length, or -1 when lost.
  const alternation = (): number => {
    let best = Number.POSITIVE_INFINITY;
    for (;;) {
      const branch = sequence();
      if (branch < 0) return -1;
      best = Math.min(best, branch);
      if (source[at] !== "|") return best;
      at++;
    }
  };
  const sequence = (): number => {
    let total = 0;
    while (at < source.length && source[at] !== "|" && source[at] !== ")") {
      const atom = atomLength();
      if (atom < 0) return -1;
      const times = quantifier();
      if (times < 0) return -1;
      total += atom * times;
    }
    return total;
  };
  const atomLength = (): number => {
    const c = source[at] as string;
    if (c === "(") {
      at++;
      if (source[at] === "?") {
        // (?:…), (?i:…), (?P<name>…), (?<name>…), or a bare flag group (?i) that matches nothing.
        const close = /^\?(?:P?<[A-Za-z_][A-Za-z0-9_]*>|[A-Za-z-]*:|([A-Za-z-]*)\))/.exec(source.slice(at));
        if (!close) return -1;
        at += close[0].length;
        if (close[1] !== undefined) return 0;
      }
      const inner = alternation();
      if (inner < 0 || source[at] !== ")") return -1;
      at++;
      return inner;
    }
    if (c === "[") {
      let j = at + 1;
      if (source[j] === "^") j++;
      if (source[j] === "]") j++;
      while (j < source.length && source[j] !== "]") {
        if (source[j] === "[" && source[j + 1] === ":") {
          const end = source.indexOf(":]", j + 2);
          if (end < 0) return -1;
          j = end + 2;
        } else {
          j += source[j] === "\\" ? 2 : 1;
        }
      }
      if (j >= source.length) return -1;
      at = j + 1;
      return 1;
    }
    if (c === "\\") {
      const next = source[at + 1];
      if (next === undefined) return -1;
      // Assertions and the \Q…\E quoting (left to RE2) take no length here.
      if ("bBAz".includes(next)) {
        at += 2;
        return 0;
      }
      if (next === "Q") return -1;
      if (next === "p" || next === "P") {
        at += 2;
        if (source[at] === "{") {
          const end = source.indexOf("}", at);
          if (end < 0) return -1;
          at = end + 1;
        } else {
          at++;
        }
        return 1;
      }
      if (next === "x" && source[at + 2] === "{") {
        const end = source.indexOf("}", at);
        if (end < 0) return -1;
        at = end + 1;
        return 1;
      }
      if (next === "x") {
        at += 4;
        return 1;
      }
      if (/[0-7]/.test(next)) {
        at += 2;
        while (at < source.length && /[0-7]/.test(source[at] as string)) at++;
        return 1;
      }
      at += 2;
      return 1;
    }
    if (c === "^" || c === "$") {
      at++;
      return 0;
    }
    if (c === "*" || c === "+" || c === "?" || c === "{") return -1;
    at++;
    return 1;
  };
  // How many times at least the atom before must occur.
  const quantifier = (): number => {
    const c = source[at];
    let times = 1;
    if (c === "*" || c === "?") {
      at++;
      times = 0;
    } else if (c === "+") {
      at++;
    } else if (c === "{") {
      const m = /^\{(\d+)(?:,\d*)?\}/.exec(source.slice(at));
      if (!m) return 1;
      at += m[0].length;
      times = Number(m[1]);
    } else {
      return 1;
    }
    if (source[at] === "?") at++;
    return times;
  };
  const length = alternation();
  return length < 0 || at !== source.length ? 0 : length;
}
