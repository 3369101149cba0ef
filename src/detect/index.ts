export { createEngine, SigmaEngine } from "./engine.js";
export type { Detection, EngineOptions, EngineStats, EngineState } from "./engine.js";
export type { CorrelationHit, CorrelationState, SavedEvent } from "./correlation.js";
export { thresholdHolds, CorrelationWindow } from "./correlation.js";
export { compileSafeRegex, requiredLiteral } from "./safe-regex.js";
export type { SafeRegex } from "./safe-regex.js";
export { AhoCorasick } from "./aho-corasick.js";
export { compileGlob } from "./string-match.js";
