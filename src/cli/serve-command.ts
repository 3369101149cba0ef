import { type Command, InvalidArgumentError } from "commander";

/** The flags of `tocsin serve`, as given (unset ones are left to the configuration). */
export interface ServeFlags {
  readonly data?: string;
  readonly host?: string;
  readonly port?: number;
  readonly demo?: boolean;
  readonly retention?: string;
  readonly rules?: readonly string[];
  readonly config?: string;
  readonly syslogUdp?: number;
  readonly syslogTcp?: number;
  readonly syslogTls?: number;
  readonly tlsCert?: string;
  readonly tlsKey?: string;
}

/** Runs the server until it is told to stop; resolves to the exit code. Given by the app layer. */
export type ServeAction = (flags: ServeFlags) => Promise<number>;

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError("a port is a number from 0 to 65535");
  return n;
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/**
 * Adds `tocsin serve`. The server itself lives in the app layer, which the CLI may not import,
 * so the action is injected; without it the command explains how to run the server.
 */
export function registerServeCommand(program: Command, serve?: ServeAction): void {
  program
    .command("serve")
    .description("run the Tocsin server: HTTP ingest, streaming detection, the embedded store and the API")
    .option("--data <dir>", "data directory (default ./tocsin-data)")
    .option("--host <host>", "address to listen on (default 127.0.0.1)")
    .option("--port <port>", "port to listen on; 0 picks a free one (default 8080)", port)
    .option("--demo", "replay a simulated intrusion through the ingest API")
    .option("--retention <duration>", "keep events this long, such as 30d or 12h (default 30d)")
    .option("--rules <paths...>", "more rule files or folders to load", collect)
    .option("--config <file>", "configuration file (JSON or YAML)")
    .option("--syslog-udp <port>", "receive syslog over UDP on this port (off by default)", port)
    .option("--syslog-tcp <port>", "receive syslog over TCP on this port, octet-counted or one a line", port)
    .option(
      "--syslog-tls <port>",
      "receive syslog over TLS (RFC 5425) on this port; needs --tls-cert and --tls-key",
      port,
    )
    .option("--tls-cert <file>", "PEM certificate of the syslog TLS listener")
    .option("--tls-key <file>", "PEM private key of the syslog TLS listener")
    .action(async (flags: ServeFlags) => {
      if (!serve) {
        process.stderr.write("tocsin serve: run it through bin/tocsin or src/app/entry.ts\n");
        process.exitCode = 2;
        return;
      }
      process.exitCode = await serve({ ...flags, rules: flags.rules?.flat() });
    });
}
