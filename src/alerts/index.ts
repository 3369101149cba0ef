/**
 * Alerts: what a detection becomes once stored, with its rule, ATT&CK tactics and techniques,
 * the entities involved and links to its events.
 */
export { buildAlert, entitiesOf } from "./alert.js";
export type { Alert, AlertCorrelation, AlertEntity, AlertEvent, BuildAlertOptions, EntityType } from "./alert.js";
export { attackTags } from "./attack.js";
export type { AttackTags } from "./attack.js";
