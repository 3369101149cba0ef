import { describeIssues } from "../../core/index.js";
import { parseSyslogMessage } from "../../formats/index.js";
import { type DecodedRecord, preparedOf, snippet } from "../../ingest/index.js";

/**
 * One syslog message (a datagram or a stream frame) made into decoded records for the ingest
 * pipeline by the syslog format's one-message parser (RFC 5424 or RFC 3164; CEF, LEEF, auth and
 * audit payloads read by their own parsers). Its events are stored with the format `syslog`; a
 * refused message is dead-lettered with the parser's code and reason. `index` is its place in
 * its batch; `source` is `transport://peer`, the peer also kept as the event's `peer` field.
 */
export function syslogRecords(text: string, index: number, source: string, now = Date.now()): DecodedRecord[] {
  const scheme = source.indexOf("://");
  const peer = scheme >= 0 ? source.slice(scheme + 3) : source;
  const r = parseSyslogMessage(text, { source, now, peer });
  if (!r.ok) {
    return [
      {
        ok: false,
        index,
        line: 1,
        code: r.issues[0]?.code ?? "FORMAT_BAD_HEADER",
        reason: describeIssues(r.issues) || "not a syslog message",
        text: snippet(text),
        format: "syslog",
      },
    ];
  }
  return r.value.map((e) => ({ ok: true, index, line: 1, value: text, text, prepared: preparedOf(e, "syslog") }));
}
