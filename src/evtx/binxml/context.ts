import type { EvtxLimits } from "../limits.js";
import type { TemplateDefinition } from "./model.js";

/**
 * Per-chunk parse state: the chunk bytes (all offsets in BinXML are relative to the chunk
 * start), the name and template caches, and a cursor. It lives as long as the chunk.
 */
export interface ChunkContext {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  readonly names: Map<number, string>;
  readonly templates: Map<number, TemplateDefinition>;
  /** Template offsets whose definitions are being parsed, to detect reference loops. */
  readonly pending: Set<number>;
  readonly limits: EvtxLimits;
  /** Cursor into `bytes`. */
  pos: number;
  /** Nodes parsed for the current record (reset per record). */
  nodeCount: number;
}

/** Creates the parse state for one chunk's bytes. */
export function createChunkContext(bytes: Uint8Array, limits: EvtxLimits): ChunkContext {
  return {
    bytes,
    view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    names: new Map(),
    templates: new Map(),
    pending: new Set(),
    limits,
    pos: 0,
    nodeCount: 0,
  };
}
