/**
 * Input adapters: where bytes come from. Reads `.evtx` files from disk in bounded memory,
 * alone or spread over worker threads, and hands the bytes to `evtx/`.
 */
export { readEvtxFile, readFilePieces, DEFAULT_READ_CHUNKS } from "./evtx-file.js";
export type { ReadEvtxFileOptions } from "./evtx-file.js";
export { createEvtxPool } from "./evtx-parallel.js";
export type { EvtxPool, EvtxPoolOptions, ParallelReadOptions, EvtxFileResult, EvtxFileText } from "./evtx-parallel.js";
export { parseEvtxRange, parseEvtxBatchJson, parseEvtxBatchText } from "./evtx-worker.js";
export type { EvtxRange, EvtxRangeTask, EvtxRangeOptions, EvtxBatchTask, EvtxRangeText } from "./evtx-worker.js";
export { walkFiles } from "./walk.js";
export type { WalkEntry, WalkOptions } from "./walk.js";
export { readJsonFile, WHOLE_FILE_LIMIT } from "./json-file.js";
export { loadRuleFiles } from "./rule-files.js";
export type { LoadedRules } from "./rule-files.js";
export { readRecords, detectKind, describeProblem } from "./records.js";
export { readLogFile, sniffFileFormat } from "./log-file.js";
export type { InputRecord, InputKind } from "./records.js";
