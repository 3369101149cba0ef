import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { REPO } from "./shared.js";

/** Folders tempFiles made in this test file, removed once its tests have run. */
const made: string[] = [];
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** What a CLI run printed and returned. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `tocsin` from the sources with the given arguments. */
export function tocsin(args: readonly string[], cwd = REPO): CliRun {
  const result = spawnSync(process.execPath, ["--import", "tsx", join(REPO, "src/cli/entry.ts"), ...args], {
    cwd,
    encoding: "utf8",
    timeout: 300_000,
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** A fresh temporary folder with the given files written into it. */
export function tempFiles(files: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(join(tmpdir(), "tocsin-test-"));
  made.push(dir);
  for (const [name, content] of Object.entries(files)) {
    const path = join(dir, name);
    const parent = path.slice(0, path.lastIndexOf("/"));
    if (parent !== dir) spawnSync("mkdir", ["-p", parent]);
    writeFileSync(path, content);
  }
  return dir;
}
