import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempFiles, tocsin } from "./support/cli.js";
import { REPO } from "./support/shared.js";

describe("tocsin scan over logs in the registered formats", () => {
  it("reads Zeek, firewall CEF, Entra ID and auth.log samples beside EVTX-JSON, each with its own rules", async () => {
    const r = tocsin(["scan", join(REPO, "samples"), "--rules", join(REPO, "rules"), "--format", "jsonl"]);
    expect(r.code).toBe(0);
    const found = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { rule: { title: string }; source: { file: string } });
    const byFile = new Map<string, number>();
    for (const f of found) {
      const name = f.source.file.split("/").pop() as string;
      byFile.set(name, (byFile.get(name) ?? 0) + 1);
    }
    for (const name of [
      "intrusion.ndjson",
      "network-zeek-dns.ndjson",
      "network-zeek-http.ndjson",
      "network-zeek-conn.ndjson",
      "firewall.log",
      "signin-entra.ndjson",
      "linux-auth.log",
    ]) {
      expect(byFile.get(name), name).toBeGreaterThan(0);
    }
    expect(r.stderr).toMatch(/files\s+7 read/);
    expect(r.stderr).not.toMatch(/warning|error/);
  });
});

describe("tocsin scan over a damaged log file", () => {
  it("reports a refused line with its file and line and reads the rest", () => {
    const dir = tempFiles({
      "auth.log": [
        "2026-11-20T09:36:01+00:00 jump-01 sshd[811]: Failed password for root from 203.0.113.77 port 50122 ssh2",
        `2026-11-20T09:36:02+00:00 jump-01 sshd[812]: ${"x".repeat(300 * 1024)}`,
        "2026-11-20T09:36:03+00:00 jump-01 sshd[813]: Failed password for admin from 203.0.113.77 port 50123 ssh2",
      ].join("\n"),
    });
    const r = tocsin(["scan", dir, "--rules", join(REPO, "rules"), "--format", "jsonl"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/auth\.log:2 record 1: .*\[FORMAT_LIMIT\]/);
    expect(r.stderr).toMatch(/records\s+2\b/);
  });
});
