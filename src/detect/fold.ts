/**
 * Case folding, one UTF-16 unit to one: each unit maps to the first unit of its lower case.
 * Folding both a pattern and a value keeps every true case-insensitive match, so the index may
 * use it as a sieve. Dashes stay apart: a rule looking for an em dash (command-line obfuscation)
 * must not wake on every `-`; `windash` patterns are indexed by their runs between dashes.
 */
export const FOLD: Uint16Array = new Uint16Array(65536);

/** Per unit, 1 when lower-casing leaves it untouched (see untouchedByLowerCase). */
const UNTOUCHED = new Uint8Array(65536).fill(1);

// Both tables from one pass over the units' lower cases.
for (let c = 0; c < 65536; c++) {
  // Surrogates are not characters on their own; they fold to themselves, and lower by pairs.
  if (c >= 0xd800 && c < 0xe000) {
    FOLD[c] = c;
    UNTOUCHED[c] = 0;
    continue;
  }
  const unit = String.fromCharCode(c);
  const lower = unit.toLowerCase();
  FOLD[c] = lower.charCodeAt(0);
  if (lower !== unit) {
    UNTOUCHED[c] = 0;
    for (let i = 0; i < lower.length; i++) UNTOUCHED[lower.charCodeAt(i)] = 0;
  }
}
// Σ lowers to σ, or to ς at the end of a word (which a character on its own does not show): all
// three fold to σ, so that a pattern holding ς is found in a text whose lower case holds it.
FOLD[0x03c2] = 0x03c3;
UNTOUCHED[0x03c2] = 0;
// The two non-characters stand for the start and end of a value in the index; text never folds to them.
FOLD[0xfffe] = 0xfffd;
FOLD[0xffff] = 0xfffd;

/** The folded UTF-16 units of a string, as the automata take their patterns. */
export function foldUnits(text: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) out.push(FOLD[text.charCodeAt(i)] as number);
  return out;
}

/** Folds a whole string with FOLD. */
export function foldString(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) out += String.fromCharCode(FOLD[text.charCodeAt(i)] as number);
  return out;
}

/** The characters `windash` treats as one: `-`, `/`, en dash, em dash and horizontal bar. */
const WINDASH = "-/\u2013\u2014\u2015";
const DASHES = new RegExp(`[${WINDASH.slice(1)}]`, "g");

/** True for the units `windash` treats as one. */
export function isWindash(unit: number): boolean {
  return WINDASH.includes(String.fromCharCode(unit));
}

/** Replaces the dashes `windash` treats alike with `-`. */
export function foldDashes(text: string): string {
  return text.replace(DASHES, "-");
}

/**
 * Whether lower-casing a text leaves this unit where it is and makes it from no other: it lowers
 * to itself, no other character lowers to anything holding it, and it is no surrogate (those
 * lower by pairs). A text then holds a run of such units exactly when its lower case does, so a
 * case-insensitive literal made of them (`\`, `.`, digits, ` -`) is compared with the text as it
 * is, without lower-casing the text first.
 */
export function untouchedByLowerCase(unit: number): boolean {
  return UNTOUCHED[unit] === 1;
}

/** Whether every unit of the text is untouched by lower-casing (see untouchedByLowerCase). */
export function untouchedTextByLowerCase(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (!untouchedByLowerCase(text.charCodeAt(i))) return false;
  return true;
}
