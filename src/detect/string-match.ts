import { type GlobPart, QMARK, STAR } from "../sigma/index.js";

/** A compiled string pattern: one of the shapes wildcards take most often, or a general glob. */
export type StringShape =
  | { readonly kind: "exact" | "prefix" | "suffix" | "contains"; readonly text: string }
  | { readonly kind: "glob"; readonly parts: readonly GlobPart[] };

/** Recognises the shape of a glob whose literal parts are already normalised (lower-cased...). */
export function shapeOf(parts: readonly GlobPart[]): StringShape {
  const n = parts.length;
  if (n === 0) return { kind: "exact", text: "" };
  const first = parts[0];
  const last = parts[n - 1];
  if (n === 1 && typeof first === "string") return { kind: "exact", text: first };
  if (n === 1 && first === STAR) return { kind: "prefix", text: "" };
  if (n === 2 && typeof first === "string" && last === STAR) return { kind: "prefix", text: first };
  if (n === 2 && first === STAR && typeof last === "string") return { kind: "suffix", text: last };
  if (n === 3 && first === STAR && last === STAR && typeof parts[1] === "string") {
    return { kind: "contains", text: parts[1] };
  }
  return { kind: "glob", parts };
}

/** True when `segment` (where `?` stands for any one unit) stands in `text` at `at`. */
function matchesAt(text: string, segment: readonly (string | typeof QMARK)[], at: number): boolean {
  let pos = at;
  for (const piece of segment) {
    if (piece === QMARK) {
      pos++;
    } else {
      if (!text.startsWith(piece, pos)) return false;
      pos += piece.length;
    }
  }
  return pos <= text.length;
}

/**
 * Finds the leftmost place of `segment` in `text` from `from`; -1 when absent. The segment's
 * first literal piece is searched with indexOf, which skips ahead far faster than trying every
 * place in turn.
 */
function findSegment(text: string, segment: readonly (string | typeof QMARK)[], length: number, from: number): number {
  let lead = 0;
  while (lead < segment.length && segment[lead] === QMARK) lead++;
  const piece = segment[lead];
  if (typeof piece !== "string") return from + length <= text.length ? from : -1;
  for (let at = from; at + length <= text.length; at++) {
    const found = text.indexOf(piece, at + lead);
    if (found === -1) return -1;
    at = found - lead;
    if (at + length > text.length) return -1;
    if (matchesAt(text, segment, at)) return at;
  }
  return -1;
}

/**
 * Compiles a general glob to a test. Stars split it into fixed-length segments; taking each
 * segment's leftmost place is enough, because a later place never leaves more room after it.
 */
export function compileGlob(parts: readonly GlobPart[]): (text: string) => boolean {
  const segments: { pieces: (string | typeof QMARK)[]; length: number }[] = [{ pieces: [], length: 0 }];
  for (const part of parts) {
    if (part === STAR) {
      segments.push({ pieces: [], length: 0 });
      continue;
    }
    const seg = segments[segments.length - 1] as { pieces: (string | typeof QMARK)[]; length: number };
    seg.pieces.push(part);
    seg.length += part === QMARK ? 1 : part.length;
  }
  const head = segments[0] as { pieces: (string | typeof QMARK)[]; length: number };
  const tail = segments[segments.length - 1] as { pieces: (string | typeof QMARK)[]; length: number };
  const middle = segments.slice(1, -1);
  const single = segments.length === 1;
  return (text) => {
    if (single) return text.length === head.length && matchesAt(text, head.pieces, 0);
    if (text.length < head.length + tail.length) return false;
    if (!matchesAt(text, head.pieces, 0)) return false;
    let pos = head.length;
    const tailStart = text.length - tail.length;
    for (const seg of middle) {
      const at = findSegment(text, seg.pieces, seg.length, pos);
      if (at === -1 || at + seg.length > tailStart) return false;
      pos = at + seg.length;
    }
    return matchesAt(text, tail.pieces, tailStart);
  };
}
