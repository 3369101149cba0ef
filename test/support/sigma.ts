import type { EventLogSource } from "../../src/core/index.js";
import { jsonDocument } from "../../src/core/index.js";
import { type Detection, createEngine } from "../../src/detect/index.js";
import { type Pipeline, type SigmaDocument, loadSigmaText } from "../../src/sigma/index.js";

/** A Windows process_creation log source, the most common in rules. */
export const PROCESS_CREATION: EventLogSource = {
  product: "windows",
  service: "sysmon",
  categories: ["process_creation"],
};

/** Loads rule YAML, failing the test with the reasons when anything is skipped. */
export function rulesOf(yaml: string, placeholders: Record<string, string[]> = {}): SigmaDocument[] {
  const loaded = loadSigmaText(yaml, "inline.yml", { placeholders });
  if (loaded.skipped.length > 0) throw new Error(loaded.skipped.map((s) => `${s.line}: ${s.reason}`).join("; "));
  return loaded.documents;
}

/** A rule with the given detection body under process_creation. */
export function ruleWith(detection: string, extra = ""): string {
  return `title: test rule\nid: test-rule\nlogsource:\n  product: windows\n  category: process_creation\n${extra}detection:\n${detection
    .split("\n")
    .map((l) => `  ${l}`)
    .join("\n")}\n`;
}

/** True when the single rule in `yaml` matches the event with these fields. */
export function matches(
  yaml: string,
  fields: Record<string, unknown>,
  options: { pipelines?: Pipeline[]; logsource?: EventLogSource; index?: boolean } = {},
): boolean {
  const engine = createEngine({
    documents: rulesOf(yaml),
    pipelines: options.pipelines ?? [],
    index: options.index ?? true,
  });
  if (engine.skipped.length > 0) throw new Error(engine.skipped.map((s) => s.reason).join("; "));
  return (
    engine.match({ logsource: options.logsource ?? PROCESS_CREATION, doc: jsonDocument(fields), raw: fields }).length >
    0
  );
}

/** Runs rules over timed events in order and returns every detection, flushing at the end. */
export function runAll(
  docs: SigmaDocument[],
  events: { time: string; fields: Record<string, unknown> }[],
): Detection[] {
  const engine = createEngine({ documents: docs });
  const out: Detection[] = [];
  for (const e of events) {
    out.push(
      ...engine.match({ logsource: PROCESS_CREATION, timestamp: e.time, doc: jsonDocument(e.fields), raw: e.fields }),
    );
  }
  out.push(...engine.flush());
  return out;
}
