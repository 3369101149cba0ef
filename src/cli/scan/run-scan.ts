import { promises as fs } from "node:fs";
import { fileURLToPath } from "node:url";
import { type Event, type EventLogSource, formatPlace } from "../../core/index.js";
import { type Detection, createEngine } from "../../detect/index.js";
import { type LogSourceRule, eventFromJson } from "../../formats/index.js";
import {
  type Level,
  type Pipeline,
  type Placeholders,
  levelRank,
  parsePipeline,
  pipelinePlaceholders,
} from "../../sigma/index.js";
import { describeProblem, loadRuleFiles, readRecords, walkFiles } from "../../sources/index.js";
import type { Progress } from "../progress.js";
import { type EventOrigin, type Finding, toFinding } from "./finding.js";
import { csvLines, jsonlLine, tableLines } from "./output.js";
import { type ScanSummary, summaryLines } from "./summary.js";

/** What `tocsin scan` was asked to do. */
export interface ScanOptions {
  readonly paths: readonly string[];
  readonly rules: readonly string[];
  readonly pipelines: readonly string[];
  readonly defaultPipelines: boolean;
  readonly format: "table" | "csv" | "jsonl";
  readonly minLevel: Level;
  readonly failOn: Level | undefined;
  readonly placeholders: Placeholders;
  readonly logsource: EventLogSource | undefined;
}

/** Where the scan writes. */
export interface ScanIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly progress: Progress;
}

const INPUT_FILE = /\.(evtx|json|jsonl|ndjson|log)$/i;
const DEFAULT_PIPELINES = fileURLToPath(new URL("../../../pipelines/", import.meta.url));

async function loadPipelines(
  files: readonly string[],
  withDefaults: boolean,
  io: ScanIo,
): Promise<Pipeline[] | undefined> {
  const paths = [...files];
  if (withDefaults) {
    try {
      for (const name of (await fs.readdir(DEFAULT_PIPELINES)).sort()) {
        if (name.endsWith(".yml")) paths.unshift(DEFAULT_PIPELINES + name);
      }
    } catch {
      // A package without its pipelines folder still scans; rules just see fields as written.
    }
  }
  const out: Pipeline[] = [];
  for (const path of paths) {
    try {
      out.push(parsePipeline(await fs.readFile(path, "utf8"), path));
    } catch (error) {
      const e = error as { describe?: () => string };
      io.err(`error: pipeline ${e.describe ? e.describe() : `${path}: ${String(error)}`}`);
      return undefined;
    }
  }
  return out;
}

/**
 * Runs the rules over every file under the given paths and reports the detections as a timeline.
 * Returns the exit code: 0 done, 1 detections at or above `failOn`, 2 bad usage or unreadable input.
 */
export async function runScan(options: ScanOptions, io: ScanIo): Promise<number> {
  const started = performance.now();
  const pipelines = await loadPipelines(options.pipelines, options.defaultPipelines, io);
  if (!pipelines) return 2;
  const loaded = await loadRuleFiles(options.rules, {
    placeholders: pipelinePlaceholders(pipelines, options.placeholders),
  });
  const engine = createEngine({ documents: loaded.documents, pipelines });
  const skipped = [...loaded.skipped, ...engine.skipped];
  if (engine.rules.length === 0) {
    io.err("error: no rule could be loaded from the --rules paths");
    for (const s of skipped.slice(0, 10)) io.err(`  ${s.file}${s.line ? `:${s.line}` : ""}: ${s.reason}`);
    return 2;
  }
  const logsources: LogSourceRule[] = pipelines.flatMap((p) => p.logsources);
  const jsonOptions = { logsources, ...(options.logsource ? { fallback: options.logsource } : {}) };

  const files: { path: string; size: number }[] = [];
  const summary: ScanSummary = {
    files: 0,
    unreadable: 0,
    records: 0,
    badRecords: 0,
    unrecognised: 0,
    byLevel: {},
    rulesLoaded: engine.rules.length + engine.correlations.length,
    skipped,
    loadMs: performance.now() - started,
    elapsedMs: 0,
  };
  for await (const entry of walkFiles(options.paths, { accept: (name) => INPUT_FILE.test(name) })) {
    if (entry.ok) files.push(entry);
    else {
      summary.unreadable++;
      io.err(`error: ${formatPlace(entry.error.place)}: ${entry.error.message} [${entry.error.code}]`);
    }
  }
  const totalBytes = files.reduce((n, f) => n + f.size, 0);
  const scanStarted = performance.now();
  io.progress.start(totalBytes);

  const origins = new WeakMap<Event, EventOrigin>();
  const findings: Finding[] = [];
  const minRank = levelRank(options.minLevel);
  const report = (detections: readonly Detection[]) => {
    for (const d of detections) {
      if (levelRank(d.rule.level) < minRank) continue;
      const finding = toFinding(d, (e) => origins.get(e));
      if (!finding) continue;
      summary.byLevel[finding.rule.level] = (summary.byLevel[finding.rule.level] ?? 0) + 1;
      if (options.format === "jsonl") io.out(jsonlLine(finding));
      else findings.push(finding);
    }
  };

  let doneBytes = 0;
  for (const file of files) {
    summary.files++;
    let fatal = false;
    for await (const r of readRecords(file.path)) {
      if (!r.ok) {
        if (r.fatal) fatal = true;
        else summary.badRecords++;
        io.err(`${r.fatal ? "error" : "warning"}: ${describeProblem(r)}`);
        continue;
      }
      summary.records++;
      const event = r.event ?? eventFromJson(r.value, jsonOptions);
      if (!event) {
        summary.unrecognised++;
        continue;
      }
      origins.set(
        event,
        r.recordId === undefined
          ? { file: file.path, record: r.record }
          : { file: file.path, record: r.record, recordId: r.recordId },
      );
      report(engine.match(event));
      if ((summary.records & 1023) === 0) io.progress.update(doneBytes, summary.records);
    }
    if (fatal) summary.unreadable++;
    doneBytes += file.size;
    io.progress.update(doneBytes, summary.records);
  }
  report(engine.flush());
  io.progress.stop();

  if (options.format === "table") for (const line of tableLines(findings, io.progress.columns)) io.out(line);
  if (options.format === "csv") for (const line of csvLines(findings)) io.out(line);
  summary.elapsedMs = performance.now() - scanStarted;
  for (const line of summaryLines(summary)) io.err(line);

  if (summary.unreadable > 0) return 2;
  if (options.failOn !== undefined) {
    const failRank = levelRank(options.failOn);
    const hit = Object.entries(summary.byLevel).some(
      ([level, n]) => (n ?? 0) > 0 && levelRank(level as Level) >= failRank,
    );
    if (hit) return 1;
  }
  return 0;
}
