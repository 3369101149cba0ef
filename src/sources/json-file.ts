import { createReadStream, promises as fs } from "node:fs";
import { createInterface } from "node:readline";
import { TocsinError } from "../core/index.js";
import { type JsonRecord, assertTextual, jsonRecords } from "../formats/index.js";

/** Files up to this size are read whole; larger ones must be newline-delimited and are streamed. */
export const WHOLE_FILE_LIMIT = 256 * 1024 * 1024;

async function looksLikeNdjson(path: string): Promise<boolean> {
  const handle = await fs.open(path, "r");
  try {
    const head = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const text = head.subarray(0, bytesRead).toString("utf8");
    const firstLine = text.split("\n", 1)[0]?.trim() ?? "";
    if (!firstLine.startsWith("{") || !firstLine.endsWith("}")) return false;
    JSON.parse(firstLine);
    return true;
  } catch {
    return false;
  } finally {
    await handle.close();
  }
}

async function* streamNdjson(path: string): AsyncGenerator<JsonRecord> {
  const lines = createInterface({
    input: createReadStream(path, { encoding: "utf8" }),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let line = 0;
  let record = 0;
  for await (const text of lines) {
    line++;
    if (text.trim() === "") continue;
    for (const r of jsonRecords(text, path)) {
      yield r.ok
        ? { ...r, record, line }
        : { ...r, record, line, issue: { ...r.issue, place: { file: path, line, record } } };
      record++;
    }
  }
}

/**
 * Reads the JSON records of a file: a JSON array, NDJSON, or concatenated JSON values. A binary
 * file is refused with the offset of its first NUL byte; bad records are yielded as issues.
 */
export async function* readJsonFile(path: string): AsyncGenerator<JsonRecord> {
  const stat = await fs.stat(path);
  if (stat.size > WHOLE_FILE_LIMIT) {
    if (!(await looksLikeNdjson(path))) {
      throw new TocsinError(
        "INPUT_TOO_LARGE",
        `larger than ${WHOLE_FILE_LIMIT / 1024 / 1024} MiB and not newline-delimited JSON; split it or convert it to NDJSON`,
        { place: { file: path } },
      );
    }
    yield* streamNdjson(path);
    return;
  }
  const bytes = await fs.readFile(path);
  assertTextual(bytes, path);
  yield* jsonRecords(bytes.toString("utf8"), path);
}
