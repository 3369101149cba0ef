import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import type { Command } from "commander";
import type { EvtxIssue, EvtxResult, JsonObject } from "../evtx/index.js";
import { createEvtxPool, readEvtxFile } from "../sources/index.js";

/** What `tocsin evtx` writes and where. Injected so tests can capture it. */
export interface EvtxCommandIo {
  readonly out: NodeJS.WritableStream;
  readonly err: NodeJS.WritableStream;
}

/** Options of `runEvtxCommand`. */
export interface EvtxCommandOptions {
  readonly format: "jsonl" | "xml";
  readonly threads: number;
}

async function collectFiles(inputs: readonly string[], warn: (msg: string) => void): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    let entries: import("node:fs").Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (e) {
      warn(`${dir}: cannot list folder: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile() && e.name.toLowerCase().endsWith(".evtx")) out.push(p);
    }
  };
  for (const input of inputs) {
    try {
      const s = await stat(input);
      if (s.isDirectory()) await walk(input);
      else out.push(input);
    } catch (e) {
      warn(`${input}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return out;
}

/** One line naming an issue's file, chunk, record and offset, for the error stream. */
export function describeEvtxIssue(issue: EvtxIssue): string {
  const p = issue.place;
  const parts = [p.file ?? "?"];
  if (p.chunk !== undefined) parts.push(`chunk ${p.chunk}`);
  if (p.record !== undefined) parts.push(`record ${p.record}`);
  if (p.offset !== undefined) parts.push(`offset ${p.offset}`);
  return `${issue.severity}: ${parts.join(" ")}: ${issue.message} [${issue.code}]`;
}

/** Writes with back-pressure: resolves once the stream will take more. */
function write(stream: NodeJS.WritableStream, text: string): Promise<void> | undefined {
  if (stream.write(text)) return undefined;
  return new Promise((resolve) => {
    const done = (): void => {
      stream.off("drain", done);
      stream.off("close", done);
      resolve();
    };
    stream.once("drain", done);
    stream.once("close", done);
  });
}

/**
 * Prints the records of every EVTX file under `inputs` (folders recursively, `.evtx` only)
 * as JSON lines or XML; issues go to the error stream naming file, chunk and record.
 * Returns the exit code: 0, or 2 when nothing at all could be read.
 *
 * @example
 * const code = await runEvtxCommand(["logs/"], { format: "jsonl", threads: 1 }, { out: process.stdout, err: process.stderr });
 */
export async function runEvtxCommand(
  inputs: readonly string[],
  opts: EvtxCommandOptions,
  io: EvtxCommandIo,
): Promise<number> {
  let errors = 0;
  const warn = (msg: string): void => {
    errors++;
    io.err.write(`${msg}\n`);
  };
  const files = await collectFiles(inputs, warn);
  if (files.length === 0) {
    io.err.write("error: no .evtx files found\n");
    return 2;
  }
  const format = opts.format === "xml" ? "xml" : "json";
  let records = 0;
  let buffer = "";
  // A reader that goes away (`| head`) ends the output quietly.
  let closed = false;
  const onError = (): void => {
    closed = true;
  };
  io.out.on("error", onError);
  const handle = async (result: EvtxResult<JsonObject | string>): Promise<void> => {
    if (closed) return;
    if (result.ok) {
      records++;
      const e = result.record.event;
      buffer += typeof e === "string" ? `${e}\n` : `${JSON.stringify(e)}\n`;
      if (buffer.length > 65536) {
        const text = buffer;
        buffer = "";
        await write(io.out, text);
      }
      return;
    }
    if (result.issue.severity === "error") errors++;
    io.err.write(`${describeEvtxIssue(result.issue)}\n`);
  };
  if (opts.threads > 1) {
    // Workers render the lines themselves; this thread only prints them.
    const pool = createEvtxPool({ threads: opts.threads });
    try {
      for await (const part of pool.readFilesText(files, { format })) {
        for (const issue of part.issues) {
          if (issue.severity === "error") errors++;
          io.err.write(`${describeEvtxIssue(issue)}\n`);
        }
        records += part.records;
        if (part.text && !closed) await write(io.out, part.text);
        if (closed) break;
      }
    } finally {
      await pool.close();
    }
  } else {
    outer: for (const file of files) {
      for await (const result of readEvtxFile(file, { format })) {
        await handle(result);
        if (closed) break outer;
      }
    }
  }
  if (buffer && !closed) await write(io.out, buffer);
  io.out.off("error", onError);
  if (records === 0 && errors > 0) return 2;
  return 0;
}

/**
 * Adds `tocsin evtx FILE|DIR... [--format jsonl|xml] [--threads N]` to the program.
 *
 * @example
 * registerEvtxCommand(program); // tocsin evtx ./logs --format jsonl > events.jsonl
 */
export function registerEvtxCommand(program: Command): void {
  program
    .command("evtx")
    .description("print the records of Windows .evtx files (folders are searched recursively)")
    .argument("<paths...>", ".evtx files or folders")
    .option("--format <format>", "jsonl (one JSON object per line) or xml", "jsonl")
    .option("--threads <n>", "worker threads (1 reads in this thread)", "1")
    .action(async (paths: string[], options: { format: string; threads: string }) => {
      if (options.format !== "jsonl" && options.format !== "xml") {
        process.stderr.write(`error: --format must be jsonl or xml, not ${options.format}\n`);
        process.exitCode = 2;
        return;
      }
      const threads = Number.parseInt(options.threads, 10);
      process.exitCode = await runEvtxCommand(
        paths,
        { format: options.format, threads: Number.isFinite(threads) && threads > 0 ? threads : 1 },
        { out: process.stdout, err: process.stderr },
      );
    });
}
