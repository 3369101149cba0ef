import { LEVELS, type Level, type SkippedRule } from "../../sigma/index.js";

/** Counts a scan keeps for its closing summary. */
export interface ScanSummary {
  files: number;
  unreadable: number;
  records: number;
  badRecords: number;
  /** Records that are JSON but not an event (a bare number, a list...). */
  unrecognised: number;
  byLevel: Partial<Record<Level, number>>;
  rulesLoaded: number;
  skipped: readonly SkippedRule[];
  /** Loading and compiling rules and pipelines. */
  loadMs: number;
  /** Reading and matching, after the rules were ready. */
  elapsedMs: number;
}

/** Counts skipped rules per reason code, most frequent first. */
export function skippedByReason(skipped: readonly SkippedRule[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const s of skipped) counts.set(s.code, (counts.get(s.code) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]);
}

/** The closing summary, for people (printed on stderr so stdout stays data). */
export function summaryLines(s: ScanSummary): string[] {
  const detections = LEVELS.map((l) => s.byLevel[l] ?? 0).reduce((a, b) => a + b, 0);
  const levels = [...LEVELS]
    .reverse()
    .filter((l) => (s.byLevel[l] ?? 0) > 0)
    .map((l) => `${l} ${s.byLevel[l]}`)
    .join(", ");
  const seconds = s.elapsedMs / 1000;
  const lines = [
    "",
    `files      ${s.files} read${s.unreadable ? `, ${s.unreadable} unreadable` : ""}`,
    `records    ${s.records}${s.badRecords ? `, ${s.badRecords} bad` : ""}${s.unrecognised ? `, ${s.unrecognised} not events` : ""}`,
    `detections ${detections}${levels ? ` (${levels})` : ""}`,
    `rules      ${s.rulesLoaded} loaded, ${s.skipped.length} skipped (${(s.loadMs / 1000).toFixed(2)} s)`,
  ];
  for (const [code, n] of skippedByReason(s.skipped)) {
    const example = s.skipped.find((x) => x.code === code);
    lines.push(
      `           ${n} × ${code}${example ? `, e.g. ${example.file}${example.line ? `:${example.line}` : ""}: ${example.reason}` : ""}`,
    );
  }
  lines.push(`scanned    in ${seconds.toFixed(2)} s (${Math.round(s.records / Math.max(seconds, 1e-3))} records/s)`);
  return lines;
}
