import type { Command } from "commander";
import { knownFormats } from "../ingest/index.js";
import { runParse } from "./parse/run-parse.js";

/** Adds `tocsin parse`: prints the normalised events of log files, one JSON object a line. */
export function registerParseCommand(program: Command): void {
  program
    .command("parse")
    .description("print the normalised events of log files (gzip too), one JSON object a line")
    .argument("<paths...>", "files or folders (folders recursively)")
    .option("-f, --format <format>", "the files' format (sniffed per file when left out)")
    .option("--original", "add each record as it came, under `original`")
    .option(
      "--mapping <file>",
      "read the files as generic JSON with this field mapping (JSON or YAML; see docs/formats.md)",
    )
    .addHelpText(
      "after",
      `\nFormats: ${knownFormats().join(", ")}.\n` +
        "Each line: {logsource, @timestamp, ECS fields nested as in ECS documents (source.ip → source: {ip}),\n" +
        "<format id>: the format's own fields[, original]}. Refused records go to stderr as file:line: CODE reason.\n" +
        "Exit codes: 0 done, 2 a file could not be read or the format is unknown.\n" +
        "Example: tocsin parse /var/log/auth.log.1.gz --format linux-auth | jq .user",
    )
    .action(async (paths: string[], flags: { format?: string; original?: boolean; mapping?: string }) => {
      // `tocsin parse ... | head`: the reader has gone; stop quietly, as Unix tools do.
      process.stdout.on("error", (error: NodeJS.ErrnoException) => {
        if (error.code === "EPIPE") process.exit(0);
      });
      process.exitCode = await runParse(
        {
          paths,
          ...(flags.format !== undefined ? { format: flags.format } : {}),
          ...(flags.mapping !== undefined ? { mapping: flags.mapping } : {}),
          original: flags.original === true,
        },
        {
          // Waits for a full pipe to drain, so a slow reader never makes the output pile up in memory.
          out: (line) =>
            process.stdout.write(`${line}\n`)
              ? undefined
              : new Promise((resolve) => process.stdout.once("drain", resolve)),
          err: (line) => process.stderr.write(`${line}\n`),
        },
      );
    });
}
