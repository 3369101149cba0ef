import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RULE_DIRS, regressionCases } from "../support/regression.js";
import { type TestServer, startTestServer } from "../support/server.js";
import { HAS_SHARED, SHARED } from "../support/shared.js";

if (!HAS_SHARED) console.warn(`[tocsin tests] ${SHARED} is absent: the serve regression test is skipped`);

describe.skipIf(!HAS_SHARED)(
  "tocsin serve with the SigmaHQ rules: every regression case alerts through the API",
  () => {
    let server: TestServer;
    const cases = HAS_SHARED ? regressionCases() : [];

    beforeAll(async () => {
      server = await startTestServer({ rules: RULE_DIRS });
    });
    afterAll(async () => {
      await server?.close();
    });

    it("loads the SigmaHQ rule set", async () => {
      const rules = (await (await server.api("/api/v1/rules?limit=1")).json()) as { total: number };
      expect(rules.total).toBeGreaterThan(3000);
    });

    it("ingests every regression case's events and lists an alert of each case's rule", async () => {
      expect(cases.length).toBeGreaterThan(100);
      for (const c of cases) {
        const res = await server.ingest(readFileSync(c.json, "utf8"), "", "application/json");
        expect(res.status, `${c.json}: ${await res.clone().text()}`).toBe(200);
        const body = (await res.json()) as { deadLettered: number };
        expect(body.deadLettered, c.json).toBe(0);
      }
      const missing: string[] = [];
      for (const c of cases) {
        const page = (await (await server.api(`/api/v1/alerts?rule_id=${c.ruleId}&limit=1`)).json()) as {
          items: { rule: { id: string }; eventIds: string[] }[];
        };
        if (page.items[0]?.rule.id !== c.ruleId) missing.push(`${c.ruleId} ${c.title}`);
        else expect(page.items[0].eventIds.length).toBeGreaterThan(0);
      }
      expect(missing).toEqual([]);
    });
  },
);
