import { promises as fs } from "node:fs";
import { TocsinError, describeIssues } from "../core/index.js";
import { type LogFormat, sniffFormat } from "../formats/index.js";
import { firstLine } from "../ingest/index.js";
import { WHOLE_FILE_LIMIT } from "./json-file.js";
import type { InputRecord } from "./records.js";

/** How much of a file is read to tell its format. */
const SNIFF_BYTES = 64 * 1024;

/**
 * The registered log format a file is plainly written in (Zeek, Suricata EVE, syslog, CEF,
 * auditd, CloudTrail...), told from its first non-blank line; undefined for anything else
 * (rendered Windows events and other JSON are read as JSON).
 */
export async function sniffFileFormat(path: string): Promise<LogFormat | undefined> {
  const handle = await fs.open(path, "r");
  try {
    const head = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return sniffFormat(firstLine(head.subarray(0, bytesRead).toString("utf8")));
  } finally {
    await handle.close();
  }
}

/**
 * Reads a file written in a log format: every record parsed by the format, each event yielded
 * with the record's index, refused records yielded as problems with their line. The file is read
 * whole (formats such as Zeek TSV carry state in header lines), up to WHOLE_FILE_LIMIT.
 */
export async function* readLogFile(path: string, format: LogFormat): AsyncGenerator<InputRecord> {
  const stat = await fs.stat(path);
  if (stat.size > WHOLE_FILE_LIMIT) {
    throw new TocsinError(
      "INPUT_TOO_LARGE",
      `a ${format.id} file larger than ${WHOLE_FILE_LIMIT / 1024 / 1024} MiB; split it (by lines) and scan the parts`,
      { place: { file: path } },
    );
  }
  const text = await fs.readFile(path, "utf8");
  for (const outcome of format.parseText(text, { source: path, now: stat.mtimeMs })) {
    if (!outcome.ok) {
      const issue = outcome.issues[0];
      yield {
        ok: false,
        code: issue?.code ?? "FORMAT_UNRECOGNISED",
        message: describeIssues(outcome.issues),
        place: { file: path, line: outcome.line, record: outcome.record },
        fatal: false,
      };
      continue;
    }
    for (const parsed of outcome.events) {
      yield { ok: true, value: parsed.event.raw, record: outcome.record, event: parsed.event, format: format.id };
    }
  }
}
