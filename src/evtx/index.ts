/**
 * The EVTX binary format (Windows event logs): file header, 64 KiB chunks with their string
 * and template caches, records, and BinXML rendered to JSON (the evtx_dump shape) or XML.
 * Pure: it takes bytes and returns values and iterables; callers do the I/O.
 */
export { parseEvtx, findChunkSignature } from "./parse-evtx.js";
export type { ParseEvtxOptions } from "./parse-evtx.js";
export { parseChunk, declaredRecordCount, resolveLimits } from "./chunk.js";
export type { EvtxRecord, EvtxResult, EvtxFormat, ParseOptions, ParseChunkOptions } from "./chunk.js";
export { readChunkHeader, isChunk, CHUNK_SIZE, CHUNK_DATA_OFFSET } from "./chunk-header.js";
export type { ChunkHeader } from "./chunk-header.js";
export { readFileHeader, FILE_HEADER_SIZE } from "./file-header.js";
export type { FileHeader, FileHeaderResult } from "./file-header.js";
export { readRecordHeader, RECORD_HEADER_SIZE } from "./record.js";
export type { RecordHeader } from "./record.js";
export { evtxIssue } from "./issues.js";
export type { EvtxIssue, EvtxIssueCode, EvtxPlace } from "./issues.js";
export { DEFAULT_LIMITS } from "./limits.js";
export type { EvtxLimits } from "./limits.js";
export { crc32 } from "./crc32.js";
export { createChunkContext } from "./binxml/context.js";
export type { ChunkContext } from "./binxml/context.js";
export { parseBinXml } from "./binxml/parser.js";
export { renderRecordJson, renderRecordXml } from "./render.js";
export { escapeXmlText, escapeXmlAttribute } from "./binxml/render-xml.js";
export type { JsonObject, JsonValue } from "./binxml/text.js";
export type {
  BinXmlNode,
  BinXmlValue,
  BinXmlFragment,
  ElementNode,
  AttributeNode,
  TemplateDefinition,
} from "./binxml/model.js";
export { VALUE_TYPE, ARRAY_FLAG } from "./binxml/value-types.js";
export { TOKEN } from "./binxml/tokens.js";
export {
  formatFileTime,
  formatSystemTime,
  formatGuid,
  formatSid,
  formatHex,
  formatBinary,
} from "./binxml/value-format.js";
