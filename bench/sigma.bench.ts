// Sigma engine throughput with the whole SigmaHQ rule set, measured in one run against
// JSON.parse alone on the same text and against running every rule of the log source. The
// three are timed in alternating rounds and the median of each round's ratios is reported, so
// a load that comes and goes on the machine moves the ratios less than the absolute figures.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { SigmaEngine } from "../src/detect/index.js";
import { SERVER_NODE_FLAGS, SHARED, asDecoded, built, flagsFrom, n, requireShared } from "./support.js";

requireShared();
// Measured in a child process started with the Node.js flags `tocsin` runs with (bin/tocsin's
// first line), so that the engine's memory is managed as when it scans or serves: the young
// generation's size, and so how often it is collected, comes from those flags. BENCH_NODE_FLAGS
// adds flags of its own, for experiments. The child brings the build up to date itself (built).
if (process.env.TOCSIN_SIGMA_BENCH_CHILD === undefined) {
  const child = spawnSync(
    process.execPath,
    [...SERVER_NODE_FLAGS, ...flagsFrom("BENCH_NODE_FLAGS"), "--import", "tsx", fileURLToPath(import.meta.url)],
    { stdio: "inherit", env: { ...process.env, TOCSIN_SIGMA_BENCH_CHILD: "1" } },
  );
  process.exit(child.status ?? 1);
}
// The engine as it ships (the build), as `tocsin scan` and the server run it.
const { createEngine } = await built<typeof import("../src/detect/index.js")>("detect/index");
const { eventFromJson, jsonRecords } = await built<typeof import("../src/formats/index.js")>("formats/index");
const { loadRuleFiles, walkFiles } = await built<typeof import("../src/sources/index.js")>("sources/index");
const ruleDirs = ["rules", "rules-emerging-threats", "rules-threat-hunting"].map((d) => join(SHARED, "sigma", d));
const loadStart = performance.now();
const loaded = await loadRuleFiles(ruleDirs);
const engine = createEngine({ documents: loaded.documents });
const naive = createEngine({ documents: loaded.documents, index: false });
const loadSeconds = (performance.now() - loadStart) / 1000;

// Each event's text as a reader gets it: decoded from its own UTF-8 bytes, as `tocsin serve` decodes
// each line of a body. JSON.stringify here would give most of them in two bytes a character:
// the rules loaded above leave two-byte copies of field names such as `OriginalFileName` among V8's
// interned strings, JSON.parse hands those out as the keys of what it reads, and one two-byte key
// makes JSON.stringify's whole output two-byte. V8 parses such text about 10% slower, which
// flattered the engine's fraction of `JSON.parse` (0.397 against 0.369 in one process, 2026-11-30).
const lines: string[] = [];
for await (const entry of walkFiles([join(SHARED, "sigma", "regression")], { accept: (f) => f.endsWith(".json") })) {
  if (!entry.ok) continue;
  for (const r of jsonRecords(readFileSync(entry.path, "utf8"), entry.path))
    if (r.ok) lines.push(asDecoded(JSON.stringify(r.value)));
}
const TARGET = 100_000;
const text: string[] = [];
while (text.length < TARGET) text.push(...lines);
// The same events with a command line never seen before in each copy: what the engine costs
// when no value recurs (no remembered regular expression answer helps).
let serial = 0;
const distinct = text.map((l) => l.replace('"CommandLine":"', () => `"CommandLine":"${serial++} `));
const bytes = text.reduce((sum, l) => sum + l.length, 0);
console.log(
  `rules: ${engine.rules.length} compiled (${loaded.skipped.length + engine.skipped.length} skipped), loaded in ${loadSeconds.toFixed(2)} s`,
);
console.log(
  `events: ${text.length} (${lines.length} distinct regression events repeated), ${(bytes / 1e6).toFixed(1)} MB of JSON`,
);

