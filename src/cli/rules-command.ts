import type { Command } from "commander";
import { createEngine } from "../detect/index.js";
import type { SkippedRule } from "../sigma/index.js";
import { loadRuleFiles } from "../sources/index.js";
import { importRules, importedRulesDir } from "../store/index.js";
import { collectPlaceholder, oneOf } from "./options.js";
import { skippedByReason } from "./scan/summary.js";

interface CheckFlags {
  format: "text" | "json";
  placeholder?: Record<string, string[]>;
}

/** The outcome of checking rule files: files that fully loaded, and every skip with its reason. */
export interface RulesCheck {
  readonly loaded: number;
  readonly documents: number;
  readonly skipped: readonly SkippedRule[];
}

/** Loads and compiles rules as a scan would, without scanning anything. */
export async function checkRules(
  paths: readonly string[],
  placeholders: Record<string, string[]>,
): Promise<RulesCheck> {
  const loaded = await loadRuleFiles(paths, { placeholders });
  const engine = createEngine({ documents: loaded.documents });
  const skipped = [...loaded.skipped, ...engine.skipped];
  const badFiles = new Set(skipped.map((s) => s.file));
  const goodFiles = new Set(loaded.documents.map((d) => d.source.file).filter((f) => !badFiles.has(f)));
  return { loaded: goodFiles.size, documents: loaded.documents.length - engine.skipped.length, skipped };
}

/** Adds `tocsin rules check`. */
export function registerRulesCommand(program: Command): void {
  const rules = program.command("rules").description("work with Sigma rules");
  rules
    .command("check")
    .description("load rules and report which loaded and which were skipped, and why")
    .argument("<paths...>", "rule files or folders")
    .option("-f, --format <format>", "text or json", oneOf(["text", "json"] as const), "text")
    .option("--placeholder <name=values>", "values for %name% placeholders (repeatable)", collectPlaceholder)
    .action(async (paths: string[], flags: CheckFlags) => {
      const result = await checkRules(paths, flags.placeholder ?? {});
      const out = (line: string) => process.stdout.write(`${line}\n`);
      if (flags.format === "text") {
        for (const s of result.skipped) out(`skipped ${s.file}${s.line ? `:${s.line}` : ""}: ${s.reason} [${s.code}]`);
        out(`${result.loaded} rule files loaded (${result.documents} documents), ${result.skipped.length} skipped`);
        for (const [code, n] of skippedByReason(result.skipped)) out(`  ${n} × ${code}`);
      } else {
        for (const [code, n] of skippedByReason(result.skipped)) out(JSON.stringify({ reason: code, count: n }));
        out(
          JSON.stringify({
            loaded: result.loaded,
            skipped: result.skipped.map((s) => ({ file: s.file, reason: s.reason })),
          }),
        );
      }
      process.exitCode = result.loaded === 0 && result.skipped.length > 0 ? 2 : 0;
    });
  rules
    .command("import")
    .description("add rules (folders or ZIP archives such as a SigmaHQ release) to a server's data directory")
    .argument("<paths...>", "rule folders or ZIP archives")
    .option("--data <dir>", "the server's data directory", "./tocsin-data")
    .option("-f, --format <format>", "text or json", oneOf(["text", "json"] as const), "text")
    .action(async (paths: string[], flags: { data: string; format: "text" | "json" }) => {
      const result = await importRules(paths, importedRulesDir(flags.data));
      const out = (line: string) => process.stdout.write(`${line}\n`);
      if (flags.format === "text") {
        for (const s of result.skipped) out(`skipped ${s.file}${s.line ? `:${s.line}` : ""}: ${s.reason} [${s.code}]`);
        out(
          `${result.loaded} rule files imported (${result.documents} documents) into ${result.into.join(", ")}, ${result.skipped.length} skipped`,
        );
        out("a running server picks them up within seconds (or at once on SIGHUP)");
      } else {
        out(
          JSON.stringify({
            loaded: result.loaded,
            documents: result.documents,
            skipped: result.skipped.length,
            into: result.into,
          }),
        );
      }
      process.exitCode = result.loaded === 0 ? 2 : 0;
    });
}
