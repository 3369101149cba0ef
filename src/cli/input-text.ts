import { promises as fs } from "node:fs";
import { promisify } from "node:util";
import { gunzip } from "node:zlib";

const gunzipAsync = promisify(gunzip);

/** The largest text a file may hold (inflated), since a log format reads a file in one call: 512 MiB. */
export const MAX_INPUT_TEXT = 512 * 1024 * 1024;

/** A file's text, or why it could not be read. */
export type InputText = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly message: string };

/**
 * Reads a log file as text: gzip files (told by their magic bytes, not their name) are
 * inflated; bytes that are not UTF-8 become U+FFFD, which the parsers report per record.
 */
export async function readInputText(path: string, limit = MAX_INPUT_TEXT): Promise<InputText> {
  let bytes: Buffer;
  try {
    const stat = await fs.stat(path);
    if (stat.size > limit) return { ok: false, message: `the file is larger than ${limit} bytes; split it` };
    bytes = await fs.readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EACCES" ? "permission denied" : String(error);
    return { ok: false, message: `cannot read: ${why}` };
  }
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = await gunzipAsync(bytes, { maxOutputLength: limit });
    } catch (error) {
      return {
        ok: false,
        message: `not a readable gzip file: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
  }
  if (bytes.subarray(0, 8).toString("latin1").startsWith("ElfFile")) {
    return { ok: false, message: "an EVTX file: read it with tocsin evtx or tocsin scan" };
  }
  return { ok: true, text: new TextDecoder("utf-8").decode(bytes) };
}
