import type { EventLogSource } from "../../core/index.js";
import type { Placeholders } from "../detection-item.js";
import type { RuleLogSource } from "../rule.js";

/** A condition on a log source; every part given must match. */
export type LogSourceCondition = RuleLogSource;

/**
 * When a transformation applies: `rule` is checked against the rule's log source (pySigma's
 * `rule_conditions`), `event` against the log source of the event being matched (a Tocsin
 * extension, `event_conditions`), so Security 4688 and Sysmon 1 events can read different fields.
 */
export interface TransformationScope {
  readonly rule: LogSourceCondition | undefined;
  readonly event: LogSourceCondition | undefined;
}

/** One step of a processing pipeline, applied to a rule's field names for events of a log source. */
export type Transformation =
  | {
      readonly kind: "field_name_mapping";
      readonly mapping: Readonly<Record<string, readonly string[]>>;
      readonly when: TransformationScope;
    }
  | {
      readonly kind: "field_name_prefix_mapping";
      readonly mapping: Readonly<Record<string, string>>;
      readonly when: TransformationScope;
    }
  | { readonly kind: "field_name_prefix"; readonly prefix: string; readonly when: TransformationScope }
  | { readonly kind: "field_name_suffix"; readonly suffix: string; readonly when: TransformationScope };

/** How to recognise the log source of an event from its field values (a Tocsin extension). */
export interface LogSourceMapping {
  /** Field → accepted values; every field must hold one of its values. */
  readonly when: Readonly<Record<string, readonly (string | number | boolean)[]>>;
  readonly logsource: EventLogSource;
}

/**
 * A processing pipeline: field name mappings per log source, placeholder values, and log source
 * mappings, so one rule set runs on Sysmon, Security 4688 and ECS-named events alike.
 */
export interface Pipeline {
  readonly name: string;
  readonly priority: number;
  readonly vars: Placeholders;
  readonly transformations: readonly Transformation[];
  readonly logsources: readonly LogSourceMapping[];
}
