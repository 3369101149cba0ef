import type { LogFormat } from "../parser.js";

/**
 * Every log format Tocsin parses besides the Windows shapes (which normaliseRecord reads), one
 * line an entry, keyed by the id that `--format`, `?format=` and configuration use.
 */
export const LOG_FORMATS: Readonly<Record<string, LogFormat>> = {};

/** The format a sample (a text's first non-blank line) plainly belongs to, or undefined. */
export function sniffFormat(sample: string): LogFormat | undefined {
  const head = sample.slice(0, 4096);
  for (const format of Object.values(LOG_FORMATS)) if (format.sniff(head)) return format;
  return undefined;
}
