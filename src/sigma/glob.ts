/** A wildcard matching any run of characters (`*`). */
export const STAR = 0;
/** A wildcard matching exactly one character (`?`). */
export const QMARK = 1;
export type Wildcard = typeof STAR | typeof QMARK;
/** One piece of a Sigma string: literal text or a wildcard. */
export type GlobPart = string | Wildcard;

/**
 * Splits a Sigma string value into literal text and wildcards, applying the escape rules of the
 * specification ("Escape Character"): a backslash escapes `*`, `?` and itself; any other
 * backslash is literal.
 *
 * @example parseGlob("C:\\\\Windows\\\\*.exe") // ["C:\\Windows\\", STAR, ".exe"]
 */
export function parseGlob(raw: string): GlobPart[] {
  const parts: GlobPart[] = [];
  let text = "";
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] as string;
    if (c === "\\") {
      const next = raw[i + 1];
      if (next === "*" || next === "?" || next === "\\") {
        text += next;
        i++;
      } else {
        text += c;
      }
    } else if (c === "*" || c === "?") {
      if (text) parts.push(text);
      text = "";
      const wildcard = c === "*" ? STAR : QMARK;
      // Consecutive stars mean the same as one; keeping one makes the shapes below recognisable.
      if (!(wildcard === STAR && parts[parts.length - 1] === STAR)) parts.push(wildcard);
    } else {
      text += c;
    }
  }
  if (text) parts.push(text);
  return parts;
}

/** A glob made of literal text only. */
export function literalGlob(text: string): GlobPart[] {
  return text ? [text] : [];
}

/** True when the glob holds no wildcard. */
export function isLiteral(parts: readonly GlobPart[]): boolean {
  return parts.every((p) => typeof p === "string");
}

/** The literal text of a glob without wildcards. */
export function literalText(parts: readonly GlobPart[]): string {
  return parts.join("");
}

/** Puts a star before the glob unless one is there. */
export function withLeadingStar(parts: readonly GlobPart[]): GlobPart[] {
  return parts[0] === STAR ? [...parts] : [STAR, ...parts];
}

/** Puts a star after the glob unless one is there. */
export function withTrailingStar(parts: readonly GlobPart[]): GlobPart[] {
  return parts[parts.length - 1] === STAR ? [...parts] : [...parts, STAR];
}

/** Writes a glob back in Sigma's escaped notation, for messages and output. */
export function formatGlob(parts: readonly GlobPart[]): string {
  return parts.map((p) => (p === STAR ? "*" : p === QMARK ? "?" : p.replace(/[\\*?]/g, (m) => `\\${m}`))).join("");
}
