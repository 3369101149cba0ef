import type { Role, TokenAuthority, TokenRecord } from "../auth/index.js";
import type { ConfiguredFormats, IngestPipeline, RuleSet, TocsinStore } from "../ingest/index.js";
import type { ServerMetrics } from "./metrics.js";

/** Limits that keep the server's memory bounded. */
export interface ServerLimits {
  /** Largest ingest body, in bytes (default 10 MiB); larger gets 413. */
  readonly bodyLimit: number;
  /** Ingest requests received or processed at once (default 8); more get 429. */
  readonly maxInflight: number;
  /** Seconds a client is told to wait after a 429. */
  readonly retryAfterSeconds: number;
}

/** Default limits: at most maxInflight × bodyLimit (80 MiB) of bodies in memory. */
export const DEFAULT_LIMITS: ServerLimits = { bodyLimit: 10 * 1024 * 1024, maxInflight: 8, retryAfterSeconds: 1 };

/** What the routes use: the store, the pipeline, the rules, the tokens, the metrics. */
export interface ServerContext {
  readonly store: TocsinStore;
  readonly pipeline: IngestPipeline;
  readonly rules: RuleSet;
  readonly tokens: TokenAuthority;
  readonly metrics: ServerMetrics;
  readonly limits: ServerLimits;
  /** Formats added by configuration (generic JSON with a field mapping), by the id `?format=` names. */
  readonly formats?: ConfiguredFormats;
  /** Saves which rules are disabled, after an enable or disable. */
  readonly saveRules: () => Promise<void>;
}

declare module "fastify" {
  interface FastifyContextConfig {
    /** The least role a route needs; `public` routes need no token. */
    role?: Role | "public";
  }
  interface FastifyRequest {
    /** The token the request was authorised with (routes that need a role). */
    token?: TokenRecord;
  }
}
