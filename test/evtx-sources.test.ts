import { readFileSync } from "node:fs";
import path from "node:path";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { runEvtxCommand } from "../src/cli/evtx-command.js";
import { parseEvtx } from "../src/evtx/index.js";
import { createEvtxPool, type EvtxFileResult, readEvtxFile } from "../src/sources/index.js";
import { HAS_SHARED, SHARED } from "./support/shared.js";

const SAMPLES = path.join(SHARED, "evtx", "reference", "samples");
const FILES = ["security.evtx", "sample_with_a_bad_chunk_magic.evtx", "MSExchange_Management_wec.evtx"].map((f) =>
  path.join(SAMPLES, f),
);

function sink(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const parts: Buffer[] = [];
  stream.on("data", (b: Buffer) => parts.push(b));
  return { stream, text: () => Buffer.concat(parts).toString("utf8") };
}

async function all<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe.skipIf(!HAS_SHARED)("EVTX sources", () => {
  it("reads a file from disk exactly as parsing its bytes in memory", async () => {
    for (const file of FILES) {
      const fromDisk = await all(readEvtxFile(file));
      const inMemory = await all(parseEvtx(new Uint8Array(readFileSync(file)), { file }));
      expect(fromDisk).toEqual(inMemory);
    }
  });

  it("reports a missing file as one EVTX_READ_FAILED issue", async () => {
    const rs = await all(readEvtxFile(path.join(SAMPLES, "no-such-file.evtx")));
    expect(rs).toHaveLength(1);
    expect(rs[0]?.ok === false && rs[0].issue.code).toBe("EVTX_READ_FAILED");
  });

  it("yields the same records per file, in order, from worker threads", async () => {
    const pool = createEvtxPool({ threads: 2 });
    try {
      const parallel = await all(pool.readFiles(FILES, { chunksPerTask: 4 }));
      const ids = (file: string, rs: readonly EvtxFileResult<unknown>[]): number[] =>
        rs.flatMap((r) => (r.file === file && r.result.ok ? [r.result.record.recordId] : []));
      for (const file of FILES) {
        const seq = (await all(readEvtxFile(file))).filter((r) => r.ok).map((r) => (r.ok ? r.record.recordId : 0));
        expect(ids(file, parallel)).toEqual(seq);
      }
      const security = parallel.find((r) => r.result.ok && r.file === FILES[0]);
      const first = (await all(readEvtxFile(FILES[0] as string)))[0];
      expect(security?.result).toEqual(first);
    } finally {
      await pool.close();
    }
  }, 60_000);

  it("renders the same JSON lines in worker threads as here", async () => {
    const pool = createEvtxPool({ threads: 2 });
    try {
      let text = "";
      let records = 0;
      for await (const part of pool.readFilesText(FILES, { chunksPerTask: 4 })) {
        text += part.text;
        records += part.records;
      }
      let expected = "";
      let n = 0;
      for (const file of FILES) {
        for await (const r of readEvtxFile(file)) {
          if (!r.ok) continue;
          n++;
          expected += `${JSON.stringify(r.record.event)}\n`;
        }
      }
      expect(records).toBe(n);
      expect(text).toBe(expected);
    } finally {
      await pool.close();
    }
  }, 60_000);

  it("prints one JSON object per line and names damage on stderr", async () => {
    const out = sink();
    const err = sink();
    const code = await runEvtxCommand(
      [FILES[1] as string],
      { format: "jsonl", threads: 1 },
      { out: out.stream, err: err.stream },
    );
    expect(code).toBe(0);
    const lines = out.text().trim().split("\n");
    expect(lines.length).toBeGreaterThan(100);
    expect(JSON.parse(lines[0] as string)).toHaveProperty("Event.System");
    expect(err.text()).toMatch(/sample_with_a_bad_chunk_magic\.evtx chunk \d+ .*\[EVTX_BAD_CHUNK\]/);
  });

  it("prints XML and exits 2 when nothing could be read", async () => {
    const out = sink();
    const err = sink();
    expect(
      await runEvtxCommand([FILES[2] as string], { format: "xml", threads: 1 }, { out: out.stream, err: err.stream }),
    ).toBe(0);
    expect(out.text()).toContain('<Provider Name="MSExchange CmdletLogs"/>');
    expect(
      await runEvtxCommand(
        [path.join(SAMPLES, "missing")],
        { format: "jsonl", threads: 1 },
        { out: out.stream, err: err.stream },
      ),
    ).toBe(2);
  });
});

describe.skipIf(!HAS_SHARED)("parseEvtx streaming", () => {
  it("yields the same results from odd-sized pieces as from one array", async () => {
    const bytes = new Uint8Array(readFileSync(FILES[0] as string));
    async function* pieces(): AsyncGenerator<Uint8Array> {
      const buf = new Uint8Array(7777);
      for (let o = 0; o < bytes.length; o += buf.length) {
        const n = Math.min(buf.length, bytes.length - o);
        buf.set(bytes.subarray(o, o + n));
        yield buf.subarray(0, n); // the same buffer is reused, as a file reader does
      }
    }
    const whole = await all(parseEvtx(bytes));
    const streamed = await all(parseEvtx(pieces()));
    expect(streamed.length).toBe(whole.length);
    expect(streamed).toEqual(whole);
  });

  it("stops without error when aborted", async () => {
    const controller = new AbortController();
    let n = 0;
    for await (const _ of parseEvtx(new Uint8Array(readFileSync(FILES[0] as string)), { signal: controller.signal })) {
      if (++n === 5) controller.abort();
    }
    expect(n).toBe(5);
  });
});
