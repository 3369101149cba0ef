import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { FastifyInstance } from "fastify";
import { TokenAuthority } from "../auth/index.js";
import { TocsinError } from "../core/index.js";
import type { EngineState } from "../detect/index.js";
import { createMappedJsonFormat } from "../formats/index.js";
import { IngestPipeline, RuleSet, createIds, idTime } from "../ingest/index.js";
import {
  DEFAULT_LIMITS,
  ServerMetrics,
  type SyslogListeners,
  buildServer,
  startSyslogListeners,
} from "../server/index.js";
import { type SqliteStore, importedRulesDir, openSqliteStore } from "../store/index.js";
import type { TocsinConfig } from "./config.js";
import { type Demo, startDemo } from "./demo.js";
import { folderSignature, loadDefaultPipelines, loadServerRules } from "./rules.js";

const ENGINE_STATE = "engine.state";
/** A state save that took T puts the next one off by this many times T. */
const STATE_SAVE_SHARE = 50;
const DISABLED_RULES = "rules.disabled";

/** Where a running server writes what people should read (its address, a new admin token). */
export interface StartIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

/** A running Tocsin server. */
export interface RunningTocsin {
  readonly url: string;
  readonly port: number;
  readonly app: FastifyInstance;
  readonly store: SqliteStore;
  readonly pipeline: IngestPipeline;
  readonly rules: RuleSet;
  /** The admin token when it was made or configured at this start, otherwise undefined. */
  readonly adminToken: string | undefined;
  /** The syslog listeners' ports, those started. */
  readonly syslog: { readonly udp?: number; readonly tcp?: number; readonly tls?: number };
  /** Stores every syslog message received so far (tests, shutdown). */
  flushSyslog(): Promise<void>;
  /** Re-reads every rule source (imported rules included) and swaps the engine's rules. */
  reloadRules(): Promise<void>;
  /** Saves the engine's correlation state now. */
  saveState(): Promise<void>;
  /** Deletes events and dead letters past retention now; returns how many events. */
  sweepRetention(): Promise<number>;
  /** Graceful stop: refuse new input, finish in-flight batches, save state, close the database. */
  close(): Promise<void>;
}

const quiet: StartIo = { out: () => {}, err: () => {} };

/** Reads a PEM file of the syslog TLS listener, naming it when it cannot be read. */
function readPem(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new TocsinError("CONFIG_UNREADABLE", `cannot read the syslog TLS ${what} ${path}`, { cause: error });
  }
}

/**
 * The composition root: opens the store in the data directory, loads pipelines and rules
 * (starter, imported, configured), restores correlation state and disabled rules, ensures the
 * admin token, builds the API and listens; runs the state saver, the retention sweeper, the
 * imported-rules watcher and, with `demo`, the demo generator.
 *
 * @example
 * const tocsin = await startTocsin(resolveConfig({ flags: { port: 0, data: dir } }));
 * console.log(tocsin.url);
 * await tocsin.close();
 */
