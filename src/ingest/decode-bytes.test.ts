import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bodyText, decodeBody, decodeBodyBytes, formatById, isBlankBody } from "./index.js";

const bytes = (text: string) => Buffer.from(text, "utf8");
// Events a log format makes carry documents with functions made per call: compare their data.
const plain = (body: { records: Iterable<unknown>; format?: string }) =>
  JSON.parse(JSON.stringify({ ...body, records: [...body.records] })) as unknown;
const EVTX = (id: number, computer = "WS-1") =>
  JSON.stringify({ Event: { System: { EventID: id, Channel: "Security", Computer: computer } } });
const EVE = JSON.stringify({
  timestamp: "2026-11-21T09:00:00.000000+0000",
  event_type: "alert",
  src_ip: "10.0.0.1",
  dest_ip: "10.0.0.2",
  alert: { signature: "x", signature_id: 1 },
});

describe("decoding a body from its bytes", () => {
  it("reads NDJSON line by line, with the records, lines and texts decodeBody gives its text", () => {
    const body = `${EVTX(4624)}\r\n\n${EVTX(4625, "HÖST-ü")}\n{bad\n  ${EVTX(1)}\n`;
    const fromBytes = [...decodeBodyBytes(bytes(body)).records];
    expect(fromBytes).toEqual(decodeBody(body).records);
    expect(fromBytes.map((r) => [r.ok, r.index, r.line])).toEqual([
      [true, 0, 1],
      [true, 1, 3],
      [false, 2, 4],
      [true, 3, 5],
    ]);
  });

  it("reads as text what is not NDJSON of objects: arrays, XML, pretty JSON, log formats", () => {
    const bodies = [
      `[${EVTX(1)},${EVTX(2)}]`,
      `{\n  "Event": {"System": {"EventID": 1}}\n}\n`,
      `${EVE}\n${EVE}\n`,
      "<34>1 2026-11-21T09:00:00Z host app - - - hi\n",
      `\uFEFF${EVTX(1)}\n`,
      `{    \r\n  "Event": {"System": {"EventID": 1}}\n}\n`,
    ];
    for (const body of bodies) expect(plain(decodeBodyBytes(bytes(body)))).toEqual(plain(decodeBody(body)));
    const xml = `<Event><System><EventID>1</EventID></System></Event>`;
    expect(plain(decodeBodyBytes(bytes(xml), { contentType: "application/xml" }))).toEqual(
      plain(decodeBody(xml, { contentType: "application/xml" })),
    );
  });

  it("keeps a named format: a Windows shape on the line path, a log format on the text path", () => {
    const windows = formatById("evtx-json");
    const body = `${EVTX(1)}\n`;
    expect(plain(decodeBodyBytes(bytes(body), { format: windows }))).toEqual(
      plain(decodeBody(body, { format: windows })),
    );
    const syslog = formatById("syslog");
    const text = "<34>1 2026-11-21T09:00:00Z host app - - - hi\n";
    expect(plain(decodeBodyBytes(bytes(text), { format: syslog }))).toEqual(
      plain(decodeBody(text, { format: syslog })),
    );
  });

  it("parses each line only when its record is read", () => {
    const records = decodeBodyBytes(bytes(`${EVTX(1)}\n{bad\n`)).records[Symbol.iterator]();
    expect(records.next().value).toMatchObject({ ok: true, index: 0, line: 1 });
    expect(records.next().value).toMatchObject({ ok: false, index: 1, line: 2, code: "INGEST_BAD_JSON" });
    expect(records.next().done).toBe(true);
  });

  it("decodes any bytes as decodeBody decodes the text Buffer makes of them", () => {
    // Pieces that meet at line ends: records, blanks, CRs, multi-byte and invalid sequences.
    const piece = fc.oneof(
      fc.constant(EVTX(4624)),
      fc.constant(`{"a":"é€😀"}`),
      fc.constant("\n"),
      fc.constant("\r\n"),
      fc.constant("  "),
      fc.constant("{"),
      fc.constant("[1]"),
      fc.constant(EVE),
      fc.uint8Array({ maxLength: 6 }).map((b) => Buffer.from(b).toString("latin1")),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), fc.uint8Array({ maxLength: 4 }), (pieces, tail) => {
        const buf = Buffer.concat([Buffer.from(pieces.join(""), "utf8"), Buffer.from(tail)]);
        expect(plain(decodeBodyBytes(buf))).toEqual(plain(decodeBody(bodyText(buf))));
      }),
      { numRuns: 500 },
    );
  });

  it("tells a blank body as trimming its text would", () => {
    expect(isBlankBody(bytes(""))).toBe(true);
    expect(isBlankBody(bytes(" \r\n\t"))).toBe(true);
    expect(isBlankBody(bytes("\uFEFF \u00A0\n"))).toBe(true);
    expect(isBlankBody(bytes("  {}"))).toBe(false);
    expect(isBlankBody(bytes("\u00A0x"))).toBe(false);
  });
});
