import { LOG_FORMATS, sniffFormat } from "../../formats/index.js";
import { firstLine, formatById, knownFormats, looksStructured } from "../../ingest/index.js";
import { walkFiles } from "../../sources/index.js";
import { readInputText } from "../input-text.js";
import type { Progress } from "../progress.js";
import { textBatches } from "./batches.js";
import { type BatchCounts, type IngestTarget, postBatch } from "./client.js";

/** What `tocsin ingest` was asked to do. */
export interface IngestOptions extends IngestTarget {
  readonly paths: readonly string[];
  readonly format?: string;
  /** Bytes a request carries at most (default 4 MiB, under the server's 10 MiB limit). */
  readonly batchBytes?: number;
}

/** Where `tocsin ingest` writes. */
export interface IngestIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly progress: Progress;
}

/**
 * `tocsin ingest`: sends files and folders (gzip too) to a running server's ingest API in
 * batches, the format named or sniffed per file, and prints a summary. Exit codes: 0 done,
 * 1 some batches were not stored (too large, server kept busy), 2 unreadable input, a refused
 * connection or token, or an unknown format.
 */
export async function runIngest(options: IngestOptions, io: IngestIo): Promise<number> {
  if (options.format !== undefined && formatById(options.format) === undefined) {
    io.err(`tocsin ingest: unknown format ${JSON.stringify(options.format)}; known: ${knownFormats().join(", ")}`);
    return 2;
  }
  const files: { path: string; size: number }[] = [];
  let code = 0;
  for await (const entry of walkFiles(options.paths)) {
    if (entry.ok) files.push({ path: entry.path, size: entry.size });
    else {
      io.err(`${entry.path}: ${entry.error.message} [${entry.error.code}]`);
      code = 2;
    }
  }
  const total: { -readonly [K in keyof BatchCounts]: number } = {
    received: 0,
    accepted: 0,
    deadLettered: 0,
    alerts: 0,
  };
  let batches = 0;
  let failedBatches = 0;
  let sentBytes = 0;
  io.progress.start(files.reduce((n, f) => n + f.size, 0));
  try {
    for (const file of files) {
      const input = await readInputText(file.path);
      if (!input.ok) {
        io.err(`${file.path}: ${input.message} [INPUT_UNREADABLE]`);
        code = 2;
        continue;
      }
      const format = options.format ?? sniffedFormat(input.text);
      for (const body of textBatches(input.text, {
        maxBytes: options.batchBytes ?? 4 * 1024 * 1024,
        ...(format ? { format } : {}),
      })) {
        const outcome = await postBatch(options, body, format);
        batches++;
        if (!outcome.ok) {
          io.err(`${file.path}: ${outcome.message}`);
          if (outcome.fatal) return 2;
          failedBatches++;
          continue;
        }
        for (const k of Object.keys(total) as (keyof BatchCounts)[]) total[k] += outcome.counts[k];
        io.progress.update(sentBytes, total.received);
      }
      sentBytes += file.size;
      io.progress.update(sentBytes, total.received);
    }
  } finally {
    io.progress.stop();
  }
  io.out(
    `tocsin ingest: ${files.length} files, ${batches} batches: ${total.received} records received, ${total.accepted} stored, ${total.deadLettered} dead-lettered, ${total.alerts} alerts` +
      (failedBatches > 0 ? `; ${failedBatches} batches not stored` : ""),
  );
  if (code === 0 && failedBatches > 0) code = 1;
  return code;
}

/**
 * The format a file's first line sniffs as, named in every batch of the file (a later batch's
 * first line may not tell). JSON that no JSON format claims, and XML, are left to the server.
 */
function sniffedFormat(text: string): string | undefined {
  const format = sniffFormat(firstLine(text));
  if (format === undefined || !Object.hasOwn(LOG_FORMATS, format.id)) return undefined;
  return format.parseValue !== undefined || !looksStructured(text) ? format.id : undefined;
}
