export { eventFromEvtxJson, isEvtxJson, EvtxJsonDocument } from "./windows/evtx-json.js";
export { windowsLogSource } from "./windows/logsource.js";
export { eventFromJson } from "./json/generic.js";
export type { JsonEventOptions } from "./json/generic.js";
export { jsonRecords, assertTextual } from "./json/records.js";
export type { JsonRecord } from "./json/records.js";
export type { LogSourceRule } from "./json/generic.js";
