import { readFile } from "node:fs/promises";
import { parse as parseYaml } from "yaml";
import { describeIssues, formatPlace } from "../../core/index.js";
import { type LogFormat, createMappedJsonFormat, validateJsonMapping } from "../../formats/index.js";
import { type DecodedRecord, type FormatChoice, decodeBody, decodeJsonValue, formatById } from "../../ingest/index.js";
import { walkFiles } from "../../sources/index.js";
import { readInputText } from "../input-text.js";
import { parsedLine } from "./output.js";

/** What `tocsin parse` was asked to do. */
export interface ParseOptions {
  readonly paths: readonly string[];
  /** A format id; sniffed per file (and per JSON record) when left out. */
  readonly format?: string;
  readonly original: boolean;
  /** A JSON field mapping (JsonMapping, as JSON or YAML) to read the files with: tries a `jsonFormats` entry. */
  readonly mapping?: string;
}

/** Where `tocsin parse` writes. */
export interface ParseIo {
  /** Writes a line; a promise when the writer asks the caller to wait (a full pipe). */
  readonly out: (line: string) => void | Promise<void>;
  readonly err: (line: string) => void;
}

/**
 * `tocsin parse`: reads files and folders (gzip too) with a log format, prints each event as one
 * JSON line and each refused record to stderr as `file:line: CODE reason`. Returns the exit
 * code: 2 when a file cannot be read or the format is unknown, else 0.
 */
export async function runParse(options: ParseOptions, io: ParseIo): Promise<number> {
  let choice: FormatChoice | undefined;
  if (options.mapping !== undefined) {
    const mapped = await mappedFormat(options.mapping);
    if (!mapped.ok) {
      io.err(`tocsin parse: ${options.mapping}: ${mapped.message}`);
      return 2;
    }
    choice = { kind: "log", format: mapped.format };
  } else if (options.format !== undefined) {
    choice = formatById(options.format);
    if (choice === undefined) {
      io.err(`tocsin parse: unknown format ${JSON.stringify(options.format)}`);
      return 2;
    }
  }
  let code = 0;
  for await (const entry of walkFiles(options.paths)) {
    if (!entry.ok) {
      io.err(`${entry.path}: ${entry.error.message} [${entry.error.code}]`);
      code = 2;
      continue;
    }
    const input = await readInputText(entry.path);
    if (!input.ok) {
      io.err(`${entry.path}: ${input.message} [INPUT_UNREADABLE]`);
      code = 2;
      continue;
    }
    const decoded = decodeBody(input.text, {
      ...(choice ? { format: choice } : {}),
      context: { source: entry.path, now: Date.now() },
    });
    for (const r of decoded.records) {
      for (const record of r.ok && r.prepared === undefined ? prepare(r, entry.path, choice) : [r]) {
        if (record.ok) {
          const line = parsedLine(record, options.original);
          if (line !== undefined) await io.out(line);
        } else {
          io.err(`${formatPlace({ file: entry.path, line: record.line })}: ${record.code} ${record.reason}`);
        }
      }
    }
  }
  return code;
}

/** A JSON or XML record not yet normalised: read by its shape, or by the Windows format named. */
function prepare(r: DecodedRecord & { ok: true }, file: string, choice: FormatChoice | undefined): DecodedRecord[] {
  return decodeJsonValue(
    r.value,
    { index: r.index, line: r.line },
    { context: { source: file }, ...(choice ? { format: choice } : {}) },
  );
}

/** The json-mapped format of a mapping file (JSON, or YAML by its extension), or why not. */
async function mappedFormat(path: string): Promise<{ ok: true; format: LogFormat } | { ok: false; message: string }> {
  let raw: unknown;
  try {
    const text = await readFile(path, "utf8");
    raw = /\.ya?ml$/i.test(path) ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `cannot read the mapping: ${error instanceof Error ? error.message : String(error)}` };
  }
  const checked = validateJsonMapping(raw);
  if (!checked.ok) {
    return { ok: false, message: describeIssues(checked.issues, { withPath: true }) };
  }
  return { ok: true, format: createMappedJsonFormat(checked.value) };
}
