import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { parse } from "yaml";
import { filesUnder } from "./files.js";
import { SHARED } from "./shared.js";

/** One SigmaHQ regression case: the rule it tests, its expected match count and its data files. */
export interface RegressionCase {
  readonly dir: string;
  readonly ruleId: string;
  readonly title: string;
  readonly matchCount: number;
  readonly json: string;
  readonly evtx: string;
}

/** Every case under ../shared/sigma/regression. */
export function regressionCases(): RegressionCase[] {
  const cases: RegressionCase[] = [];
  for (const path of filesUnder(join(SHARED, "sigma", "regression"), "info.yml")) {
    const info = parse(readFileSync(path, "utf8"));
    const dir = dirname(path);
    const files = readdirSync(dir);
    const json = files.find((f) => f.endsWith(".json"));
    const evtx = files.find((f) => f.endsWith(".evtx"));
    if (!json || !evtx) throw new Error(`regression case ${dir} lacks its .json or .evtx`);
    cases.push({
      dir,
      ruleId: info.rule_metadata[0].id,
      title: info.rule_metadata[0].title,
      matchCount: info.regression_tests_info?.[0]?.match_count ?? 1,
      json: join(dir, json),
      evtx: join(dir, evtx),
    });
  }
  return cases;
}

/** The rule folders the conformance tests load. */
export const RULE_DIRS = ["rules", "rules-emerging-threats", "rules-threat-hunting"].map((d) =>
  join(SHARED, "sigma", d),
);

/**
 * Cases whose info.yml gives a match_count the records contradict: every record in the file is
 * an event the rule describes (checked by the test, which expects one detection per record), yet
 * the count given is 1. Listed with the reason, reported by the test, never silently passed.
 */
export const METADATA_ERRATA: Readonly<Record<string, string>> = {
  "0b9ad457-2554-44c1-82c2-d56a99c42377":
    "3 of the 5 records write \\AppData\\Roaming\\AnyDesk\\user.conf* (two user.conf.new, one user.conf~RF*.TMP); match_count says 1",
  "45e112d0-7759-4c2a-aa36-9f8fb79d3393":
    "all 3 records set a ZoneMap\\Domains value to DWORD 2 (not filtered); match_count says 1",
  "c7dcacd0-cc59-4004-b0a4-1d6cdebe6f3e":
    "both records set AutoShareServer / AutoShareWks to DWORD 0, two reg.exe processes; match_count says 1",
};
