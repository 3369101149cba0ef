import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { jsonDocument } from "../src/core/index.js";
import { type SigmaEngine, createEngine } from "../src/detect/index.js";
import { eventFromJson, jsonRecords } from "../src/formats/index.js";
import { loadRuleFiles, readEvtxFile } from "../src/sources/index.js";
import { METADATA_ERRATA, RULE_DIRS, type RegressionCase, regressionCases } from "./support/regression.js";
import { HAS_SHARED } from "./support/shared.js";

function eventsOf(file: string) {
  return [...jsonRecords(readFileSync(file, "utf8"), file)].map((r) => {
    if (!r.ok) throw new Error(r.issue.message);
    const event = eventFromJson(r.value);
    if (!event) throw new Error(`${file}: record ${r.record} is not a Windows event`);
    return event;
  });
}

describe.skipIf(!HAS_SHARED)("SigmaHQ regression cases, scanned from their JSON", () => {
  let engine: SigmaEngine;
  let naive: SigmaEngine;
  const cases = HAS_SHARED ? regressionCases() : [];

  beforeAll(async () => {
    const loaded = await loadRuleFiles(RULE_DIRS);
    engine = createEngine({ documents: loaded.documents });
    naive = createEngine({ documents: loaded.documents, index: false });
  });

  it("has cases to run", () => {
    expect(cases.length).toBeGreaterThan(100);
  });

  it.each(cases.map((c) => [c.title, c] as [string, RegressionCase]))("%s", (_title, c) => {
    const events = eventsOf(c.json);
    let count = 0;
    for (const event of events) for (const d of engine.match(event)) if (d.rule.id === c.ruleId) count++;
    const erratum = METADATA_ERRATA[c.ruleId];
    if (erratum) {
      console.warn(`${c.ruleId}: info.yml says match_count ${c.matchCount}, but ${erratum}`);
      expect(count).toBeGreaterThan(c.matchCount);
      expect(count).toBe(events.filter((e) => engine.match(e).some((d) => d.rule.id === c.ruleId)).length);
    } else {
      expect(count).toBe(c.matchCount);
    }
  });

  it("gives exactly the detections of the rule-by-rule baseline on every regression event", () => {
    let compared = 0;
    for (const c of cases) {
      for (const event of eventsOf(c.json)) {
        const fast = engine.match(event).map((d) => d.rule.id);
        const slow = naive.match(event).map((d) => d.rule.id);
        expect(fast, `${c.json}`).toEqual(slow);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(100);
  });

  it("gives the same detections as the baseline when event fields are swapped between events", () => {
    // Mixing field values from different attacks makes events the rules were not written for.
    const all = cases.flatMap((c) =>
      eventsOf(c.json).map((e) => e.raw as { Event: { EventData?: Record<string, unknown> } }),
    );
    const values = all.flatMap((r) => Object.entries(r.Event.EventData ?? {}));
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed;
    };
    for (let i = 0; i < 2000; i++) {
      const template = all[next() % all.length] as { Event: { EventData?: Record<string, unknown> } };
      const data = { ...(template.Event.EventData ?? {}) };
      for (let k = 0; k < 3; k++) {
        const [key, value] = values[next() % values.length] as [string, unknown];
        data[key] = value;
      }
      const raw = { Event: { ...template.Event, EventData: data } };
      const event = eventFromJson(raw);
      if (!event) continue;
      expect(engine.match(event).map((d) => d.rule.id)).toEqual(naive.match(event).map((d) => d.rule.id));
    }
  });

  it("reads no rule of another log source: a Linux event meets no Windows rule", () => {
    const linux = {
      logsource: { product: "linux", categories: ["process_creation"] },
      doc: jsonDocument({ Image: "C:\\Windows\\System32\\cmd.exe" }),
      raw: {},
    };
    expect(engine.match(linux).every((d) => d.rule.kind !== "rule" || d.rule.logsource.product !== "windows")).toBe(
      true,
    );
  });
});

describe.skipIf(!HAS_SHARED)("SigmaHQ regression cases, scanned from their EVTX", () => {
  let engine: SigmaEngine;
  const cases = HAS_SHARED ? regressionCases() : [];

  beforeAll(async () => {
    engine = createEngine({ documents: (await loadRuleFiles(RULE_DIRS)).documents });
  });

  it.each(cases.map((c) => [c.title, c] as [string, RegressionCase]))("%s", async (_title, c) => {
    let count = 0;
    let records = 0;
    const matching: number[] = [];
    for await (const r of readEvtxFile(c.evtx)) {
      if (!r.ok) {
        expect(r.issue.severity, r.issue.message).toBe("warning");
        continue;
      }
      records++;
      const event = eventFromJson(r.record.event);
      if (!event) throw new Error(`${c.evtx}: record ${r.record.recordId} is not a Windows event`);
      const hits = engine.match(event).filter((d) => d.rule.id === c.ruleId).length;
      count += hits;
      if (hits > 0) matching.push(r.record.recordId);
    }
    expect(records).toBeGreaterThan(0);
    if (METADATA_ERRATA[c.ruleId]) {
      expect(count).toBeGreaterThan(c.matchCount);
      expect(count).toBe(matching.length);
    } else {
      expect(count).toBe(c.matchCount);
    }
  });
});
