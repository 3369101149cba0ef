import { type Command, Option } from "commander";
import { createProgress } from "./progress.js";
import { runIngest } from "./ingest/run-ingest.js";

/** Adds `tocsin ingest`: sends log files to a running server's ingest API. */
export function registerIngestCommand(program: Command): void {
  program
    .command("ingest")
    .description("send log files and folders (gzip too) to a running Tocsin server, in batches")
    .argument("<paths...>", "files or folders (folders recursively)")
    .option("-f, --format <format>", "the files' format (sniffed per file when left out)")
    .option("--url <url>", "the server", "http://127.0.0.1:8080")
    .addOption(new Option("--token <token>", "an analyst or admin token").env("TOCSIN_TOKEN"))
    .option("--batch-bytes <bytes>", "bytes a request carries at most", (v) => Number.parseInt(v, 10), 4 * 1024 * 1024)
    .addHelpText(
      "after",
      "\nThe token may also come from TOCSIN_TOKEN. Batches go through POST /api/v1/ingest, so each is stored\n" +
        "durably before the next is sent; busy answers (429, 503) are retried.\n" +
        "Exit codes: 0 done, 1 some batches were not stored, 2 unreadable input, a refused connection or token,\n" +
        "or an unknown format.\n" +
        "Example: tocsin ingest /var/log/zeek/2026-11-21 --format zeek --url http://tocsin:8080",
    )
    .action(async (paths: string[], flags: { format?: string; url: string; token?: string; batchBytes: number }) => {
      if (!flags.token) {
        process.stderr.write("tocsin ingest: a token is needed: --token TOKEN or TOCSIN_TOKEN\n");
        process.exitCode = 2;
        return;
      }
      process.exitCode = await runIngest(
        {
          paths,
          url: flags.url,
          token: flags.token,
          ...(flags.format !== undefined ? { format: flags.format } : {}),
          ...(Number.isFinite(flags.batchBytes) && flags.batchBytes > 0 ? { batchBytes: flags.batchBytes } : {}),
        },
        {
          out: (line) => process.stdout.write(`${line}\n`),
          err: (line) => process.stderr.write(`${line}\n`),
          progress: createProgress(process.stderr, "ingesting"),
        },
      );
    });
}
