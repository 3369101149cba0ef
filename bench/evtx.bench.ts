/**
 * EVTX parsing speed: one thread and all cores (piscina workers), and how it compares with
 * JSON.parse over the JSON text of the same records. Input: the attack samples and the
 * Sigma regression files in ../shared. Last line: one JSON object.
 */
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import { parseEvtx } from "../src/evtx/index.js";
import { createEvtxPool, readEvtxFile } from "../src/sources/index.js";
import { filesUnder } from "../test/support/files.js";
import { SHARED } from "./support.js";

const DIRS = [path.join(SHARED, "evtx", "attack-samples"), path.join(SHARED, "sigma", "regression")];
const MIN_SECONDS = 3;

const paths = DIRS.flatMap((dir) => filesUnder(dir, ".evtx"));
if (paths.length === 0) {
  console.log(`evtx bench: no input under ${SHARED}`);
  console.log(JSON.stringify({ skipped: true }));
} else {
  const buffers = paths.map((p) => new Uint8Array(readFileSync(p)));
  const totalBytes = buffers.reduce((n, b) => n + b.length, 0);

  // One pass to warm up and to keep the JSON text of every record.
  const lines: string[] = [];
  for (const b of buffers) for await (const r of parseEvtx(b)) if (r.ok) lines.push(JSON.stringify(r.record.event));
  const recordsPerPass = lines.length;

  // One thread.
  let passes = 0;
  let records = 0;
  let started = performance.now();
  do {
    for (const b of buffers) for await (const r of parseEvtx(b)) if (r.ok) records++;
    passes++;
  } while (performance.now() - started < MIN_SECONDS * 1000);
  const evtxSeconds = (performance.now() - started) / 1000;
  const mbPerS1 = (totalBytes * passes) / 1e6 / evtxSeconds;
  const recordsPerS1 = records / evtxSeconds;

  // One thread reading from disk, to compare with the worker threads (which read from disk too).
  let diskPasses = 0;
  started = performance.now();
  do {
    for (const p of paths)
      for await (const _ of readEvtxFile(p)) {
        // count passes only
      }
    diskPasses++;
  } while (performance.now() - started < MIN_SECONDS * 1000);
  const mbPerS1Disk = (totalBytes * diskPasses) / 1e6 / ((performance.now() - started) / 1000);

  // JSON.parse over the same records' JSON text.
  const jsonBytes = lines.reduce((n, l) => n + l.length, 0);
  let jsonPasses = 0;
  let sink = 0;
  started = performance.now();
  do {
    for (const l of lines) sink += (JSON.parse(l) as object) ? 1 : 0;
    jsonPasses++;
  } while (performance.now() - started < MIN_SECONDS * 1000);
  const jsonSeconds = (performance.now() - started) / 1000;
  const jsonRecordsPerS = (recordsPerPass * jsonPasses) / jsonSeconds;
  const vsJson = recordsPerS1 / jsonRecordsPerS;

  // The worker path with one worker, then with one per core: the same work (read from disk,
  // parse, render each record to a JSON line, as `tocsin evtx --threads N` prints), so their
  // ratio is the gain from the extra cores measured in this run.
  const workerRate = async (count: number): Promise<{ records: number; passes: number; seconds: number }> => {
    const workers = createEvtxPool({ threads: count });
    for await (const _ of workers.readFilesText(paths)) {
      // warm the workers up
    }
    let passes = 0;
    let counted = 0;
    const begun = performance.now();
    do {
      for await (const part of workers.readFilesText(paths)) counted += part.records;
      passes++;
    } while (performance.now() - begun < MIN_SECONDS * 1000);
    const seconds = (performance.now() - begun) / 1000;
    await workers.close();
    return { records: counted, passes, seconds };
  };
  const threads = availableParallelism();
  const oneWorker = await workerRate(1);
  const recordsPerSPool1 = oneWorker.records / oneWorker.seconds;
  const all = await workerRate(threads);
  const allPasses = all.passes;
  const allRecords = all.records;
  const allSeconds = all.seconds;
  const pool = createEvtxPool({ threads });
  let objectRecords = 0;
  started = performance.now();
  do {
    for await (const { result } of pool.readFiles(paths)) if (result.ok) objectRecords++;
  } while (performance.now() - started < MIN_SECONDS * 1000);
  const objectSeconds = (performance.now() - started) / 1000;
  await pool.close();
  const mbPerSAll = (totalBytes * allPasses) / 1e6 / allSeconds;
  const recordsPerSAll = allRecords / allSeconds;
  const recordsPerSAllObjects = objectRecords / objectSeconds;

  const r2 = (n: number): number => Math.round(n * 100) / 100;
  const mb = (n: number): string => `${n.toFixed(1)} MB/s`;
  const input = `${paths.length} files, ${(totalBytes / 1e6).toFixed(1)} MB, ${recordsPerPass} records`;
  console.log(`input: ${input} (${(jsonBytes / 1e6).toFixed(1)} MB as JSON)`);
  console.log(`evtx, 1 thread, in memory:   ${mb(mbPerS1)}, ${Math.round(recordsPerS1)} records/s`);
  console.log(`evtx, 1 thread, from disk:   ${mb(mbPerS1Disk)}`);
  console.log(
    `JSON.parse of the same JSON: ${mb((jsonBytes * jsonPasses) / 1e6 / jsonSeconds)}, ${Math.round(jsonRecordsPerS)} records/s`,
  );
  console.log(`evtx / JSON.parse:           ${vsJson.toFixed(2)} (records/s over records/s)`);
  console.log(
    `evtx, ${threads} threads, JSON lines: ${mb(mbPerSAll)}, ${Math.round(recordsPerSAll)} records/s (from disk)`,
  );
  console.log(`evtx, ${threads} threads, objects:    ${Math.round(recordsPerSAllObjects)} records/s (from disk)`);
  console.log(
    `evtx, 1 worker, JSON lines:   ${Math.round(recordsPerSPool1)} records/s; ${threads} workers: ${(recordsPerSAll / recordsPerSPool1).toFixed(2)}x`,
  );
  if (sink === 0) console.log("(JSON.parse produced nothing)");
  console.log(
    JSON.stringify({
      mb_per_s_1: r2(mbPerS1),
      mb_per_s_all: r2(mbPerSAll),
      mb_per_s_1_disk: r2(mbPerS1Disk),
      records_per_s_1: Math.round(recordsPerS1),
      records_per_s_all: Math.round(recordsPerSAll),
      records_per_s_all_objects: Math.round(recordsPerSAllObjects),
      records_per_s_pool_1: Math.round(recordsPerSPool1),
      scaling_all_vs_1: r2(recordsPerSAll / recordsPerSPool1),
      vs_json_parse: r2(vsJson),
      threads,
      input_mb: r2(totalBytes / 1e6),
      records_per_pass: recordsPerPass,
    }),
  );
}
