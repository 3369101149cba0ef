export { loadSigmaText } from "./load.js";
export type { LoadOptions, LoadedFile } from "./load.js";
export { parseDocument, safeParseDocument } from "./parse-document.js";
export type { ParseContext } from "./parse-detection.js";
export { identifiersMatching } from "./parse-detection.js";
export { buildFieldItem } from "./detection-item.js";
export type { Placeholders } from "./detection-item.js";
export { parseCondition } from "./condition/index.js";
export type { ConditionNode } from "./condition/index.js";
export { fieldItems } from "./detection.js";
export type { Detection, DetectionNode, FieldItem } from "./detection.js";
export { STAR, QMARK, parseGlob, formatGlob } from "./glob.js";
export type { GlobPart } from "./glob.js";
export type { ValueTest, RegexFlags, CompareOp, TimePart } from "./value.js";
export { MODIFIERS, findModifier } from "./modifiers/index.js";
export { LEVELS, levelRank, parseTimespan } from "./rule.js";
export type {
  Level,
  RuleLogSource,
  SigmaRule,
  SigmaFilter,
  SigmaCorrelation,
  SigmaDocument,
  SkippedRule,
  CorrelationType,
  Threshold,
} from "./rule.js";
export { logsourceCovers, logsourceKey } from "./logsource.js";
export { parsePipeline, fieldResolver, pipelinePlaceholders } from "./pipeline/index.js";
export type { Pipeline, Transformation, LogSourceMapping } from "./pipeline/index.js";
