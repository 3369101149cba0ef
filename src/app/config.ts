import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { TocsinError, describeIssues } from "../core/index.js";
import { type JsonMapping, validateJsonMapping } from "../formats/index.js";
import { formatById } from "../ingest/index.js";
import { parseTimespan } from "../sigma/index.js";

/** Everything `tocsin serve` can be told. */
export interface TocsinConfig {
  /** The data directory: database, imported rules. */
  readonly data: string;
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** Run the demo generator. */
  readonly demo: boolean;
  /** Keep events this long after they are received (Sigma form: `30d`). */
  readonly retention: string;
  readonly retentionMs: number;
  /** Rule files and folders to load besides the starter set and imported rules. */
  readonly rules: readonly string[];
  /** Load Tocsin's starter rules (rules/ in the package). */
  readonly starterRules: boolean;
  /** The admin token to create on first start; otherwise one is made and printed once. */
  readonly adminToken: string | undefined;
  readonly bodyLimit: number;
  readonly maxInflight: number;
  /**
   * Seconds a client has to send a whole HTTP request; past it the request gets 408 and its
   * connection closes, freeing its ingest slot (a shipper that died mid-upload held one for good).
   */
  readonly requestTimeoutSeconds: number;
  /**
   * Seconds a query of the API (events, alerts, dead letters) may run on the store's reader
   * thread before it is stopped and answered 503 `STORE_QUERY_TIMEOUT`.
   */
  readonly queryTimeoutSeconds: number;
  /** SQLite `synchronous` for acknowledged ingest. */
  readonly synchronous: "FULL" | "NORMAL";
  /** Commit ingest on a SQLite writer thread, beside parsing and detection. */
  readonly writerThread: boolean;
  /** Seconds between saves of the engine's correlation state. */
  readonly stateSaveSeconds: number;
  /** Seconds between checks of `<data>/rules/imported` for new rules (0: only on SIGHUP). */
  readonly rulesPollSeconds: number;
  /** pino level: fatal, error, warn, info, debug, or silent. */
  readonly logLevel: string;
  /** Syslog over UDP on this port (RFC 5426); off when unset. 0 picks a free port. */
  readonly syslogUdp: number | undefined;
  /** Syslog over TCP on this port (RFC 6587, octet counting or newlines); off when unset. */
  readonly syslogTcp: number | undefined;
  /** Syslog over TLS on this port (RFC 5425); off when unset. Needs tlsCert and tlsKey. */
  readonly syslogTls: number | undefined;
  /** PEM certificate (chain) file of the syslog TLS listener. */
  readonly tlsCert: string | undefined;
  /** PEM private key file of the syslog TLS listener. */
  readonly tlsKey: string | undefined;
  /** Largest syslog frame in bytes; longer ones are cut off and dead-lettered. */
  readonly syslogMaxFrame: number;
  /** Syslog messages a second each peer IP may send; more are dropped and counted. */
  readonly syslogRate: number;
  /** Seconds a syslog TCP or TLS connection may stay silent before it is closed. */
  readonly syslogIdleSeconds: number;
  /**
   * Generic JSON formats with a field mapping, by the id ingest names them with (`?format=ID`,
   * a HEC sourcetype): each a JsonMapping (logsource, timestamp, ecs, rename). From the
   * configuration file, or TOCSIN_JSON_FORMATS as JSON text.
   */
  readonly jsonFormats: Readonly<Record<string, JsonMapping>>;
}

/** The defaults, before any file, environment or flag. */
export const DEFAULTS: TocsinConfig = {
  data: "./tocsin-data",
  host: "127.0.0.1",
  port: 8080,
  demo: false,
  retention: "30d",
  retentionMs: 30 * 86_400_000,
  rules: [],
  starterRules: true,
  adminToken: undefined,
  bodyLimit: 10 * 1024 * 1024,
  maxInflight: 8,
  requestTimeoutSeconds: 120,
  queryTimeoutSeconds: 30,
  synchronous: "FULL",
  writerThread: true,
  stateSaveSeconds: 10,
  rulesPollSeconds: 10,
  logLevel: "info",
  syslogUdp: undefined,
  syslogTcp: undefined,
  syslogTls: undefined,
  tlsCert: undefined,
  tlsKey: undefined,
  syslogMaxFrame: 64 * 1024,
  syslogRate: 10_000,
  syslogIdleSeconds: 300,
  jsonFormats: {},
};

