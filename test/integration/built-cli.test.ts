import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { regressionCases } from "../support/regression.js";
import { HAS_SHARED, REPO, SHARED } from "../support/shared.js";

// The CLI as installed: bin/tocsin running the build that `npm ci` made, on the shared data.
const BIN = join(REPO, "bin", "tocsin");
const BUILT = existsSync(join(REPO, "dist", "cli", "main.js"));

function run(args: string[]) {
  const r = spawnSync(BIN, args, { encoding: "utf8", timeout: 600_000, maxBuffer: 512 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.skipIf(!HAS_SHARED || !BUILT)("bin/tocsin, built, on the shared data", () => {
  it("scans every regression case's .evtx and .json and finds each case's rule in both", () => {
    const rules = ["rules", "rules-emerging-threats", "rules-threat-hunting"].map((d) => join(SHARED, "sigma", d));
    const result = run(["scan", join(SHARED, "sigma", "regression"), "--rules", ...rules, "--format", "jsonl"]);
    expect(result.code).toBe(0);
    const detections = result.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    const found = new Map<string, Set<string>>();
    for (const d of detections) {
      const kind = d.source.file.endsWith(".evtx") ? "evtx" : "json";
      found.set(d.rule.id, (found.get(d.rule.id) ?? new Set()).add(kind));
    }
    for (const c of regressionCases()) expect([...(found.get(c.ruleId) ?? [])].sort(), c.dir).toEqual(["evtx", "json"]);
    expect(result.stderr).toMatch(/rules\s+3\d{3} loaded/);
  });

  it("prints EVTX records as JSON lines that parse", () => {
    const [first] = regressionCases();
    const result = run(["evtx", first?.evtx as string]);
    expect(result.code).toBe(0);
    const records = result.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(records.length).toBeGreaterThan(0);
    expect(records[0].Event.System).toBeDefined();
  });

  it("checks the SigmaHQ rules and ends with one JSON line", () => {
    const result = run(["rules", "check", join(SHARED, "sigma", "rules"), "--format", "json"]);
    const last = JSON.parse(result.stdout.trim().split("\n").at(-1) as string);
    expect(last.loaded).toBeGreaterThan(3000);
    expect(Array.isArray(last.skipped)).toBe(true);
  });
});
