import { describe, expect, it } from "vitest";
import { loadSigmaText } from "../sigma/index.js";
import { MemoryStore } from "../store/index.js";
import { IngestPipeline, RuleSet, createIds } from "./index.js";

const RULE = `
title: Whoami
id: 11111111-1111-4111-8111-111111111111
status: test
level: medium
tags: [attack.discovery, attack.t1033]
logsource: { product: windows, category: process_creation }
detection:
  selection: { Image|endswith: '\\whoami.exe' }
  condition: selection
`;

function sysmon1(image: string, record: number) {
  return {
    Event: {
      System: {
        Provider: { "#attributes": { Name: "Microsoft-Windows-Sysmon" } },
        EventID: 1,
        EventRecordID: record,
        Channel: "Microsoft-Windows-Sysmon/Operational",
        Computer: "WS-1",
        TimeCreated: { "#attributes": { SystemTime: "2026-11-21T09:15:02.123456Z" } },
      },
      EventData: { Image: image, CommandLine: image, User: "CORP\\alice" },
    },
  };
}

function setup() {
  const store = new MemoryStore();
  const rules = new RuleSet({ documents: loadSigmaText(RULE, "whoami.yml").documents });
  const now = () => Date.parse("2026-11-21T10:00:00Z");
  const pipeline = new IngestPipeline({ rules, writer: store, ids: createIds(now, "t"), now });
  return { store, rules, pipeline };
}

describe("the ingest pipeline", () => {
  it("normalises, detects, and commits events with their alerts", async () => {
    const { store, pipeline } = setup();
    const body = [sysmon1("C:\\Windows\\System32\\whoami.exe", 1), sysmon1("C:\\Windows\\notepad.exe", 2)]
      .map((r) => JSON.stringify(r))
      .join("\n");
    const result = await pipeline.ingest(body, { returnIds: true });
    expect(result).toMatchObject({ received: 2, accepted: 2, deadLettered: 0, alerts: 1 });
    expect(result.ids).toHaveLength(2);
    const alerts = (await store.queryAlerts({ limit: 10 })).items;
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.rule.id).toBe("11111111-1111-4111-8111-111111111111");
    expect(alerts[0]?.techniques).toEqual(["T1033"]);
    expect(alerts[0]?.eventIds).toEqual([result.ids?.[0]]);
    const event = await store.getEvent(result.ids?.[0] as string);
    expect(event?.ecs["host.name"]).toBe("WS-1");
    expect(event?.timestamp).toBe("2026-11-21T09:15:02.123Z");
    expect(event?.receivedAt).toBe("2026-11-21T10:00:00.000Z");
    expect(pipeline.stats).toMatchObject({ received: 2, parsed: 2, deadLettered: 0, detections: 1, alerts: 1 });
  });

  it("dead-letters records that do not parse or normalise, with index and reason, and keeps the rest", async () => {
    const { store, pipeline } = setup();
    const body = [JSON.stringify(sysmon1("C:\\x.exe", 1)), "{oops", "42", JSON.stringify(sysmon1("C:\\y.exe", 2))].join(
      "\n",
    );
    const result = await pipeline.ingest(body, { format: "evtx-json" });
    expect(result).toMatchObject({ received: 4, accepted: 2, deadLettered: 2 });
    expect(result.deadLetters.map((d) => [d.index, d.line, d.code])).toEqual([
      [1, 2, "INGEST_BAD_JSON"],
      [2, 3, "FORMAT_NOT_AN_OBJECT"],
    ]);
    const letters = (await store.queryDeadLetters({ limit: 10 })).items;
    expect(letters.map((l) => l.record).sort()).toEqual(["42", "{oops"]);
    expect(letters.every((l) => l.reason.length > 0 && l.format === "evtx-json")).toBe(true);
    expect(await store.countEvents()).toBe(2);
  });

  it("makes no alert for a disabled rule, and tests a rule against samples apart from the stream", async () => {
    const { store, rules, pipeline } = setup();
    const id = "11111111-1111-4111-8111-111111111111";
    expect(rules.setEnabled(id, false)).toBe(true);
    await pipeline.ingest(JSON.stringify(sysmon1("C:\\Windows\\System32\\whoami.exe", 1)));
    expect(await store.countAlerts()).toBe(0);
    expect(rules.get(id)?.enabled).toBe(false);
    const test = rules.test(id, [sysmon1("C:\\whoami.exe", 1), sysmon1("C:\\calc.exe", 2), "not an event"]);
    expect(test?.matches).toBe(1);
    expect(test?.records.map((r) => r.matched)).toEqual([true, false, false]);
    expect(test?.records[2]?.error).toBeDefined();
    expect(rules.setEnabled("no-such-rule", true)).toBe(false);
  });

  it("does not acknowledge a batch whose commit fails", async () => {
    const rules = new RuleSet({ documents: [] });
    const pipeline = new IngestPipeline({
      rules,
      writer: { commitBatch: async () => Promise.reject(new Error("disk full")) },
      ids: createIds(Date.now, "t"),
    });
    await expect(pipeline.ingest(JSON.stringify(sysmon1("C:\\x.exe", 1)))).rejects.toThrow("disk full");
  });

  it("links a correlation's alert to the events it counted, as they were stored, across batches", async () => {
    const correlated = `
title: Whoami base
id: 33333333-3333-4333-8333-333333333333
name: whoami_base
status: test
level: low
logsource: { product: windows, category: process_creation }
detection:
  selection: { Image|endswith: '\\whoami.exe' }
  condition: selection
---
title: Three whoami on one host
id: 44444444-4444-4444-8444-444444444444
status: test
level: high
correlation:
  type: event_count
  rules: [whoami_base]
  group-by: [Computer]
  timespan: 5m
  condition: { gte: 3 }
`;
    const store = new MemoryStore();
    const rules = new RuleSet({ documents: loadSigmaText(correlated, "c.yml").documents });
    const now = () => Date.parse("2026-11-21T10:00:00Z");
    const pipeline = new IngestPipeline({ rules, writer: store, ids: createIds(now, "t"), now });
    const first = await pipeline.ingest(JSON.stringify(sysmon1("C:\\whoami.exe", 1)), { returnIds: true });
    const rest = await pipeline.ingest([2, 3].map((n) => JSON.stringify(sysmon1("C:\\whoami.exe", n))).join("\n"), {
      returnIds: true,
    });
    const alert = (await store.queryAlerts({ limit: 10, ruleId: "44444444-4444-4444-8444-444444444444" })).items[0];
    expect(alert?.eventIds).toEqual([...(first.ids ?? []), ...(rest.ids ?? [])]);
    expect(alert?.firstSeen).toBe("2026-11-21T09:15:02.123Z");
    expect(alert?.entities).toContainEqual(expect.objectContaining({ type: "host", value: "WS-1" }));
  });
});
