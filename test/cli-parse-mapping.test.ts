import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempFiles, tocsin } from "./support/cli.js";

describe("tocsin parse --mapping", () => {
  it("reads generic JSON with a field mapping: log source, time, ECS fields and renamed fields", () => {
    const dir = tempFiles({
      "m.yml":
        "logsource: { product: acme, category: firewall }\ntimestamp: { field: ts, format: epoch_s }\necs: { source.ip: net.src }\nrename: { verdict: action }\n",
      "fw.ndjson": '{"ts": 1795000000, "net": {"src": "10.1.2.3"}, "verdict": "allow"}\n',
    });
    const r = tocsin(["parse", join(dir, "fw.ndjson"), "--mapping", join(dir, "m.yml")]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      logsource: { product: "acme", category: "firewall" },
      "@timestamp": "2026-11-18T11:06:40.000Z",
      source: { ip: "10.1.2.3" },
      "json-mapped": { ts: 1795000000, net: { src: "10.1.2.3" }, action: "allow" },
    });
  });

  it("refuses a bad mapping with the entry at fault and exit code 2", () => {
    const dir = tempFiles({ "bad.yml": "logsource: 5\n", "fw.ndjson": "{}\n" });
    const r = tocsin(["parse", join(dir, "fw.ndjson"), "--mapping", join(dir, "bad.yml")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("logsource must be an object");
  });
});
