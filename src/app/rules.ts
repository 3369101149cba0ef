import { promises as fs } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type Pipeline,
  type SigmaDocument,
  type SkippedRule,
  parsePipeline,
  pipelinePlaceholders,
} from "../sigma/index.js";
import { loadRuleFiles } from "../sources/index.js";
import { importedRulesDir } from "../store/index.js";

/** The package root (the folder holding rules/, pipelines/, samples/), from src/app or dist/app. */
export const PACKAGE_ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** Tocsin's starter rules. */
export const STARTER_RULES = join(PACKAGE_ROOT, "rules");
/** The default processing pipelines. */
export const DEFAULT_PIPELINES = join(PACKAGE_ROOT, "pipelines");

/** Loads the default pipelines (`pipelines/*.yml`). */
export async function loadDefaultPipelines(): Promise<Pipeline[]> {
  let names: string[];
  try {
    names = (await fs.readdir(DEFAULT_PIPELINES)).filter((n) => n.endsWith(".yml")).sort();
  } catch {
    return [];
  }
  const out: Pipeline[] = [];
  for (const name of names) {
    const path = join(DEFAULT_PIPELINES, name);
    out.push(parsePipeline(await fs.readFile(path, "utf8"), path));
  }
  return out;
}

/** Rule sources of a server: starter rules, imported rules of the data directory, and more. */
export interface RuleSources {
  readonly starter: boolean;
  readonly data: string;
  readonly extra: readonly string[];
}

/** The rule paths to load, those that exist. */
export async function rulePaths(sources: RuleSources): Promise<string[]> {
  const paths = [...(sources.starter ? [STARTER_RULES] : []), importedRulesDir(sources.data), ...sources.extra];
  const out: string[] = [];
  for (const p of paths) {
    try {
      await fs.stat(p);
      out.push(p);
    } catch {
      // An absent folder (no rule imported yet) loads nothing.
    }
  }
  return out;
}

/** Loads every rule of a server. */
export async function loadServerRules(
  sources: RuleSources,
  pipelines: readonly Pipeline[],
): Promise<{ documents: SigmaDocument[]; skipped: SkippedRule[] }> {
  const loaded = await loadRuleFiles(await rulePaths(sources), { placeholders: pipelinePlaceholders(pipelines, {}) });
  // The same rule reached twice (a starter rule also imported) runs once.
  const seen = new Set<string>();
  const documents = loaded.documents.filter((d) => {
    if (seen.has(d.id)) return false;
    seen.add(d.id);
    return true;
  });
  return { documents, skipped: loaded.skipped };
}

/** A cheap fingerprint of a folder tree (paths, sizes, times), to notice new imported rules. */
export async function folderSignature(dir: string): Promise<string> {
  const parts: string[] = [];
  const walk = async (d: string): Promise<void> => {
    let entries: import("node:fs").Dirent[];
    try {
      entries = await fs.readdir(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else {
        const s = await fs.stat(p).catch(() => undefined);
        if (s) parts.push(`${p}:${s.size}:${s.mtimeMs}`);
      }
    }
  };
  await walk(dir);
  return parts.sort().join("\n");
}
