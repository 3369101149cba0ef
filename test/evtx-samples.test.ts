import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  CHUNK_SIZE,
  FILE_HEADER_SIZE,
  declaredRecordCount,
  isChunk,
  parseEvtx,
  readChunkHeader,
} from "../src/evtx/index.js";
import { filesUnder } from "./support/files.js";
import { HAS_SHARED, SHARED } from "./support/shared.js";

const DIRS = [path.join(SHARED, "evtx", "reference", "samples"), path.join(SHARED, "evtx", "attack-samples")];

/** Records each chunk header declares, by chunk index (chunks at their regular places). */
function declaredByChunk(bytes: Uint8Array): Map<number, number> {
  const out = new Map<number, number>();
  for (let o = FILE_HEADER_SIZE, i = 0; o + 512 <= bytes.length; o += CHUNK_SIZE, i++) {
    const h = isChunk(bytes, o) ? readChunkHeader(bytes.subarray(o, o + CHUNK_SIZE)) : undefined;
    if (h) out.set(i, declaredRecordCount(h));
  }
  return out;
}

const files = DIRS.flatMap((dir) => filesUnder(dir, ".evtx"));
const summary = { files: 0, records: 0, declared: 0, errors: 0, warnings: 0, damagedFiles: 0 };

describe.skipIf(!HAS_SHARED)("EVTX sample files", () => {
  afterAll(() => {
    console.log(
      `evtx samples: ${summary.files} files, ${summary.records}/${summary.declared} declared records read, ${summary.errors} errors and ${summary.warnings} warnings in ${summary.damagedFiles} damaged files`,
    );
  });

  it.each(files.map((f) => [path.relative(SHARED, f), f]))(
    "reads every record of %s, or reports the damage",
    async (_rel, file) => {
      const bytes = new Uint8Array(readFileSync(file));
      const declared = declaredByChunk(bytes);
      const got = new Map<number, number>();
      const damaged = new Set<number>();
      let errors = 0;
      for await (const r of parseEvtx(bytes, { file })) {
        if (r.ok) got.set(r.record.chunk, (got.get(r.record.chunk) ?? 0) + 1);
        else {
          expect(r.issue.place.file).toBe(file);
          expect(r.issue.message).not.toMatch(/internal error/);
          if (r.issue.severity === "error") {
            errors++;
            summary.errors++;
            if (r.issue.chunk !== undefined) damaged.add(r.issue.chunk);
          } else summary.warnings++;
        }
      }
      summary.files++;
      if (errors > 0) summary.damagedFiles++;
      for (const [chunk, n] of declared) {
        summary.declared += n;
        summary.records += got.get(chunk) ?? 0;
        if (!damaged.has(chunk)) expect(got.get(chunk) ?? 0, `chunk ${chunk}`).toBe(n);
        else expect(got.get(chunk) ?? 0, `chunk ${chunk}`).toBeLessThanOrEqual(n);
      }
    },
  );
});
