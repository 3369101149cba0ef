import { type Dirent, promises as fs } from "node:fs";
import { join } from "node:path";
import { TocsinError } from "../core/index.js";

/** A file found under the paths given, or a path that could not be read. */
export type WalkEntry =
  | { readonly ok: true; readonly path: string; readonly size: number }
  | { readonly ok: false; readonly path: string; readonly error: TocsinError };

/** Options of walkFiles. */
export interface WalkOptions {
  /** Keep only files whose name passes; directories are always entered. */
  readonly accept?: (name: string) => boolean;
  /** Folders deeper than this are not entered, so a link loop cannot run away. */
  readonly maxDepth?: number;
}

function unreadable(path: string, error: unknown): TocsinError {
  const code = (error as NodeJS.ErrnoException).code;
  const why = code === "ENOENT" ? "no such file or folder" : code === "EACCES" ? "permission denied" : String(error);
  return new TocsinError("INPUT_UNREADABLE", `cannot read: ${why}`, { place: { file: path }, cause: error });
}

/**
 * Lists the files under each path (a file stands for itself), depth first in name order, so
 * scans are reproducible. Paths that cannot be read are reported, and the walk goes on.
 */
export async function* walkFiles(paths: readonly string[], options: WalkOptions = {}): AsyncGenerator<WalkEntry> {
  const maxDepth = options.maxDepth ?? 64;
  const accept = options.accept ?? (() => true);
  async function* visit(path: string, depth: number, explicit: boolean): AsyncGenerator<WalkEntry> {
    let stat: Awaited<ReturnType<typeof fs.stat>>;
    try {
      stat = await fs.stat(path);
    } catch (error) {
      yield { ok: false, path, error: unreadable(path, error) };
      return;
    }
    if (stat.isFile()) {
      if (explicit || accept(path)) yield { ok: true, path, size: stat.size };
      return;
    }
    if (!stat.isDirectory() || depth > maxDepth) return;
    let entries: Dirent[];
    try {
      entries = await fs.readdir(path, { withFileTypes: true });
    } catch (error) {
      yield { ok: false, path, error: unreadable(path, error) };
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith(".")) continue;
      yield* visit(join(path, entry.name), depth + 1, false);
    }
  }
  for (const path of paths) yield* visit(path, 0, true);
}
