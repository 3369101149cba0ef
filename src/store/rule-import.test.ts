import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { storedZip } from "../../test/support/zip.js";
import { importRules } from "./rule-import.js";

const rule = (id: string, title: string) =>
  `title: ${title}\nid: ${id}\nstatus: test\nlogsource:\n  product: windows\n  category: process_creation\ndetection:\n  sel:\n    Image|endswith: '\\\\${title}.exe'\n  condition: sel\nlevel: high\n`;

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name).slice(dir.length + 1))
    .sort();
}

describe("importing rules from a ZIP archive", () => {
  const dirs: string[] = [];
  const temp = () => {
    const d = mkdtempSync(join(tmpdir(), "tocsin-import-"));
    dirs.push(d);
    return d;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it("copies the rules that load, keeps their folders, and reports the ones that do not with their place", async () => {
    const work = temp();
    const zip = join(work, "sigma_core.zip");
    writeFileSync(
      zip,
      storedZip([
        { name: "rules/windows/a.yml", text: rule("11111111-1111-4111-8111-111111111111", "alpha") },
        { name: "rules/windows/nested/b.yml", text: rule("22222222-2222-4222-8222-222222222222", "beta") },
        {
          name: "rules/windows/broken.yml",
          text: "title: broken\nlogsource: {product: windows}\ndetection:\n  condition: nope\n",
        },
        { name: "README.md", text: "not a rule" },
      ]),
    );
    const into = join(work, "data", "rules", "imported");
    const result = await importRules([zip], into);
    expect(result.loaded).toBe(2);
    expect(result.documents).toBe(2);
    expect(result.skipped).toHaveLength(1);
    expect(result.skipped[0]?.file).toContain("sigma_core.zip:rules/windows/broken.yml");
    expect(files(join(into, "sigma_core"))).toEqual(["rules/windows/a.yml", "rules/windows/nested/b.yml"]);
    expect(readFileSync(join(into, "sigma_core", "rules/windows/a.yml"), "utf8")).toContain("alpha");
  });

  it("never writes outside its folder, whatever the names in the archive say", async () => {
    const work = temp();
    const zip = join(work, "hostile.zip");
    writeFileSync(
      zip,
      storedZip([
        { name: "../../escaped.yml", text: rule("33333333-3333-4333-8333-333333333333", "gamma") },
        { name: "/abs/rooted.yml", text: rule("44444444-4444-4444-8444-444444444444", "delta") },
      ]),
    );
    const into = join(work, "data", "rules", "imported");
    const result = await importRules([zip], into).catch((e: unknown) => e);
    // Either yauzl refuses such names outright, or they are written inside the import folder.
    expect(existsSync(join(work, "escaped.yml"))).toBe(false);
    expect(existsSync(join(work, "data", "escaped.yml"))).toBe(false);
    expect(existsSync("/abs/rooted.yml")).toBe(false);
    if (!(result instanceof Error)) for (const f of files(into)) expect(f.startsWith("hostile")).toBe(true);
  });

  it("replaces an earlier import of the same archive whole", async () => {
    const work = temp();
    const zip = join(work, "release.zip");
    const into = join(work, "imported");
    writeFileSync(zip, storedZip([{ name: "old.yml", text: rule("55555555-5555-4555-8555-555555555555", "old") }]));
    await importRules([zip], into);
    writeFileSync(zip, storedZip([{ name: "new.yml", text: rule("66666666-6666-4666-8666-666666666666", "new") }]));
    await importRules([zip], into);
    expect(files(join(into, "release"))).toEqual(["new.yml"]);
  });

  it("reports a file that is not an archive instead of importing nothing silently", async () => {
    const work = temp();
    const bogus = join(work, "bogus.zip");
    writeFileSync(bogus, "this is not a zip file at all");
    await expect(importRules([bogus], join(work, "imported"))).rejects.toThrow();
  });
});
