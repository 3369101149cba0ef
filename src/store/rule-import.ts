import { promises as fs } from "node:fs";
import { basename, dirname, extname, join, relative, sep } from "node:path";
import yauzl from "yauzl";
import { type SkippedRule, loadSigmaText } from "../sigma/index.js";
import { walkFiles } from "../sources/index.js";

/** Where `tocsin rules import` puts rules in a data directory, and where the server reads them. */
export function importedRulesDir(data: string): string {
  return join(data, "rules", "imported");
}

/** What importing rules did. */
export interface RuleImport {
  /** Rule files copied into the data directory. */
  readonly loaded: number;
  /** Documents (rules, filters, correlations) in them. */
  readonly documents: number;
  readonly skipped: readonly SkippedRule[];
  /** Where they went. */
  readonly into: readonly string[];
}

const RULE_FILE = /\.ya?ml$/i;
/** Largest rule file read out of an archive. */
const MAX_RULE_BYTES = 4 * 1024 * 1024;

interface RuleText {
  /** Path inside the source (folder or archive), with `/`. */
  readonly path: string;
  readonly text: string;
}

async function* folderRules(dir: string): AsyncGenerator<RuleText | { path: string; error: string }> {
  for await (const entry of walkFiles([dir], { accept: (name) => RULE_FILE.test(name) })) {
    const rel = relative(dir, entry.path).split(sep).join("/");
    if (!entry.ok) {
      yield { path: rel, error: entry.error.message };
      continue;
    }
    yield { path: rel, text: await fs.readFile(entry.path, "utf8") };
  }
}

function zipRules(file: string): Promise<RuleText[]> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: true }, (error, zip) => {
      if (error || !zip) return reject(error ?? new Error(`cannot open ${file}`));
      const out: RuleText[] = [];
      zip.on("error", reject);
      zip.on("end", () => resolve(out));
      zip.on("entry", (entry: yauzl.Entry) => {
        if (
          entry.fileName.endsWith("/") ||
          !RULE_FILE.test(entry.fileName) ||
          entry.uncompressedSize > MAX_RULE_BYTES
        ) {
          zip.readEntry();
          return;
        }
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e ?? new Error(`cannot read ${entry.fileName}`));
          const chunks: Buffer[] = [];
          stream.on("data", (c: Buffer) => chunks.push(c));
          stream.on("error", reject);
          stream.on("end", () => {
            out.push({ path: entry.fileName, text: Buffer.concat(chunks).toString("utf8") });
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}

/** A path inside the archive or folder, made safe to join under a folder (no `..`, no root). */
function safeRelative(path: string): string {
  return path
    .split(/[\\/]+/)
    .filter((p) => p !== "" && p !== "." && p !== "..")
    .join(sep);
}

/**
 * Copies the rule files of folders and ZIP archives (a SigmaHQ release) that load into
 * `<rulesDir>/<source name>/...`, replacing an earlier import of the same name; files that do
 * not load are reported and left out. A running server notices the new files and reloads.
 *
 * @example const r = await importRules(["sigma_all_rules.zip"], "tocsin-data/rules/imported");
 */
export async function importRules(sources: readonly string[], rulesDir: string): Promise<RuleImport> {
  let loaded = 0;
  let documents = 0;
  const skipped: SkippedRule[] = [];
  const into: string[] = [];
  for (const source of sources) {
    const stat = await fs.stat(source).catch(() => undefined);
    if (!stat) {
      skipped.push({ file: source, code: "INPUT_UNREADABLE", reason: "no such file or folder" });
      continue;
    }
    const name = basename(source, extname(source)).replace(/[^\w.-]+/g, "_") || "rules";
    const target = join(rulesDir, name);
    const staging = `${target}.importing-${process.pid}`;
    await fs.rm(staging, { recursive: true, force: true });
    const texts: AsyncIterable<RuleText | { path: string; error: string }> | RuleText[] = stat.isDirectory()
      ? folderRules(source)
      : await zipRules(source);
    for await (const t of texts) {
      if ("error" in t) {
        skipped.push({ file: join(source, t.path), code: "INPUT_UNREADABLE", reason: t.error });
        continue;
      }
      const where = `${source}:${t.path}`;
      const result = loadSigmaText(t.text, where);
      if (result.skipped.length > 0 || result.documents.length === 0) {
        skipped.push(
          ...(result.skipped.length > 0
            ? result.skipped
            : [{ file: where, code: "SIGMA_EMPTY_FILE", reason: "the file holds no Sigma document" }]),
        );
        continue;
      }
      const out = join(staging, safeRelative(t.path));
      await fs.mkdir(dirname(out), { recursive: true });
      await fs.writeFile(out, t.text);
      loaded++;
      documents += result.documents.length;
    }
    // Swap the new import in whole, so a running server never reads half of it.
    await fs.mkdir(rulesDir, { recursive: true });
    await fs.rm(target, { recursive: true, force: true });
    await fs.mkdir(staging, { recursive: true });
    await fs.rename(staging, target);
    into.push(target);
  }
  return { loaded, documents, skipped, into };
}