type Partial<T> = { -readonly [K in keyof T]?: T[K] };

/** What the configuration is built from, lowest precedence first. */
export interface ConfigSources {
  /** A JSON or YAML file of TocsinConfig keys (the `--config` flag or TOCSIN_CONFIG). */
  readonly file?: string;
  /** The environment: TOCSIN_* variables. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Command-line flags already parsed. */
  readonly flags?: Readonly<Record<string, unknown>>;
}

const ENV: Readonly<Record<string, keyof TocsinConfig>> = {
  TOCSIN_DATA: "data",
  TOCSIN_HOST: "host",
  TOCSIN_PORT: "port",
  TOCSIN_DEMO: "demo",
  TOCSIN_RETENTION: "retention",
  TOCSIN_RULES: "rules",
  TOCSIN_STARTER_RULES: "starterRules",
  TOCSIN_ADMIN_TOKEN: "adminToken",
  TOCSIN_BODY_LIMIT: "bodyLimit",
  TOCSIN_MAX_INFLIGHT: "maxInflight",
  TOCSIN_REQUEST_TIMEOUT_SECONDS: "requestTimeoutSeconds",
  TOCSIN_QUERY_TIMEOUT_SECONDS: "queryTimeoutSeconds",
  TOCSIN_SYNCHRONOUS: "synchronous",
  TOCSIN_WRITER_THREAD: "writerThread",
  TOCSIN_STATE_SAVE_SECONDS: "stateSaveSeconds",
  TOCSIN_RULES_POLL_SECONDS: "rulesPollSeconds",
  TOCSIN_LOG_LEVEL: "logLevel",
  TOCSIN_SYSLOG_UDP: "syslogUdp",
  TOCSIN_SYSLOG_TCP: "syslogTcp",
  TOCSIN_SYSLOG_TLS: "syslogTls",
  TOCSIN_TLS_CERT: "tlsCert",
  TOCSIN_TLS_KEY: "tlsKey",
  TOCSIN_SYSLOG_MAX_FRAME: "syslogMaxFrame",
  TOCSIN_SYSLOG_RATE: "syslogRate",
  TOCSIN_SYSLOG_IDLE_SECONDS: "syslogIdleSeconds",
  TOCSIN_JSON_FORMATS: "jsonFormats",
};

const NUMBERS = new Set<keyof TocsinConfig>([
  "port",
  "bodyLimit",
  "maxInflight",
  "stateSaveSeconds",
  "requestTimeoutSeconds",
  "queryTimeoutSeconds",
  "rulesPollSeconds",
  "syslogUdp",
  "syslogTcp",
  "syslogTls",
  "syslogMaxFrame",
  "syslogRate",
  "syslogIdleSeconds",
]);
const BOOLEANS = new Set<keyof TocsinConfig>(["demo", "starterRules", "writerThread"]);

function bad(message: string): TocsinError {
  return new TocsinError("CONFIG_INVALID", message);
}

/** Turns a text value (environment) or any value (file, flags) into the key's type. */
function coerce(key: keyof TocsinConfig, value: unknown, where: string): unknown {
  if (NUMBERS.has(key)) {
    const n = typeof value === "number" ? value : Number(String(value).trim());
    if (!Number.isInteger(n) || n < 0)
      throw bad(`${where}: ${key} must be a whole number, got ${JSON.stringify(value)}`);
    return n;
  }
  if (BOOLEANS.has(key)) {
    if (typeof value === "boolean") return value;
    const s = String(value).toLowerCase();
    if (["1", "true", "yes", "on"].includes(s)) return true;
    if (["0", "false", "no", "off", ""].includes(s)) return false;
    throw bad(`${where}: ${key} must be true or false, got ${JSON.stringify(value)}`);
  }
  if (key === "rules") {
    if (Array.isArray(value)) return value.map(String);
    return String(value)
      .split(/[,:]/)
      .map((s) => s.trim())
      .filter((s) => s !== "");
  }
  if (key === "jsonFormats") return jsonFormats(value, where);
  if (key === "synchronous") {
    const s = String(value).toUpperCase();
    if (s !== "FULL" && s !== "NORMAL") throw bad(`${where}: synchronous must be FULL or NORMAL`);
    return s;
  }
  return String(value);
}

