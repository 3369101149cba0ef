import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/**
 * Every file below `dir` whose name ends with `extension` (".evtx"), found recursively, in
 * sorted order (each folder's entries sorted by name, depth first); [] when `dir` is missing.
 *
 * @example const cases = filesUnder(join(SHARED, "sigma", "regression"), ".evtx");
 */
export function filesUnder(dir: string, extension: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path, extension));
    else if (name.endsWith(extension)) out.push(path);
  }
  return out;
}
