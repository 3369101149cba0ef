/**
 * Case folding, one UTF-16 unit to one: each unit maps to the first unit of its lower case.
 * Folding both a pattern and a value keeps every true case-insensitive match, so the index may
 * use it as a sieve. Dashes stay apart: a rule looking for an em dash (command-line obfuscation)
 * must not wake on every `-`; `windash` patterns are indexed by their runs between dashes.
 */
export const FOLD: Uint16Array = (() => {
  const table = new Uint16Array(65536);
  for (let c = 0; c < 65536; c++) {
    // Surrogates are not characters on their own; they fold to themselves.
    table[c] = c >= 0xd800 && c < 0xe000 ? c : String.fromCharCode(c).toLowerCase().charCodeAt(0);
  }
  // The two non-characters stand for the start and end of a value in the index; text never folds to them.
  table[0xfffe] = 0xfffd;
  table[0xffff] = 0xfffd;
  return table;
})();

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
