/** Hard limits that keep hostile input from exhausting memory or time. */
export interface EvtxLimits {
  /** Deepest element nesting (including nested BinXML values and templates). */
  readonly maxDepth: number;
  /** Most XML nodes rendered for one record, counting template expansions. */
  readonly maxNodes: number;
  /** Most substitution values in one template instance. */
  readonly maxSubstitutions: number;
  /** Most array items in one array value. */
  readonly maxArrayItems: number;
  /** Most characters of text rendered for one record (JSON text values or XML output). */
  readonly maxRecordChars: number;
}

/** The limits used unless a caller passes its own. */
export const DEFAULT_LIMITS: EvtxLimits = {
  maxDepth: 64,
  maxNodes: 100_000,
  maxSubstitutions: 4096,
  maxArrayItems: 16_384,
  maxRecordChars: 16 * 1024 * 1024,
};
