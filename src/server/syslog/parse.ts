import { LOG_FORMATS, type ParseContext } from "../../formats/index.js";
import { type DecodedRecord, outcomeRecords, snippet } from "../../ingest/index.js";

/**
 * One syslog message made into decoded records for the ingest pipeline: parsed by the syslog
 * log format (RFC 5424 or RFC 3164, by the message), its events prepared, a refused message
 * kept as a dead letter with the parser's code and reason. `index` is its place in its batch.
 */
export function syslogRecords(text: string, index: number, context: ParseContext): DecodedRecord[] {
  const format = LOG_FORMATS.syslog;
  if (format === undefined) {
    return [
      {
        ok: false,
        index,
        line: 1,
        code: "SYSLOG_NO_PARSER",
        reason: "no syslog log format is registered in this build",
        text: snippet(text),
        format: "syslog",
      },
    ];
  }
  // A message is one record, even when octet counting let it hold newlines.
  return outcomeRecords(format.parseText(text, context), "syslog").map((r) =>
    r.index === index ? r : { ...r, index },
  );
}
