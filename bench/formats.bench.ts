// Log format parsers: events per second of each format registered in LOG_FORMATS, parsing a
// generated input of at least 20,000 records with parseText on one core, and that throughput as a
// fraction of JSON.parse over the same events' normalised output (fields and ECS as JSON lines),
// both measured in this run. Zeek is also measured on its JSON form and, when ../shared is
// there, on the shared sample traffic (TSV and JSON). `npm run bench -- formats [--ms N]`.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { LOG_FORMATS, type LogFormat } from "../src/formats/index.js";
import { RECORDS, sampleText, zeekJson } from "./format-samples.js";
import { SHARED, n, rate } from "./support.js";

const msArg = process.argv.indexOf("--ms");
const MS = msArg > 0 ? Number(process.argv[msArg + 1]) : 2000;

interface Figures {
  events_per_s: number;
  vs_json_parse: number;
  json_parse_events_per_s: number;
  events: number;
  refused: number;
  mb_per_s: number;
}

let sink = 0;

function measure(label: string, format: LogFormat, text: string, source: string): Figures {
  const context = { source };
  const lines: string[] = [];
  let refused = 0;
  for (const o of format.parseText(text, context)) {
    if (!o.ok) refused++;
    else for (const e of o.events) lines.push(JSON.stringify({ fields: e.fields, ecs: e.ecs }));
  }
  const events = lines.length;
  const parse = () => {
    let count = 0;
    for (const o of format.parseText(text, context)) if (o.ok) count += o.events.length;
    return count;
  };
  const jsonParse = () => {
    for (const line of lines) sink += (JSON.parse(line) as object) ? 1 : 0;
    return lines.length;
  };
  // Warm up both, so the JIT has settled before timing.
  parse();
  jsonParse();
  const parsed = rate(parse, MS);
  const json = rate(jsonParse, MS);
  const figures: Figures = {
    events_per_s: Math.round(parsed.perSecond),
    vs_json_parse: Number((parsed.perSecond / json.perSecond).toFixed(3)),
    json_parse_events_per_s: Math.round(json.perSecond),
    events,
    refused,
    mb_per_s: Number(((parsed.perSecond * text.length) / Math.max(events, 1) / 1e6).toFixed(1)),
  };
  console.log(
    `${label.padEnd(18)} ${n(figures.events_per_s).padStart(10)} events/s  ${String(figures.vs_json_parse).padStart(6)} of JSON.parse (${n(figures.json_parse_events_per_s)}/s)  ${figures.mb_per_s} MB/s  ${n(events)} events${refused > 0 ? `, ${n(refused)} records refused` : ""}`,
  );
  return figures;
}

/** The shared Zeek sample traffic of one writer, repeated up to at least RECORDS lines. */
function sharedZeek(dir: string, suffix: string): string | undefined {
  const path = join(SHARED, "formats", "zeek", dir);
  if (!existsSync(path)) return undefined;
  const parts = readdirSync(path)
    .filter((f) => f.endsWith(suffix))
    .sort()
    .map((f) => gunzipSync(readFileSync(join(path, f))).toString("utf8"));
  const once = parts.join("");
  const lines = once.split("\n").length;
  return once.repeat(Math.max(1, Math.ceil(RECORDS / lines)));
}

const formats: Record<string, Figures> = {};
const extra: Record<string, Figures> = {};
const missing: string[] = [];
console.log(
  `formats: ${Object.keys(LOG_FORMATS).join(", ")}; ${n(RECORDS)} generated records each, ${MS} ms a measurement`,
);
for (const [id, format] of Object.entries(LOG_FORMATS)) {
  const text = sampleText(id);
  if (text === undefined) {
    console.log(`${id.padEnd(18)} no input template in bench/format-samples.ts: not measured`);
    missing.push(id);
    continue;
  }
  formats[id] = measure(id, format, text, id === "zeek" ? "generated.log" : `${id}.log`);
}
const zeek = LOG_FORMATS.zeek;
if (zeek !== undefined) {
  extra.zeek_json = measure("zeek (JSON)", zeek, zeekJson(), "generated.json");
  const tsv = sharedZeek("zeek-default", ".log.gz");
  const json = sharedZeek("zeek-json", ".json.gz");
  if (tsv !== undefined && json !== undefined) {
    // The shared files name their log paths in their headers and _path fields.
    extra.zeek_shared_tsv = measure("zeek shared TSV", zeek, tsv, "shared.log");
    extra.zeek_shared_json = measure("zeek shared JSON", zeek, json, "shared.json");
  } else {
    console.log(`zeek shared samples: ${join(SHARED, "formats", "zeek")} is absent, not measured`);
  }
}
if (sink < 0) console.log(sink);
console.log(JSON.stringify({ formats, extra, missing_templates: missing, records: RECORDS, ms: MS }));
