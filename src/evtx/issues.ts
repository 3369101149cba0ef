import type { Place } from "../core/index.js";
import { TocsinError } from "../core/index.js";

/** Stable codes of the problems the EVTX parser reports (listed in docs/errors.md). */
export type EvtxIssueCode =
  | "EVTX_BAD_FILE_HEADER"
  | "EVTX_FILE_HEADER_CHECKSUM"
  | "EVTX_BAD_CHUNK"
  | "EVTX_CHUNK_HEADER_CHECKSUM"
  | "EVTX_CHUNK_DATA_CHECKSUM"
  | "EVTX_TRUNCATED"
  | "EVTX_BAD_RECORD"
  | "EVTX_RECORDS_MISSING"
  | "EVTX_BAD_BINXML"
  | "EVTX_TEMPLATE_LOOP"
  | "EVTX_LIMIT"
  | "EVTX_READ_FAILED";

/** Where an EVTX problem lies: the core place plus the chunk index. `record` is the EVTX record identifier. */
export interface EvtxPlace extends Place {
  /** 0-based index of the chunk in the file (counting from the first chunk after the file header). */
  readonly chunk?: number;
}

/**
 * One problem found while parsing. `warning`s leave the data usable (a checksum mismatch);
 * `error`s mean a record, chunk or header was skipped.
 */
export interface EvtxIssue {
  readonly code: EvtxIssueCode;
  readonly message: string;
  readonly severity: "error" | "warning";
  readonly place: EvtxPlace;
  /** Chunk index, repeated from `place` for convenience; undefined for file-level issues. */
  readonly chunk: number | undefined;
}

/** Builds an issue value. */
export function evtxIssue(
  code: EvtxIssueCode,
  message: string,
  place: EvtxPlace,
  severity: "error" | "warning" = "error",
): EvtxIssue {
  return { code, message, severity, place, chunk: place.chunk };
}

/** Throws a `TocsinError` for damaged BinXML; caught per record and turned into an issue. */
export function binxmlError(code: EvtxIssueCode, message: string, offset: number): never {
  throw new TocsinError(code, message, { place: { offset } });
}
