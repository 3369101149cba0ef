/**
 * Adapters of the ports the domain declares: `memory/` (tests), `sqlite/` (the embedded default),
 * one conformance suite both pass (`conformance.ts`, imported by tests only).
 */
export { MemoryStore } from "./memory/memory-store.js";
export { SqliteStore, openSqliteStore } from "./sqlite/sqlite-store.js";
export type { SqliteStoreOptions } from "./sqlite/sqlite-store.js";
export { MIGRATIONS, migrate } from "./sqlite/migrations.js";
export { DAY_MS } from "./cursor.js";
export { importRules, importedRulesDir } from "./rule-import.js";
export type { RuleImport } from "./rule-import.js";
