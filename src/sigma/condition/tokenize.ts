import { TocsinError } from "../../core/index.js";

export type Token =
  | { readonly kind: "and" | "or" | "not" | "lparen" | "rparen" | "of" | "them" | "pipe"; readonly at: number }
  | { readonly kind: "quantifier"; readonly value: "any" | "all"; readonly at: number }
  | { readonly kind: "identifier"; readonly value: string; readonly at: number };

const KEYWORDS: Record<string, Token["kind"]> = { and: "and", or: "or", not: "not", of: "of", them: "them" };

/** Splits a condition into tokens; `at` is the column, for messages. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      i++;
    } else if (c === "(") {
      tokens.push({ kind: "lparen", at: i++ });
    } else if (c === ")") {
      tokens.push({ kind: "rparen", at: i++ });
    } else if (c === "|") {
      // What follows a pipe is the obsolete aggregation syntax; the parser refuses it as a whole.
      tokens.push({ kind: "pipe", at: i });
      break;
    } else if (/[\w*.-]/.test(c)) {
      const start = i;
      while (i < text.length && /[\w*.-]/.test(text[i] as string)) i++;
      const word = text.slice(start, i);
      const lower = word.toLowerCase();
      const keyword = KEYWORDS[lower];
      if (keyword) tokens.push({ kind: keyword, at: start } as Token);
      else if (lower === "all" || lower === "any" || word === "1")
        tokens.push({ kind: "quantifier", value: lower === "all" ? "all" : "any", at: start });
      else tokens.push({ kind: "identifier", value: word, at: start });
    } else {
      throw new TocsinError("SIGMA_BAD_CONDITION", `unexpected character '${c}' at column ${i + 1}`);
    }
  }
  return tokens;
}
