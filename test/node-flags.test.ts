import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO } from "./support/shared.js";

/** The `--` flags among a command line's words. */
const flagsOf = (command: string) => command.split(/\s+/).filter((w) => w.startsWith("--"));

describe("the Node.js flags the server runs with", () => {
  const shebang = readFileSync(join(REPO, "bin", "tocsin"), "utf8").split("\n")[0] as string;
  const scripts = (JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { scripts: Record<string, string> })
    .scripts;

  it("are set on bin/tocsin's first line, which env splits into node's arguments", () => {
    expect(shebang).toMatch(/^#!\/usr\/bin\/env -S node( --[a-z-]+=\S+)+$/);
    expect(flagsOf(shebang)).toContain("--max-semi-space-size=64");
  });

  it("are the same for npm start, which runs node on bin/tocsin itself", () => {
    const start = scripts.start as string;
    expect(start).toMatch(/^node .*bin\/tocsin serve --demo$/);
    expect(flagsOf(start.replace(/ serve --demo$/, ""))).toEqual(flagsOf(shebang));
  });
});
