// Sigma engine throughput with the whole SigmaHQ rule set, measured in one run against
// JSON.parse alone on the same text and against running every rule of the log source.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createEngine } from "../src/detect/index.js";
import { eventFromJson, jsonRecords } from "../src/formats/index.js";
import { loadRuleFiles, walkFiles } from "../src/sources/index.js";
import { SHARED, n, rate, requireShared } from "./support.js";

requireShared();
const ruleDirs = ["rules", "rules-emerging-threats", "rules-threat-hunting"].map((d) => join(SHARED, "sigma", d));
const loadStart = performance.now();
const loaded = await loadRuleFiles(ruleDirs);
const engine = createEngine({ documents: loaded.documents });
const naive = createEngine({ documents: loaded.documents, index: false });
const loadSeconds = (performance.now() - loadStart) / 1000;

const lines: string[] = [];
for await (const entry of walkFiles([join(SHARED, "sigma", "regression")], { accept: (f) => f.endsWith(".json") })) {
  if (!entry.ok) continue;
  for (const r of jsonRecords(readFileSync(entry.path, "utf8"), entry.path))
    if (r.ok) lines.push(JSON.stringify(r.value));
}
const TARGET = 100_000;
const text: string[] = [];
while (text.length < TARGET) text.push(...lines);
const bytes = text.reduce((sum, l) => sum + l.length, 0);
console.log(
  `rules: ${engine.rules.length} compiled (${loaded.skipped.length + engine.skipped.length} skipped), loaded in ${loadSeconds.toFixed(2)} s`,
);
console.log(
  `events: ${text.length} (${lines.length} distinct regression events repeated), ${(bytes / 1e6).toFixed(1)} MB of JSON`,
);

let sink = 0;
const parseOnly = () => {
  for (const line of text) sink += (JSON.parse(line) as object) ? 1 : 0;
  return text.length;
};
const detect = (e: typeof engine, count: number) => () => {
  for (let i = 0; i < count; i++) {
    const event = eventFromJson(JSON.parse(text[i] as string));
    if (event) sink += e.match(event).length;
  }
  return count;
};

// Warm up: compiles each log source's bucket and lets the JIT settle before timing.
detect(engine, text.length)();
detect(naive, lines.length)();
parseOnly();

const json = rate(parseOnly);
const indexed = rate(detect(engine, text.length));
const baseline = rate(detect(naive, 5_000));
let detections = 0;
for (const line of lines) {
  const event = eventFromJson(JSON.parse(line));
  if (event) detections += engine.match(event).length;
}

const result = {
  events_per_s: Math.round(indexed.perSecond),
  vs_json_parse: Number((indexed.perSecond / json.perSecond).toFixed(3)),
  vs_naive: Number((indexed.perSecond / baseline.perSecond).toFixed(1)),
  rules: engine.rules.length,
  json_parse_events_per_s: Math.round(json.perSecond),
  naive_events_per_s: Math.round(baseline.perSecond),
  mb_per_s: Number(((indexed.perSecond * bytes) / text.length / 1e6).toFixed(1)),
  detections_per_pass: detections,
  events: text.length,
};
console.log(`JSON.parse alone:          ${n(json.perSecond)} events/s`);
console.log(
  `parse + detect (indexed):  ${n(indexed.perSecond)} events/s = ${result.vs_json_parse} of JSON.parse, ${result.mb_per_s} MB/s`,
);
console.log(`parse + detect (every rule of the log source): ${n(baseline.perSecond)} events/s`);
console.log(`speed-up of the index over the rule-by-rule baseline: ${result.vs_naive}x`);
if (sink < 0) console.log(sink);
console.log(JSON.stringify(result));
