import { describe, expect, it } from "vitest";
import type { EvtxResult } from "./chunk.js";
import type { JsonObject } from "./binxml/text.js";
import { parseEvtx } from "./parse-evtx.js";
import { buildEvtx, nameBytes, openElement, w16, w32 } from "./test-chunk-builder.js";

async function collect(
  source: Uint8Array | AsyncIterable<Uint8Array>,
  format: "json" | "xml" = "json",
): Promise<EvtxResult<JsonObject | string>[]> {
  const out: EvtxResult<JsonObject | string>[] = [];
  for await (const r of parseEvtx(source, { file: "t.evtx", format })) out.push(r);
  return out;
}

/** `<Event><Id>text</Id></Event>` with names defined in place, starting at chunk offset `at`. */
function simpleEvent(text: string): (at: number) => number[] {
  return (at) => {
    const out = [0x0f, 1, 1, 0];
    out.push(...openElement(at + out.length, "Event"), 0x02);
    out.push(...openElement(at + out.length, "Id"), 0x02);
    out.push(0x05, 0x01, ...w16(text.length));
    for (const c of text) out.push(...w16(c.charCodeAt(0)));
    out.push(0x04, 0x04, 0x00);
    return out;
  };
}

describe("parseEvtx on synthetic chunks", () => {
  it("reads records from a well-formed file with no issues", async () => {
    const rs = await collect(buildEvtx([simpleEvent("a&b"), simpleEvent("two")]));
    expect(rs.map((r) => (r.ok ? r.record.event : r.issue.code))).toEqual([
      { Event: { Id: "a&b" } },
      { Event: { Id: "two" } },
    ]);
    const first = rs[0];
    expect(first?.ok && first.record).toMatchObject({
      recordId: 1,
      chunk: 0,
      offset: 4096 + 512,
      timestamp: "1970-01-01T00:00:00.000000Z",
    });
  });

  it("renders XML with escaping", async () => {
    const [r] = await collect(buildEvtx([simpleEvent("a<b")]), "xml");
    expect(r?.ok && r.record.event).toBe("<Event>\n  <Id>a&lt;b</Id>\n</Event>");
  });

  it("reports a template that refers to itself and goes on with the next record", async () => {
    const loop = (at: number): number[] => {
      const defAt = at + 4 + 10;
      const body = [0x0f, 1, 1, 0, 0x0c, 0x01, ...w32(7), ...w32(defAt), ...w32(0), 0x00];
      return [
        0x0f,
        1,
        1,
        0,
        0x0c,
        0x01,
        ...w32(7),
        ...w32(defAt),
        ...w32(0),
        ...new Array(16).fill(0),
        ...w32(body.length),
        ...body,
        ...w32(0),
      ];
    };
    const rs = await collect(buildEvtx([loop, simpleEvent("after")]));
    expect(rs[0]?.ok === false && rs[0].issue).toMatchObject({
      code: "EVTX_TEMPLATE_LOOP",
      chunk: 0,
      place: { file: "t.evtx", record: 1 },
    });
    expect(rs[1]?.ok && rs[1].record.event).toEqual({ Event: { Id: "after" } });
  });

  it("caps element nesting depth", async () => {
    const deep = (at: number): number[] => {
      const out = [0x0f, 1, 1, 0];
      for (let i = 0; i < 200; i++) out.push(...openElement(at + out.length, "E"), 0x02);
      for (let i = 0; i < 200; i++) out.push(0x04);
      return [...out, 0x00];
    };
    const rs = await collect(buildEvtx([deep]));
    expect(rs[0]?.ok === false && rs[0].issue.code).toBe("EVTX_LIMIT");
  });

  it("reports an absurd string length instead of reading past the record", async () => {
    const bad = (at: number): number[] => [
      0x0f,
      1,
      1,
      0,
      ...openElement(at + 4, "E"),
      0x02,
      0x05,
      0x01,
      ...w16(0xffff),
      0x04,
      0x00,
    ];
    const rs = await collect(buildEvtx([bad]));
    expect(rs[0]?.ok === false && rs[0].issue.code).toBe("EVTX_BAD_BINXML");
  });

  it("reports a record whose size points outside its chunk and resumes at the next record", async () => {
    const file = buildEvtx([simpleEvent("x"), simpleEvent("y")]);
    new DataView(file.buffer).setUint32(4096 + 512 + 4, 0x7fffffff, true);
    const rs = await collect(file);
    expect(rs.map((r) => (r.ok ? r.record.recordId : r.issue.code))).toEqual(
      expect.arrayContaining(["EVTX_BAD_RECORD", 2]),
    );
  });

  it("falls back to scanning for chunks when the file header is bad", async () => {
    const file = buildEvtx([simpleEvent("x")]);
    file[0] = 0;
    const rs = await collect(file);
    expect(rs.map((r) => (r.ok ? r.record.recordId : r.issue.code))).toEqual(["EVTX_BAD_FILE_HEADER", 1]);
  });

  it("reports a truncated file", async () => {
    const file = buildEvtx([simpleEvent("x"), simpleEvent("y")]);
    const rs = await collect(file.subarray(0, 4096 + 600));
    expect(rs.some((r) => !r.ok && r.issue.code === "EVTX_TRUNCATED")).toBe(true);
  });

  it("uses names defined earlier in the chunk by offset", async () => {
    const reuse = (at: number): number[] => {
      const nameAt = at + 4 + 11;
      return [
        0x0f,
        1,
        1,
        0,
        0x01,
        ...w16(0xffff),
        ...w32(0),
        ...w32(nameAt),
        ...nameBytes("X"),
        0x02,
        0x01,
        ...w16(0xffff),
        ...w32(0),
        ...w32(nameAt),
        0x03,
        0x04,
        0x00,
      ];
    };
    const [r] = await collect(buildEvtx([reuse]));
    expect(r?.ok && r.record.event).toEqual({ X: { X: null } });
  });

  it("turns a failing byte source into an EVTX_READ_FAILED issue instead of throwing", async () => {
    const bytes = buildEvtx([simpleEvent("x")]);
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield bytes.subarray(0, 4096);
      throw new Error("disk gone");
    }
    const rs = await collect(failing());
    expect(rs.map((r) => (r.ok ? r.record.recordId : r.issue.code))).toEqual(["EVTX_READ_FAILED"]);
  });

  it("parses a range of chunks without a file header from a start offset", async () => {
    const file = buildEvtx([simpleEvent("x")]);
    const out = [];
    for await (const r of parseEvtx(file.subarray(4096), { startOffset: 4096 })) out.push(r);
    expect(out.map((r) => (r.ok ? [r.record.chunk, r.record.offset] : r.issue.code))).toEqual([[0, 4096 + 512]]);
  });

  it("numbers repeated Data names and keeps distinct ones as they are", async () => {
    const text = (v: string): number[] => [
      0x05,
      0x01,
      ...w16(v.length),
      ...[...v].flatMap((c) => w16(c.charCodeAt(0))),
    ];
    const data = (at: number, name: string, value: string): number[] => {
      const out = openElement(at, "Data", true);
      out.push(
        ...w32(0),
        0x06,
        ...w32(at + out.length + 9),
        ...nameBytes("Name"),
        ...text(name),
        0x02,
        ...text(value),
        0x04,
      );
      return out;
    };
    const event =
      (names: string[]) =>
      (at: number): number[] => {
        const out = [0x0f, 1, 1, 0];
        out.push(...openElement(at + out.length, "E"), 0x02);
        for (const [i, n] of names.entries()) out.push(...data(at + out.length, n, String(i)));
        out.push(0x04, 0x00);
        return out;
      };
    const rs = await collect(buildEvtx([event(["A", "A", "B"]), event(["X", "Y"])]));
    expect(rs.map((r) => (r.ok ? r.record.event : r.issue.message))).toEqual([
      { E: { A: "0", A_1: "1", B: "2" } },
      { E: { X: "0", Y: "1" } },
    ]);
  });
});
