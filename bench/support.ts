import { Buffer } from "node:buffer";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** The repository the benchmarks belong to. */
export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** ../shared beside the repository, where the benchmarks' input data lives. */
export const SHARED = resolve(REPO, "..", "shared");

/** The Node.js flags the server runs with: those on bin/tocsin's first line (`#!/usr/bin/env -S node ...`). */
export const SERVER_NODE_FLAGS: readonly string[] = (
  readFileSync(join(REPO, "bin", "tocsin"), "utf8").split("\n")[0] ?? ""
)
  .split(/\s+/)
  .filter((part) => part.startsWith("--"));

/** Node.js or V8 flags given in an environment variable, space-separated (for experiments). */
export function flagsFrom(variable: string): string[] {
  return process.env[variable]?.split(" ").filter((f) => f !== "") ?? [];
}

let builtOnce = false;

/**
 * Brings the build (dist/) up to date with the sources, once per run. Benchmarks measure the
 * program as it ships: run from the sources through tsx, every closure made in a hot path also
 * gets its name set at run time (esbuild's keepNames), which cost the server's main thread ~10%.
 */
export function buildOnce(): void {
  if (builtOnce) return;
  execFileSync(
    process.execPath,
    [join(REPO, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json"],
    {
      cwd: REPO,
      stdio: "inherit",
    },
  );
  builtOnce = true;
}

/** A module of the build, brought up to date first: `built<typeof import("../src/x/index.js")>("x/index")`. */
export async function built<T>(module: string): Promise<T> {
  buildOnce();
  return (await import(pathToFileURL(join(REPO, "dist", `${module}.js`)).href)) as T;
}

/** Stops with a clear message when ../shared is absent. */
export function requireShared(): void {
  if (!existsSync(SHARED)) {
    console.error(`benchmark data not found: ${SHARED} is absent`);
    process.exit(2);
  }
}

/** Runs `work` repeatedly for at least `ms` and returns the rate of `units` per second. */
export function rate(work: () => number, ms = 3000): { perSecond: number; units: number; seconds: number } {
  let units = 0;
  const start = performance.now();
  let elapsed = 0;
  do {
    units += work();
    elapsed = performance.now() - start;
  } while (elapsed < ms);
  return { perSecond: (units / elapsed) * 1000, units, seconds: elapsed / 1000 };
}

/**
 * The text as a program reading it from bytes gets it: encoded to UTF-8 and decoded again. V8
 * keeps such a string in one byte a character when every character fits, whatever the
 * representation of the text it was made from.
 */
export function asDecoded(text: string): string {
  return Buffer.from(text, "utf8").toString("utf8");
}

/** Formats a number with thousands separators. */
export function n(value: number): string {
  return Math.round(value).toLocaleString("en-US");
}
