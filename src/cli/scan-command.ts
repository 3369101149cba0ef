import type { Command } from "commander";
import type { EventLogSource } from "../core/index.js";
import type { Level } from "../sigma/index.js";
import { collect, collectPlaceholder, oneOf, parseLevel, parseLogsource } from "./options.js";
import { createProgress } from "./progress.js";
import { runScan } from "./scan/run-scan.js";

interface ScanFlags {
  rules: string[];
  pipeline?: string[];
  defaultPipelines: boolean;
  format: "table" | "csv" | "jsonl";
  minLevel: Level;
  failOn?: Level;
  placeholder?: Record<string, string[]>;
  logsource?: EventLogSource;
}

/** Adds `tocsin scan`: offline triage of a folder of logs with Sigma rules. */
export function registerScanCommand(program: Command): void {
  program
    .command("scan")
    .description("run Sigma rules over files and folders of logs (EVTX, JSON, NDJSON) and print a timeline")
    .argument("<paths...>", "files or folders to scan (folders recursively)")
    .requiredOption("-r, --rules <path...>", "Sigma rule files or folders")
    .option("-p, --pipeline <file>", "processing pipeline YAML (repeatable)", collect)
    .option("--no-default-pipelines", "do not load the pipelines shipped with Tocsin")
    .option("-f, --format <format>", "table, csv or jsonl", oneOf(["table", "csv", "jsonl"] as const), "table")
    .option("--min-level <level>", "report only detections at or above this level", parseLevel, "informational")
    .option("--fail-on <level>", "exit 1 when a detection at or above this level is found", parseLevel)
    .option("--placeholder <name=values>", "values for %name% placeholders (repeatable)", collectPlaceholder)
    .option(
      "--logsource <spec>",
      "log source of JSON events nothing else identifies (product=P,category=C,service=S)",
      parseLogsource,
    )
    .addHelpText(
      "after",
      "\nExit codes: 0 done, 1 detections at or above --fail-on, 2 bad usage or unreadable input.\n" +
        "Example: tocsin scan ./evidence --rules ../sigma/rules --format csv > timeline.csv",
    )
    .action(async (paths: string[], flags: ScanFlags) => {
      process.exitCode = await runScan(
        {
          paths,
          rules: flags.rules,
          pipelines: flags.pipeline ?? [],
          defaultPipelines: flags.defaultPipelines,
          format: flags.format,
          minLevel: flags.minLevel,
          failOn: flags.failOn,
          placeholders: flags.placeholder ?? {},
          logsource: flags.logsource,
        },
        {
          out: (line) => process.stdout.write(`${line}\n`),
          err: (line) => process.stderr.write(`${line}\n`),
          progress: createProgress(),
        },
      );
    });
}
