import { promises as fs } from "node:fs";
import { type LoadOptions, type SigmaDocument, type SkippedRule, loadSigmaText } from "../sigma/index.js";
import { walkFiles } from "./walk.js";

/** What loading rule files gave: documents, and per file how many loaded and what was skipped. */
export interface LoadedRules {
  readonly documents: SigmaDocument[];
  readonly skipped: SkippedRule[];
  /** Files whose every document loaded. */
  readonly filesLoaded: number;
  readonly files: number;
}

const RULE_FILE = /\.ya?ml$/i;

/**
 * Loads the Sigma rules of files and folders (recursively, `.yml` and `.yaml`). A bad rule or an
 * unreadable file is skipped with its reason; the rest load.
 */
export async function loadRuleFiles(paths: readonly string[], options: LoadOptions = {}): Promise<LoadedRules> {
  const documents: SigmaDocument[] = [];
  const skipped: SkippedRule[] = [];
  let filesLoaded = 0;
  let files = 0;
  for await (const entry of walkFiles(paths, { accept: (name) => RULE_FILE.test(name) })) {
    files++;
    if (!entry.ok) {
      skipped.push({ file: entry.path, code: entry.error.code, reason: entry.error.message });
      continue;
    }
    let text: string;
    try {
      text = await fs.readFile(entry.path, "utf8");
    } catch (error) {
      skipped.push({ file: entry.path, code: "INPUT_UNREADABLE", reason: `cannot read: ${String(error)}` });
      continue;
    }
    const loaded = loadSigmaText(text, entry.path, options);
    documents.push(...loaded.documents);
    skipped.push(...loaded.skipped);
    if (loaded.skipped.length === 0 && loaded.documents.length > 0) filesLoaded++;
    else if (loaded.skipped.length === 0 && loaded.documents.length === 0) {
      skipped.push({ file: entry.path, code: "SIGMA_EMPTY_FILE", reason: "the file holds no Sigma document" });
    }
  }
  return { documents, skipped, filesLoaded, files };
}
