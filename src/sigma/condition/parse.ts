import { TocsinError } from "../../core/index.js";
import type { ConditionNode } from "./ast.js";
import { type Token, tokenize } from "./tokenize.js";

function fail(message: string): never {
  throw new TocsinError("SIGMA_BAD_CONDITION", message);
}

function describe(token: Token | undefined): string {
  if (!token) return "end of condition";
  const text = "value" in token ? token.value : token.kind;
  return `'${text}' at column ${token.at + 1}`;
}

/**
 * Parses a condition with the precedence of the specification, loosest first:
 * or, and, not, `x of`, parentheses.
 *
 * @example parseCondition("selection and not 1 of filter_*")
 */
export function parseCondition(text: string): ConditionNode {
  const tokens = tokenize(text);
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];

  const parseOr = (): ConditionNode => {
    const children = [parseAnd()];
    while (peek()?.kind === "or") {
      pos++;
      children.push(parseAnd());
    }
    return children.length === 1 ? (children[0] as ConditionNode) : { kind: "or", children };
  };
  const parseAnd = (): ConditionNode => {
    const children = [parseNot()];
    while (peek()?.kind === "and") {
      pos++;
      children.push(parseNot());
    }
    return children.length === 1 ? (children[0] as ConditionNode) : { kind: "and", children };
  };
  const parseNot = (): ConditionNode => {
    if (peek()?.kind === "not") {
      pos++;
      return { kind: "not", child: parseNot() };
    }
    return parsePrimary();
  };
  const parsePrimary = (): ConditionNode => {
    const token = peek();
    if (!token) fail("condition ends where an identifier, 'not', 'x of' or '(' was expected");
    pos++;
    switch (token.kind) {
      case "lparen": {
        const inner = parseOr();
        if (peek()?.kind !== "rparen") fail(`expected ')' but found ${describe(peek())}`);
        pos++;
        return inner;
      }
      case "quantifier": {
        if (peek()?.kind !== "of") fail(`expected 'of' after ${describe(token)}`);
        pos++;
        const target = peek();
        pos++;
        if (target?.kind === "them") return { kind: "of", quantifier: token.value, pattern: "them" };
        if (target?.kind === "identifier") return { kind: "of", quantifier: token.value, pattern: target.value };
        return fail(`expected an identifier pattern or 'them' after 'of', found ${describe(target)}`);
      }
      case "identifier":
        return { kind: "ref", name: token.value };
      default:
        return fail(`unexpected ${describe(token)}`);
    }
  };

  const tree = parseOr();
  const rest = peek();
  if (rest?.kind === "pipe") {
    fail("aggregations after '|' in a condition are obsolete in Sigma 2; use a correlation rule");
  }
  if (rest) fail(`unexpected ${describe(rest)} after a complete condition`);
  return tree;
}
