export { parseCondition } from "./parse.js";
export type { ConditionNode } from "./ast.js";
