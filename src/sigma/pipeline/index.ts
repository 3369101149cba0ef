export { parsePipeline } from "./parse.js";
export { fieldResolver, pipelinePlaceholders } from "./apply.js";
export type { Pipeline, Transformation, LogSourceMapping, LogSourceCondition } from "./pipeline.js";