let sink = 0;
/** Seconds to run `work` over `input` once. */
function timed(input: readonly string[], work: (line: string) => void): number {
  const start = performance.now();
  for (const line of input) work(line);
  return (performance.now() - start) / 1000;
}
const parseOnly = (line: string) => {
  sink += (JSON.parse(line) as object) ? 1 : 0;
};
const detectWith = (e: SigmaEngine) => (line: string) => {
  const event = eventFromJson(JSON.parse(line));
  if (event) sink += e.match(event).length;
};
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

// Warm up: compiles each log source's bucket, lets the index learn and the JIT settle; the
// baseline runs its measured events twice first, or its figure swings threefold between runs.
timed(text, detectWith(engine));
timed(text.slice(0, 2_000), detectWith(naive));
timed(text.slice(0, 2_000), detectWith(naive));
timed(text, parseOnly);
const before = { ...engine.stats };

const ROUNDS = 5;
const NAIVE_EVENTS = 2_000;
const rounds: { json: number; indexed: number; naive: number }[] = [];
for (let r = 0; r < ROUNDS; r++) {
  rounds.push({
    json: text.length / timed(text, parseOnly),
    indexed: text.length / timed(text, detectWith(engine)),
    naive: NAIVE_EVENTS / timed(text.slice(0, NAIVE_EVENTS), detectWith(naive)),
  });
}
const evaluated = (engine.stats.evaluated - before.evaluated) / (engine.stats.events - before.events);
let detections = 0;
for (const line of lines) {
  const event = eventFromJson(JSON.parse(line));
  if (event) detections += engine.match(event).length;
}
// The never-seen command lines come last, in rounds of their own: each of their passes fills the
// command line's memory with values that never come again and sets it aside for the next 65,536
// scans, so run between the regression events' rounds (as until 2026-11-30) they made that
// figure one of what follows such a flood.
timed(distinct, detectWith(engine));
const distinctRounds: { json: number; distinct: number }[] = [];
for (let r = 0; r < ROUNDS; r++) {
  distinctRounds.push({
    json: text.length / timed(text, parseOnly),
    distinct: distinct.length / timed(distinct, detectWith(engine)),
  });
}

const indexed = median(rounds.map((r) => r.indexed));
const result = {
  events_per_s: Math.round(indexed),
  vs_json_parse: Number(median(rounds.map((r) => r.indexed / r.json)).toFixed(3)),
  vs_naive: Number(median(rounds.map((r) => r.indexed / r.naive)).toFixed(1)),
  rules: engine.rules.length,
  json_parse_events_per_s: Math.round(median(rounds.map((r) => r.json))),
  naive_events_per_s: Math.round(median(rounds.map((r) => r.naive))),
  events_per_s_distinct: Math.round(median(distinctRounds.map((r) => r.distinct))),
  vs_json_parse_distinct: Number(median(distinctRounds.map((r) => r.distinct / r.json)).toFixed(3)),
  rules_evaluated_per_event: Number(evaluated.toFixed(2)),
  mb_per_s: Number(((indexed * bytes) / text.length / 1e6).toFixed(1)),
  detections_per_pass: detections,
  events: text.length,
  rounds: ROUNDS,
};
console.log(`JSON.parse alone:          ${n(result.json_parse_events_per_s)} events/s`);
console.log(
  `parse + detect (indexed):  ${n(indexed)} events/s = ${result.vs_json_parse} of JSON.parse, ${result.mb_per_s} MB/s`,
);
console.log(
  `  with a command line never seen before in every event: ${n(result.events_per_s_distinct)} events/s = ${result.vs_json_parse_distinct} of JSON.parse`,
);
console.log(`  rule matchers run per event: ${result.rules_evaluated_per_event}`);
console.log(`parse + detect (every rule of the log source): ${n(result.naive_events_per_s)} events/s`);
console.log(`speed-up of the index over the rule-by-rule baseline: ${result.vs_naive}x (median of ${ROUNDS} rounds)`);
if (sink < 0) console.log(sink);
console.log(JSON.stringify(result));