export async function startTocsin(config: TocsinConfig, io: StartIo = quiet): Promise<RunningTocsin> {
  const data = resolve(config.data);
  mkdirSync(data, { recursive: true });
  // Read before the store opens or anything listens, so a missing file stops the start cleanly.
  const tls =
    config.syslogTls !== undefined
      ? {
          port: config.syslogTls,
          cert: readPem(config.tlsCert as string, "certificate"),
          key: readPem(config.tlsKey as string, "private key"),
        }
      : undefined;
  const store = openSqliteStore({
    path: join(data, "tocsin.db"),
    synchronous: config.synchronous,
    writerThread: config.writerThread,
    queryTimeoutMs: config.queryTimeoutSeconds * 1000,
  });
  const pipelines = await loadDefaultPipelines();
  const sources = { starter: config.starterRules, data, extra: config.rules };
  const loaded = await loadServerRules(sources, pipelines);
  const rules = new RuleSet({
    documents: loaded.documents,
    pipelines,
    skipped: loaded.skipped,
    disabled: (await store.getState<string[]>(DISABLED_RULES)) ?? [],
  });
  const saved = await store.getState<EngineState>(ENGINE_STATE);
  if (saved) rules.importState(saved);
  const pipeline = new IngestPipeline({
    rules,
    writer: store,
    ids: createIds(Date.now, randomBytes(2).toString("hex"), newestIdTime(store)),
  });
  const tokens = await TokenAuthority.open(store);
  const admin = await tokens.ensureAdmin(config.adminToken);
  if (admin.token) {
    io.out(`tocsin: created the admin token; it is shown this once, store it now:\n  ${admin.token}`);
  }
  const metrics = new ServerMetrics();
  const app = await buildServer(
    {
      store,
      pipeline,
      rules,
      tokens,
      metrics,
      limits: { ...DEFAULT_LIMITS, bodyLimit: config.bodyLimit, maxInflight: config.maxInflight },
      formats: Object.fromEntries(
        Object.entries(config.jsonFormats).map(([id, mapping]) => [id, createMappedJsonFormat(mapping, id)]),
      ),
      saveRules: () => store.putState(DISABLED_RULES, [...rules.disabled]),
    },
    {
      logger: config.logLevel === "silent" ? false : { level: config.logLevel },
      requestTimeoutMs: config.requestTimeoutSeconds * 1000,
    },
  );
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const url = `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${port}`;
  let syslog: SyslogListeners | undefined;
  if (config.syslogUdp !== undefined || config.syslogTcp !== undefined || config.syslogTls !== undefined) {
    try {
      syslog = await startSyslogListeners({
        host: config.host,
        ...(config.syslogUdp !== undefined ? { udpPort: config.syslogUdp } : {}),
        ...(config.syslogTcp !== undefined ? { tcpPort: config.syslogTcp } : {}),
        ...(tls !== undefined ? { tls } : {}),
        pipeline,
        metrics: metrics.listeners,
        log: app.log,
        maxFrame: config.syslogMaxFrame,
        ratePerSecond: config.syslogRate,
        idleSeconds: config.syslogIdleSeconds,
      });
    } catch (error) {
      await app.close();
      await store.close();
      throw error;
    }
    const ports = Object.entries(syslog.ports).map(([transport, port]) => `${transport} ${port}`);
    io.out(`tocsin: syslog on ${ports.join(", ")}`);
  }
  io.out(
    `tocsin: listening on ${url} (data ${data}; ${rules.engine.rules.length + rules.engine.correlations.length} rules, ${rules.skipped.length} skipped)`,
  );

  let closed = false;
  // The state is made in slices, ingest going on between them; a save that took long (a flood's
  // windows) puts off the next ones, so saving never takes more than a fiftieth of the time.
  let saves: Promise<void> = Promise.resolve();
  let savesQueued = 0;
  let nextSave = 0;
  const saveState = (): Promise<void> => {
    // Saves queue up: each lands after the one before, so an older state never overwrites a newer.
    savesQueued++;
    const next = saves
      .catch(() => {})
      .then(async () => {
        const started = Date.now();
        try {
          const text = await rules.exportStateText(() => new Promise((resolve) => setImmediate(resolve)));
          if (store.db.open) await store.putStateText(ENGINE_STATE, text);
        } finally {
          savesQueued--;
          nextSave = Date.now() + STATE_SAVE_SHARE * (Date.now() - started);
        }
      });
    saves = next;
    return next;
  };
  const saveStateWhenDue = async () => {
    if (savesQueued === 0 && store.db.open && Date.now() >= nextSave) await saveState();
  };
  // Dead letters go with the events: a misbehaving shipper's garbage would otherwise fill the disk.
  const sweepRetention = async () => {
    const cut = new Date(Date.now() - config.retentionMs).toISOString();
    const events = await store.pruneEventsBefore(cut);
    await store.pruneDeadLettersBefore(cut);
    return events;
  };
  let signature = await folderSignature(importedRulesDir(data));
  let reloading: Promise<void> | undefined;
  const reloadRules = async () => {
    reloading ??= (async () => {
      const next = await loadServerRules(sources, pipelines);
      rules.replace(next.documents, next.skipped);
      io.out(`tocsin: rules reloaded: ${rules.engine.rules.length + rules.engine.correlations.length} loaded`);
    })().finally(() => {
      reloading = undefined;
    });
    return reloading;
  };
  const timers: NodeJS.Timeout[] = [];
  const every = (seconds: number, task: () => Promise<unknown>) => {
    if (seconds <= 0) return;
    const t = setInterval(() => {
      task().catch((error) => io.err(`tocsin: background task failed: ${String(error)}`));
    }, seconds * 1000);
    t.unref();
    timers.push(t);
  };
  every(config.stateSaveSeconds, saveStateWhenDue);
  every(3600, sweepRetention);
  every(config.rulesPollSeconds, async () => {
    const now = await folderSignature(importedRulesDir(data));
    if (now === signature) return;
    signature = now;
    await reloadRules();
  });
  await sweepRetention();

  let demo: Demo | undefined;
  let demoToken: string | undefined;
  if (config.demo) {
    // The demo ingests like any client: through HTTP, with a token of its own for this run.
    for (const r of tokens.list()) if (r.name === "demo") await tokens.revoke(r.id);
    demoToken = (await tokens.create("demo", "analyst")).token;
    demo = startDemo({ url, token: demoToken, log: io.out });
  }

  const close = async () => {
    if (closed) return;
    closed = true;
    for (const t of timers) clearInterval(t);
    await demo?.stop();
    // Syslog stops first: what it has queued is stored before the database closes.
    await syslog?.close();
    // Fastify stops accepting, answers 503 to new requests on open connections, and waits for
    // the in-flight ones (each a batch being stored) before it resolves.
    // Connections busy when closing began turn idle once answered; keep-alive would hold them
    // (and the process) open until their timeout, so end each as soon as it is idle.
    const idle = setInterval(() => app.server.closeIdleConnections(), 50);
    try {
      await app.close();
    } finally {
      clearInterval(idle);
    }
    await reloading;
    // A save under way would land after the final one, with an older state.
    await saves.catch(() => {});
    try {
      await store.putState(ENGINE_STATE, rules.exportState());
      for (const r of tokens.list()) if (r.name === "demo") await tokens.revoke(r.id);
    } catch (error) {
      // A store that can no longer write (its writer thread given up on) still closes.
      io.err(`tocsin: could not save the engine state at shutdown: ${String(error)}`);
    }
    await store.close();
  };

  return {
    url,
    port,
    app,
    store,
    pipeline,
    rules,
    adminToken: admin.token ?? config.adminToken,
    syslog: syslog?.ports ?? {},
    flushSyslog: async () => syslog?.flush(),
    reloadRules,
    saveState,
    sweepRetention,
    close,
  };
}

/** The latest time in the ids already stored (0 for a new store), so that new ids come after. */
function newestIdTime(store: SqliteStore): number {
  let newest = 0;
  for (const id of store.newestIds()) newest = Math.max(newest, idTime(id) ?? 0);
  return newest;
}
