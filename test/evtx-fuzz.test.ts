import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseEvtx } from "../src/evtx/index.js";
import { filesUnder } from "./support/files.js";
import { HAS_SHARED, SHARED } from "./support/shared.js";

const REGRESSION = path.join(SHARED, "sigma", "regression");

/** mulberry32: a small seeded generator, so every run tries the same inputs. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const EXTREMES = [0, 1, 0xff, 0xffff, 0x7fffffff, 0xffffffff, 512, 65536, 65535, 24, 28];

function mutate(base: Uint8Array, others: readonly Uint8Array[], rand: () => number): Uint8Array {
  const int = (n: number): number => Math.floor(rand() * n);
  const kind = int(6);
  const out = base.slice();
  // Aim most damage at the first records, where the BinXML and templates live.
  const target = (): number => (rand() < 0.7 ? 4096 + 512 + int(Math.min(4096, out.length - 4608)) : int(out.length));
  switch (kind) {
    case 0: {
      const flips = 1 + int(16);
      for (let i = 0; i < flips; i++) {
        const at = target();
        out[at] = ((out[at] as number) ^ (1 << int(8))) & 0xff;
      }
      return out;
    }
    case 1:
      return out.subarray(0, int(out.length));
    case 2: {
      const v = EXTREMES[int(EXTREMES.length)] as number;
      const at = Math.min(target(), out.length - 4);
      new DataView(out.buffer).setUint32(at, rand() < 0.5 ? v : int(65536), true);
      return out;
    }
    case 3: {
      // Splice in bytes of another file, possibly misaligned.
      const other = others[int(others.length)] as Uint8Array;
      const from = int(other.length - 1);
      const len = 1 + int(Math.min(8192, other.length - from));
      const at = target();
      out.set(other.subarray(from, from + Math.min(len, out.length - at)), at);
      return out;
    }
    case 4: {
      // Duplicate a region, shifting everything after it.
      const at = target();
      const len = 1 + int(600);
      const grown = new Uint8Array(out.length + len);
      grown.set(out.subarray(0, at), 0);
      grown.set(out.subarray(at, at + len), at);
      grown.set(out.subarray(at), at + Math.min(len, out.length - at));
      return grown;
    }
    default: {
      for (let i = 0; i < 4; i++) {
        const at = Math.min(target(), out.length - 2);
        out[at] = [0x00, 0x01, 0x41, 0x0c, 0x0d, 0x0e, 0x21, 0xff][int(8)] as number;
        out[at + 1] = int(256);
      }
      return out;
    }
  }
}

async function* pieces(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let o = 0; o < bytes.length; o += size) yield bytes.subarray(o, o + size);
}

const files = filesUnder(REGRESSION, ".evtx").map((f) => new Uint8Array(readFileSync(f)));
const ROUNDS = 4;
const PER_ROUND = 5000;

describe.skipIf(!HAS_SHARED)("EVTX parser under mutated input", () => {
  for (let round = 0; round < ROUNDS; round++) {
    it(`survives ${PER_ROUND} mutated files (seed ${round + 1}) without throwing, hanging or growing memory`, {
      timeout: 60_000,
    }, async () => {
      const rand = rng(round + 1);
      const heapStart = process.memoryUsage().heapUsed;
      let slowest = 0;
      let records = 0;
      let issues = 0;
      for (let i = 0; i < PER_ROUND; i++) {
        const base = files[Math.floor(rand() * files.length)] as Uint8Array;
        const input = mutate(base, files, rand);
        const source = rand() < 0.2 ? pieces(input, 1 + Math.floor(rand() * 70000)) : input;
        const started = performance.now();
        let results = 0;
        for await (const r of parseEvtx(source, { format: rand() < 0.2 ? "xml" : "json" })) {
          results++;
          if (r.ok) records++;
          else {
            issues++;
            expect(r.issue.message).not.toMatch(/internal error/);
          }
        }
        const took = performance.now() - started;
        slowest = Math.max(slowest, took);
        // Every result stands for at least a record header's worth of input (or one chunk-level issue).
        expect(results).toBeLessThanOrEqual(input.length / 24 + 16);
        expect(took).toBeLessThan(2000);
      }
      const grown = process.memoryUsage().heapUsed - heapStart;
      expect(grown).toBeLessThan(512 * 1024 * 1024);
      console.log(
        `fuzz seed ${round + 1}: ${PER_ROUND} inputs, ${records} records, ${issues} issues, slowest parse ${slowest.toFixed(1)} ms`,
      );
    });
  }
});
