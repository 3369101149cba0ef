import type { ServeFlags } from "../cli/index.js";
import { TocsinError } from "../core/index.js";
import { resolveConfig } from "./config.js";
import { startTocsin } from "./start.js";

/**
 * `tocsin serve`: builds the configuration (defaults < file < TOCSIN_* < flags), starts the
 * server, and on SIGTERM or SIGINT stops taking input, drains, saves state and exits 0.
 * SIGHUP re-reads the rules.
 */
export async function serve(flags: ServeFlags, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const err = (line: string) => process.stderr.write(`${line}\n`);
  let config: ReturnType<typeof resolveConfig>;
  try {
    const file = flags.config ?? env.TOCSIN_CONFIG;
    config = resolveConfig({
      ...(file ? { file } : {}),
      env,
      flags: {
        data: flags.data,
        host: flags.host,
        port: flags.port,
        demo: flags.demo,
        retention: flags.retention,
        rules: flags.rules && flags.rules.length > 0 ? flags.rules : undefined,
        syslogUdp: flags.syslogUdp,
        syslogTcp: flags.syslogTcp,
        syslogTls: flags.syslogTls,
        tlsCert: flags.tlsCert,
        tlsKey: flags.tlsKey,
      },
    });
  } catch (error) {
    err(`tocsin serve: ${error instanceof TocsinError ? error.describe() : String(error)}`);
    return 2;
  }
  let tocsin: Awaited<ReturnType<typeof startTocsin>>;
  try {
    tocsin = await startTocsin(config, { out, err });
  } catch (error) {
    // A listener that cannot bind or a TLS file that cannot be read: say which, exit 2.
    err(`tocsin serve: ${error instanceof TocsinError ? error.describe() : String(error)}`);
    return 2;
  }
  const onHup = () => {
    tocsin.reloadRules().catch((error) => err(`tocsin: reloading rules failed: ${String(error)}`));
  };
  process.on("SIGHUP", onHup);
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once("SIGTERM", resolve);
    process.once("SIGINT", resolve);
  });
  out(`tocsin: ${signal}: draining and shutting down`);
  process.off("SIGHUP", onHup);
  await tocsin.close();
  out("tocsin: stopped");
  return 0;
}
