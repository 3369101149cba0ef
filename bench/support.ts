import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** ../shared beside the repository, where the benchmarks' input data lives. */
export const SHARED = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "shared");

/** Stops with a clear message when ../shared is absent. */
export function requireShared(): void {
  if (!existsSync(SHARED)) {
    console.error(`benchmark data not found: ${SHARED} is absent`);
    process.exit(2);
  }
}

/** Runs `work` repeatedly for at least `ms` and returns the rate of `units` per second. */
export function rate(work: () => number, ms = 3000): { perSecond: number; units: number; seconds: number } {
  let units = 0;
  const start = performance.now();
  let elapsed = 0;
  do {
    units += work();
    elapsed = performance.now() - start;
  } while (elapsed < ms);
  return { perSecond: (units / elapsed) * 1000, units, seconds: elapsed / 1000 };
}

/** Formats a number with thousands separators. */
export function n(value: number): string {
  return Math.round(value).toLocaleString("en-US");
}