const FORMAT_ID = /^[a-z0-9][a-z0-9_.:-]{0,63}$/;

/** Checks configured JSON formats: ids that are ids and new, each mapping valid (the path of each problem given). */
function jsonFormats(value: unknown, where: string): Record<string, JsonMapping> {
  let raw = value;
  if (typeof raw === "string") {
    try {
      raw = JSON.parse(raw);
    } catch {
      throw bad(`${where}: jsonFormats must be a JSON object of mappings`);
    }
  }
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw bad(`${where}: jsonFormats must be an object: format id → mapping`);
  }
  const out: Record<string, JsonMapping> = {};
  for (const [id, mapping] of Object.entries(raw as Record<string, unknown>)) {
    if (!FORMAT_ID.test(id))
      throw bad(`${where}: jsonFormats: ${JSON.stringify(id)} is not a format id (a-z, 0-9, _ . : -)`);
    if (formatById(id) !== undefined) {
      throw bad(`${where}: jsonFormats: ${id} is a built-in format; choose another id`);
    }
    const checked = validateJsonMapping(mapping);
    if (!checked.ok) {
      const problems = describeIssues(checked.issues, { withPath: true });
      throw bad(`${where}: jsonFormats.${id}: ${problems}`);
    }
    out[id] = checked.value;
  }
  return out;
}

function layer(target: Partial<TocsinConfig>, values: Readonly<Record<string, unknown>>, where: string): void {
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) continue;
    if (!(key in DEFAULTS) || key === "retentionMs") throw bad(`${where}: unknown setting ${key}`);
    (target as Record<string, unknown>)[key] = coerce(key as keyof TocsinConfig, value, where);
  }
}

/** Reads a configuration file (JSON, or YAML by its extension). */
export function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    throw new TocsinError("CONFIG_UNREADABLE", `cannot read the configuration file ${path}`, { cause: error });
  }
  const value: unknown = /\.ya?ml$/i.test(path) ? parseYaml(text) : JSON.parse(text);
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw bad(`${path}: the configuration must be an object of settings`);
  }
  return value as Record<string, unknown>;
}

/**
 * Builds the configuration: defaults < file < `TOCSIN_*` environment < flags.
 *
 * @example const config = resolveConfig({ env: process.env, flags: { port: 9000 } });
 */
export function resolveConfig(sources: ConfigSources = {}): TocsinConfig {
  const out: Partial<TocsinConfig> = { ...DEFAULTS };
  if (sources.file) layer(out, readConfigFile(sources.file), sources.file);
  const fromEnv: Record<string, unknown> = {};
  for (const [name, key] of Object.entries(ENV)) {
    const v = sources.env?.[name];
    if (v !== undefined && v !== "") fromEnv[key] = v;
  }
  layer(out, fromEnv, "environment");
  layer(out, sources.flags ?? {}, "flags");
  const retentionMs = parseTimespan(out.retention as string);
  if (retentionMs === null || retentionMs <= 0) {
    throw bad(`retention must be a duration such as 30d, 12h or 90m, got ${JSON.stringify(out.retention)}`);
  }
  for (const key of ["port", "syslogUdp", "syslogTcp", "syslogTls"] as const) {
    const port = out[key];
    if (port !== undefined && port > 65535) throw bad(`${key} must be at most 65535, got ${port}`);
  }
  if (out.syslogTls !== undefined && (out.tlsCert === undefined || out.tlsKey === undefined)) {
    throw bad("syslogTls needs tlsCert and tlsKey: the PEM files of the listener's certificate and key");
  }
  if ((out.syslogMaxFrame as number) < 480) throw bad("syslogMaxFrame must be at least 480 bytes (RFC 5426 §3.2)");
  return { ...(out as TocsinConfig), retentionMs };
}
