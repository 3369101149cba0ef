/**
 * The ingest pipeline as domain logic: batch decoding, normalisation, streaming detection, alert
 * building, and the ports (event, alert, dead-letter and state stores) that adapters implement.
 * No I/O of its own.
 */
export { bodyKind, decodeBatch, snippet } from "./decode.js";
export { bodyText, decodeBodyBytes, isBlankBody } from "./decode-bytes.js";
export type { StreamedBody } from "./decode-bytes.js";
export type { BodyKind, DecodedRecord, PreparedEvent } from "./decode.js";
export {
  MAX_JSON_DEPTH,
  WINDOWS_FORMATS,
  decodeBody,
  decodeJsonValue,
  firstLine,
  formatById,
  jsonText,
  knownFormats,
  looksStructured,
  outcomeRecords,
  preparedOf,
} from "./format-decode.js";
export type { DecodeBodyOptions, DecodedBody, FormatChoice, OutcomeOptions } from "./format-decode.js";
export { createIds, idTime } from "./ids.js";
export type { IdFactory } from "./ids.js";
export { IngestPipeline } from "./pipeline.js";
export type { IngestOptions, IngestPipelineOptions, IngestResult, IngestStats } from "./pipeline.js";
export { RuleSet, reviveEvent } from "./rule-set.js";
export type { RuleSetOptions, RuleSummary, RuleTestRecord, RuleTestResult } from "./rule-set.js";
export type {
  AlertQuery,
  AlertStore,
  DeadLetter,
  DeadLetterStore,
  EventQuery,
  EventStore,
  IngestBatch,
  IngestWriter,
  NewEvent,
  Page,
  StateStore,
  StoredEvent,
  TocsinStore,
} from "./ports.js";
export type { ConfiguredFormats } from "./format-decode.js";
