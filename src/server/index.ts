/** The HTTP API: Fastify, one route file per domain, OpenAPI, bearer-token auth, metrics. */
export { buildServer } from "./server.js";
export type { BuildServerOptions } from "./server.js";
export { DEFAULT_LIMITS } from "./context.js";
export type { ServerContext, ServerLimits } from "./context.js";
export { ApiError, errorBody } from "./errors.js";
export type { ApiErrorBody } from "./errors.js";
export { Histogram, ServerMetrics, renderMetrics, LATENCY_BUCKETS } from "./metrics.js";
export { ListenerMetrics } from "./listener-metrics.js";
export { startSyslogListeners } from "./syslog/listeners.js";
export type { SyslogListenerOptions, SyslogListeners } from "./syslog/listeners.js";
export type { ListenerLog } from "./syslog/stream.js";
