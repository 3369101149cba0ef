import cliProgress from "cli-progress";

/** A progress display for long work: a bar on a terminal, nothing when output is piped. */
export interface Progress {
  start(total: number): void;
  update(done: number, records: number): void;
  stop(): void;
  /** Terminal width for tables, or a default when not on a terminal. */
  readonly columns: number;
}

/** A progress bar on stderr when it is a terminal; silent otherwise. `label` names the work ("scanning"). */
export function createProgress(stream: NodeJS.WriteStream = process.stderr, label = "scanning"): Progress {
  const columns = process.stdout.columns ?? 160;
  if (!stream.isTTY) return { start() {}, update() {}, stop() {}, columns };
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: `${label} [{bar}] {percentage}% | {records} records | {eta_formatted} left`,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  return {
    start: (total) => bar.start(Math.max(total, 1), 0, { records: 0 }),
    update: (done, records) => bar.update(done, { records }),
    stop: () => bar.stop(),
    columns,
  };
}
