/** Options of textBatches. */
export interface BatchOptions {
  /** Bytes a batch holds at most (a single longer line makes a batch of its own). */
  readonly maxBytes: number;
  /** The format the text is in, when known: Zeek's header lines are repeated in every batch. */
  readonly format?: string;
}

const AUDIT_ID = /msg=audit\(([0-9.]+:[0-9]+)\)/;

function isWholeDocument(text: string): boolean {
  // A JSON array, one pretty-printed JSON object, or XML: cut anywhere, they would not parse.
  const start = text.trimStart();
  if (start.startsWith("[") || (start.startsWith("<") && !/^<\d/.test(start))) return true;
  const firstLine = start.slice(0, start.indexOf("\n") === -1 ? start.length : start.indexOf("\n")).trim();
  return firstLine === "{";
}

/**
 * Cuts a file's text into request bodies of at most `maxBytes`, at line boundaries, so a
 * stateful format still reads each batch alone: Zeek TSV's `#` header lines (the current block)
 * start every batch, and the lines of one auditd event (one `msg=audit(time:serial)`) stay
 * together. Texts that are one JSON array, one pretty-printed object or XML go whole.
 *
 * @example for (const body of textBatches(text, { maxBytes: 4 << 20, format: "zeek" })) await post(body);
 */
export function* textBatches(text: string, options: BatchOptions): Generator<string> {
  if (Buffer.byteLength(text) <= options.maxBytes || isWholeDocument(text)) {
    if (text.trim() !== "") yield text;
    return;
  }
  const zeek = options.format === "zeek" || text.startsWith("#separator");
  let header: string[] = [];
  let headerOpen = true;
  let batch: string[] = [];
  let bytes = 0;
  let dataLines = 0;
  let lastAudit: string | undefined;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf("\n", start);
    if (end === -1) end = text.length;
    const line = text.slice(start, end);
    start = end + 1;
    if (zeek && line.startsWith("#")) {
      // A new header block after data lines replaces the old one (a log rotated into the same file).
      if (!headerOpen) {
        header = [];
        headerOpen = true;
      }
      header.push(line);
    } else if (line.trim() !== "") headerOpen = false;
    const size = Buffer.byteLength(line) + 1;
    const audit = AUDIT_ID.exec(line)?.[1];
    const sameEvent = audit !== undefined && audit === lastAudit;
    if (dataLines > 0 && bytes + size > options.maxBytes && !sameEvent && !(zeek && line.startsWith("#"))) {
      yield batch.join("\n");
      batch = zeek ? [...header] : [];
      bytes = batch.reduce((n, l) => n + Buffer.byteLength(l) + 1, 0);
      dataLines = 0;
    }
    batch.push(line);
    bytes += size;
    if (!(zeek && line.startsWith("#")) && line.trim() !== "") dataLines++;
    lastAudit = audit;
  }
  if (dataLines > 0) yield batch.join("\n");
}
