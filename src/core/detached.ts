/**
 * A string with the same characters that holds them itself. Values cut out of a larger text
 * (a field split out of a syslog line, itself cut from a request body) share that text's memory;
 * anything long-lived keeping such a value would keep the whole body alive. Concatenating makes V8
 * copy the characters into a string of their own before the slice is taken. Only for what is kept:
 * lookups compare by content and need no copy.
 */
export function detached(text: string): string {
  return `${text} `.slice(0, -1);
}
