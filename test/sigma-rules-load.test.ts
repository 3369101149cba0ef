import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createEngine } from "../src/detect/index.js";
import type { Placeholders } from "../src/sigma/index.js";
import { loadRuleFiles } from "../src/sources/index.js";
import { RULE_DIRS } from "./support/regression.js";
import { HAS_SHARED, SHARED } from "./support/shared.js";

describe.skipIf(!HAS_SHARED)("the SigmaHQ rule set", () => {
  it("loads every rule file, or skips it with a precise reason", async () => {
    const loaded = await loadRuleFiles(RULE_DIRS);
    const engine = createEngine({ documents: loaded.documents });
    const skipped = [...loaded.skipped, ...engine.skipped];
    const reasons = new Map<string, number>();
    for (const s of skipped) reasons.set(s.code, (reasons.get(s.code) ?? 0) + 1);
    console.info(
      `SigmaHQ: ${loaded.files} files, ${engine.rules.length} rules compiled, skipped: ${JSON.stringify(Object.fromEntries(reasons))}`,
    );
    expect(loaded.files).toBeGreaterThan(3000);
    for (const s of skipped) {
      expect(s.file).toMatch(/\.yml$/);
      expect(s.line).toBeGreaterThan(0);
      expect(s.reason.length).toBeGreaterThan(20);
    }
    // The only rules the set cannot run as shipped are those that need placeholder values.
    expect([...reasons.keys()]).toEqual(["SIGMA_MISSING_PLACEHOLDER"]);
  });

  it("loads the placeholder rules once values are given", async () => {
    const anyName: Placeholders = new Proxy(
      {},
      { get: (_t, name) => (typeof name === "string" ? ["example-value"] : undefined) },
    );
    const loaded = await loadRuleFiles([join(SHARED, "sigma", "rules-placeholder")], { placeholders: anyName });
    const engine = createEngine({ documents: loaded.documents });
    expect(loaded.skipped).toEqual([]);
    expect(engine.skipped).toEqual([]);
    expect(loaded.documents.length).toBeGreaterThan(20);
  });
});
