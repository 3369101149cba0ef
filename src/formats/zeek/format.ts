import { type Result, fail, ok } from "../../core/index.js";
import { asObject, notAnObject } from "../json/outcomes.js";
import { type LogFormat, type ParseContext, type ParseOutcome, type ParsedEvent, formatIssue } from "../parser.js";
import { pathFromSource, zeekEvent } from "./event.js";
import { canonicalZeekJson } from "./json.js";
import { newZeekHeader, readZeekHeader, readZeekTsvLine } from "./tsv.js";

/** Longest line read, in characters; longer lines are refused with FORMAT_LIMIT. */
export const MAX_ZEEK_LINE = 1024 * 1024;

function jsonEvents(
  value: unknown,
  context: ParseContext,
  line: number,
  fallbackPath: string | undefined,
): Result<readonly ParsedEvent[]> {
  const record = asObject(value);
  if (record === undefined) return fail(notAnObject(value, context, line));
  const canonical = canonicalZeekJson(record);
  if (typeof canonical === "string")
    return fail(formatIssue("FORMAT_LIMIT", `Zeek record ${canonical}`, context.source, line));
  return ok([zeekEvent(canonical.path ?? fallbackPath, canonical.fields, value)]);
}

function* zeekOutcomes(text: string, context: ParseContext): Generator<ParseOutcome> {
  const header = newZeekHeader();
  const sourcePath = pathFromSource(context.source);
  const n = text.length;
  let lineNo = 0;
  let record = 0;
  for (let start = 0; start < n; ) {
    const newline = text.indexOf("\n", start);
    const stop = newline === -1 ? n : newline;
    lineNo++;
    const from = start;
    start = stop + 1;
    const end = stop > from && text.charCodeAt(stop - 1) === 0x0d ? stop - 1 : stop;
    if (end === from) continue;
    if (end - from > MAX_ZEEK_LINE) {
      const issue = formatIssue("FORMAT_LIMIT", `line over ${MAX_ZEEK_LINE} characters`, context.source, lineNo);
      yield { ok: false, line: lineNo, record: record++, issues: [issue], text: text.slice(from, from + 4096) };
      continue;
    }
    let line = text.slice(from, end);
    // A JSON line indented by a shipper (TSV values may start with spaces: loaded_scripts.log).
    if (line.charCodeAt(0) === 0x20 && line.trimStart().startsWith("{")) line = line.trimStart();
    const first = line.charCodeAt(0);
    if (first === 0x23 /* # */) {
      const why = readZeekHeader(header, line);
      yield why === undefined
        ? { ok: true, line: lineNo, record: record++, events: [], text: line }
        : {
            ok: false,
            line: lineNo,
            record: record++,
            issues: [formatIssue("FORMAT_ZEEK_HEADER", why, context.source, lineNo)],
            text: line,
          };
      continue;
    }
    if (first === 0x7b /* { */) {
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (error) {
        const why = error instanceof Error ? error.message : String(error);
        const issue = formatIssue("FORMAT_BAD_JSON", `invalid JSON: ${why}`, context.source, lineNo);
        yield { ok: false, line: lineNo, record: record++, issues: [issue], text: line };
        continue;
      }
      const result = jsonEvents(value, context, lineNo, sourcePath);
      yield result.ok
        ? { ok: true, line: lineNo, record: record++, events: result.value, text: line }
        : { ok: false, line: lineNo, record: record++, issues: result.issues, text: line };
      continue;
    }
    const read = readZeekTsvLine(header, line);
    if (!read.ok) {
      const code = header.fields === undefined ? "FORMAT_ZEEK_HEADER" : "FORMAT_BAD_FIELD";
      const issue = formatIssue(code, read.message, context.source, lineNo, read.field);
      yield { ok: false, line: lineNo, record: record++, issues: [issue], text: line };
      continue;
    }
    const event = zeekEvent(header.path ?? sourcePath, read.fields, line);
    yield { ok: true, line: lineNo, record: record++, events: [event], text: line };
  }
}

/**
 * Zeek logs in either writer's form: TSV with its `#` header blocks (several blocks a text),
 * and JSON, one object a line (Zeek's JSON writer, the json-streaming-logs package). Both give
 * the same event for the same record. The log's path (`_path`, `#path`, else the file name)
 * is the Sigma service under `product: zeek`.
 *
 * @example for (const o of zeek.parseText(text, { source: "dns.log" })) if (o.ok) events.push(...o.events);
 */
export const zeek: LogFormat = {
  id: "zeek",
  title: "Zeek logs: TSV with header lines, or JSON one object a line",
  logsources: ["product: zeek, service: <log path> (conn, dns, http, ssl, files, notice, x509, weird, ...)"],
  parseText: (text, context = {}) => zeekOutcomes(text, context),
  parseValue: (value, context = {}) => jsonEvents(value, context, 1, pathFromSource(context.source)),
  sniff: (sample) =>
    sample.startsWith("#separator") ||
    (sample.startsWith("{") && sample.includes('"_path"') && sample.includes('"id.orig_h"')) ||
    (sample.startsWith("{") &&
      /"ts":\s*[0-9]/.test(sample) &&
      sample.includes('"uid"') &&
      sample.includes('"id.orig_h"')),
};
