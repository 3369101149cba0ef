import { Command } from "commander";
import { registerEvtxCommand } from "./evtx-command.js";
import { registerIngestCommand } from "./ingest-command.js";
import { registerParseCommand } from "./parse-command.js";
import { registerRulesCommand } from "./rules-command.js";
import { registerScanCommand } from "./scan-command.js";
import { type ServeAction, registerServeCommand } from "./serve-command.js";

/** What the CLI is given by the layer above it (the app): the server's startup. */
export interface CliServices {
  readonly serve?: ServeAction;
}

/**
 * The `tocsin` command line.
 *
 * @example await main(["node", "tocsin", "scan", "./logs", "--rules", "./rules"]);
 */
export async function main(argv: readonly string[], services: CliServices = {}): Promise<void> {
  const program = new Command()
    .name("tocsin")
    .description("Tocsin: threat operations center (Sigma detection, EVTX forensics, intelligence, response)")
    .version("0.1.0")
    .showHelpAfterError()
    .exitOverride((error) => {
      // Usage errors exit 2, as the scan's exit codes promise; help and version exit 0.
      process.exit(error.exitCode === 0 ? 0 : 2);
    });
  registerScanCommand(program);
  registerRulesCommand(program);
  registerEvtxCommand(program);
  registerServeCommand(program, services.serve);
  registerParseCommand(program);
  registerIngestCommand(program);
  await program.parseAsync([...argv]);
}
