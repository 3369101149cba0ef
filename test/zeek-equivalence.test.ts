import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import type { ParsedEvent } from "../src/formats/index.js";
import { zeek } from "../src/formats/index.js";
import { REPO, SHARED } from "./support/shared.js";

// The same Zeek traffic written by the TSV writer and by the JSON writer must read as the same
// events: same log source, time, fields (floats to 1e-3) and ECS fields, in the same order.

const ZEEK = join(SHARED, "formats", "zeek");
const HAS_ZEEK = existsSync(join(ZEEK, "zeek-default")) && existsSync(join(ZEEK, "zeek-json"));
const OWN = join(REPO, "test", "fixtures", "zeek");
const OWN_TYPES = ["conn", "dns", "http", "ssl", "files", "notice", "x509", "weird"];

if (!HAS_ZEEK) console.warn(`[zeek-equivalence] ${ZEEK} is absent: the shared TSV/JSON pairs are skipped`);

function events(text: string, source: string): ParsedEvent[] {
  const out: ParsedEvent[] = [];
  for (const o of zeek.parseText(text, { source })) {
    if (!o.ok) throw new Error(`${source}:${o.line}: ${o.issues.map((i) => i.message).join("; ")}`);
    out.push(...o.events);
  }
  return out;
}

function same(a: unknown, b: unknown): boolean {
  if (typeof a === "number" && typeof b === "number") return Math.abs(a - b) <= 1e-3;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => same(x, b[i]));
  return a === b;
}

/** The first difference between two events, or undefined when they are the same. */
function difference(a: ParsedEvent, b: ParsedEvent): string | undefined {
  if (JSON.stringify(a.event.logsource) !== JSON.stringify(b.event.logsource)) return "log source";
  if (a.event.timestamp !== b.event.timestamp) return `timestamp ${a.event.timestamp} / ${b.event.timestamp}`;
  for (const [what, x, y] of [
    ["field", a.fields, b.fields],
    ["ecs", a.ecs, b.ecs],
  ] as const) {
    for (const key of new Set([...Object.keys(x), ...Object.keys(y)])) {
      const u = (x as Record<string, unknown>)[key];
      const v = (y as Record<string, unknown>)[key];
      if (!same(u, v)) return `${what} ${key}: ${JSON.stringify(u)} / ${JSON.stringify(v)}`;
    }
  }
  return undefined;
}

function compare(type: string, tsv: ParsedEvent[], json: ParsedEvent[]): void {
  expect(json.length, `${type}: event counts`).toBe(tsv.length);
  for (let i = 0; i < tsv.length; i++) {
    const why = difference(tsv[i] as ParsedEvent, json[i] as ParsedEvent);
    expect(why, `${type} record ${i}`).toBeUndefined();
  }
  expect(tsv[0]?.event.logsource).toEqual({
    product: "zeek",
    service: type,
    categories: type === "dns" ? ["dns"] : [],
  });
}

describe("Zeek TSV and JSON writers give the same events", () => {
  it.skipIf(!HAS_ZEEK)("for every log type of the shared sample traffic (zed-sample-data)", () => {
    const counts: Record<string, number> = {};
    for (const file of readdirSync(join(ZEEK, "zeek-default")).sort()) {
      const type = file.replace(/\.log\.gz$/, "");
      const jsonPath = join(ZEEK, "zeek-json", `${type}.json.gz`);
      if (!existsSync(jsonPath)) continue;
      const tsv = events(gunzipSync(readFileSync(join(ZEEK, "zeek-default", file))).toString("utf8"), file);
      const json = events(gunzipSync(readFileSync(jsonPath)).toString("utf8"), `${type}.json`);
      compare(type, tsv, json);
      counts[type] = tsv.length;
    }
    console.log(`[zeek-equivalence] shared pairs, events per type: ${JSON.stringify(counts)}`);
    expect(Object.keys(counts).length).toBeGreaterThan(10);
  });

  it("for the conn, dns, http, ssl, files, notice, x509 and weird fixtures written from Zeek's docs", () => {
    const counts: Record<string, number> = {};
    for (const type of OWN_TYPES) {
      const tsv = events(readFileSync(join(OWN, `${type}.log`), "utf8"), `${type}.log`);
      const json = events(readFileSync(join(OWN, `${type}.json`), "utf8"), `${type}.json`);
      compare(type, tsv, json);
      counts[type] = tsv.length;
    }
    console.log(`[zeek-equivalence] own fixtures, events per type: ${JSON.stringify(counts)}`);
    expect(Object.values(counts).every((n) => n >= 2)).toBe(true);
  });

  it("notices a difference (the comparison can fail)", () => {
    const tsv = events(readFileSync(join(OWN, "dns.log"), "utf8"), "dns.log");
    const changed = readFileSync(join(OWN, "dns.json"), "utf8").replace("testmyids.com", "testmyids.org");
    const json = events(changed, "dns.json");
    expect(difference(tsv[0] as ParsedEvent, json[0] as ParsedEvent)).toContain("query");
  });
});
