import { type Finding, techniques } from "./finding.js";

/** The JSONL line of a finding: `{"rule":{"id","title","level","tags"},"source":{"file","record"},"timestamp","event"}`. */
export function jsonlLine(f: Finding): string {
  const source =
    f.source.recordId === undefined
      ? { file: f.source.file, record: f.source.record }
      : { file: f.source.file, record: f.source.record, record_id: f.source.recordId };
  const line: Record<string, unknown> = {
    rule: { id: f.rule.id, title: f.rule.title, level: f.rule.level, tags: f.rule.tags },
    source,
    timestamp: f.timestamp,
    event: f.event,
  };
  if (f.correlation) line.correlation = f.correlation;
  return JSON.stringify(line);
}

/** Orders findings as a timeline: by time, those without a time last, then by file and record. */
export function timeline(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => {
    if (a.timestamp !== b.timestamp) {
      if (a.timestamp === null) return 1;
      if (b.timestamp === null) return -1;
      return a.timestamp < b.timestamp ? -1 : 1;
    }
    if (a.source.file !== b.source.file) return a.source.file < b.source.file ? -1 : 1;
    return a.source.record - b.source.record;
  });
}

function sourceText(f: Finding): string {
  return `${f.source.file}#${f.source.recordId ?? f.source.record}`;
}

const CSV_HEADER = ["timestamp", "level", "rule_id", "rule_title", "attack", "host", "file", "record", "record_id"];

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The timeline as CSV (RFC 4180), one finding a row. */
export function csvLines(findings: readonly Finding[]): string[] {
  const rows = timeline(findings).map((f) =>
    [
      f.timestamp ?? "",
      f.rule.level,
      f.rule.id,
      f.rule.title,
      techniques(f.rule.tags).join(" "),
      f.host ?? "",
      f.source.file,
      String(f.source.record),
      f.source.recordId === undefined ? "" : String(f.source.recordId),
    ]
      .map(csvCell)
      .join(","),
  );
  return [CSV_HEADER.join(","), ...rows];
}

function padCell(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);
}

/** Like padCell, but keeps the end of the text: the telling part of a path. */
function padCellEnd(text: string, width: number): string {
  return text.length > width ? `…${text.slice(text.length - width + 1)}` : text.padEnd(width);
}

/** The timeline as a table for a terminal. */
export function tableLines(findings: readonly Finding[], width = 160): string[] {
  const columns = [
    { title: "TIME (UTC)", width: 27, get: (f: Finding) => f.timestamp ?? "-" },
    { title: "LEVEL", width: 13, get: (f: Finding) => f.rule.level },
    { title: "ATT&CK", width: 12, get: (f: Finding) => techniques(f.rule.tags).join(",") || "-" },
    { title: "HOST", width: 18, get: (f: Finding) => f.host ?? "-" },
    { title: "SOURCE", width: 40, get: (f: Finding) => sourceText(f) },
  ];
  const fixed = columns.reduce((n, c) => n + c.width + 2, 0);
  const ruleWidth = Math.max(30, width - fixed);
  const header = [...columns.slice(0, 2), { title: "RULE", width: ruleWidth, get: () => "" }, ...columns.slice(2)];
  const lines = [
    header
      .map((c) => padCell(c.title, c.width))
      .join("  ")
      .trimEnd(),
  ];
  lines.push(header.map((c) => "-".repeat(c.width)).join("  "));
  for (const f of timeline(findings)) {
    const cells = [
      padCell(columns[0]?.get(f) ?? "", 27),
      padCell(f.rule.level, 13),
      padCell(
        f.correlation ? `${f.rule.title} [${f.correlation.type} ${f.correlation.value}]` : f.rule.title,
        ruleWidth,
      ),
      ...columns.slice(2).map((c) => (c.title === "SOURCE" ? padCellEnd : padCell)(c.get(f), c.width)),
    ];
    lines.push(cells.join("  ").trimEnd());
  }
  return lines;
}
