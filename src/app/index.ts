/**
 * The composition root: configuration, building and starting the server, the demo generator,
 * graceful shutdown. The only module that reads process.env.
 */
export { DEFAULTS, readConfigFile, resolveConfig } from "./config.js";
export type { ConfigSources, TocsinConfig } from "./config.js";
export { startTocsin } from "./start.js";
export type { RunningTocsin, StartIo } from "./start.js";
export { DEMO_SAMPLE, demoSchedule, retimed, startDemo } from "./demo.js";
export type { Demo, DemoOptions } from "./demo.js";
export { serve } from "./serve.js";
export { PACKAGE_ROOT, STARTER_RULES, loadDefaultPipelines, loadServerRules } from "./rules.js";
