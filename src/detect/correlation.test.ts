import { describe, expect, it } from "vitest";
import { jsonDocument } from "../core/index.js";
import { PROCESS_CREATION, rulesOf, runAll } from "../../test/support/sigma.js";
import type { SigmaCorrelation } from "../sigma/index.js";
import { type CorrelationState, CorrelationWindow, MAX_KEPT_EVENTS, type SavedEvent } from "./correlation.js";
import { type Detection, type EngineState, createEngine } from "./engine.js";
import { evidenceBudget } from "./window-entries.js";

const base = `title: failed logon
id: failed
name: failed_logon
logsource: {product: windows, category: process_creation}
detection:
  sel: {Outcome: failure}
  condition: sel
---
title: success logon
id: success
name: successful_logon
logsource: {product: windows, category: process_creation}
detection:
  sel: {Outcome: success}
  condition: sel
---
title: recon
id: recon
name: recon
logsource: {product: windows, category: process_creation}
detection:
  sel: {Image|endswith: '\\whoami.exe'}
  condition: sel
`;

const at = (seconds: number) => new Date(Date.UTC(2024, 0, 1, 0, 0, seconds)).toISOString();

function correlation(body: string): string {
  return `${base}---\ntitle: the correlation\nid: corr\nlevel: high\ncorrelation:\n${body
    .split("\n")
    .map((l) => `  ${l}`)
    .join("\n")}\n`;
}

const hits = (yaml: string, events: { time: string; fields: Record<string, unknown> }[]) =>
  runAll(rulesOf(yaml), events).filter((d) => d.kind === "correlation");

describe("correlation rules", () => {
  it("event_count fires per group once the count is reached within the timespan", () => {
    const yaml = correlation(
      "type: event_count\nrules: [failed_logon]\ngroup-by: [User]\ntimespan: 1m\ncondition: {gte: 3}",
    );
    const events = [0, 10, 20, 30].map((s) => ({ time: at(s), fields: { Outcome: "failure", User: "bob" } }));
    events.push({ time: at(31), fields: { Outcome: "failure", User: "eve" } });
    const found = hits(yaml, events);
    expect(found).toHaveLength(1);
    expect(found[0]?.kind === "correlation" && found[0].hit.group).toEqual({ User: "bob" });
    expect(found[0]?.kind === "correlation" && found[0].hit.value).toBe(3);
  });

  it("event_count does not fire when the events are spread wider than the timespan", () => {
    const yaml = correlation(
      "type: event_count\nrules: [failed_logon]\ngroup-by: [User]\ntimespan: 1m\ncondition: {gte: 3}",
    );
    const events = [0, 50, 100, 150].map((s) => ({ time: at(s), fields: { Outcome: "failure", User: "bob" } }));
    expect(hits(yaml, events)).toHaveLength(0);
  });

  it("an upper bound is judged when the window closes", () => {
    const yaml = correlation(
      "type: event_count\nrules: [failed_logon]\ngroup-by: [User]\ntimespan: 1m\ncondition: {lt: 2}",
    );
    const events = [
      { time: at(0), fields: { Outcome: "failure", User: "bob" } },
      { time: at(0), fields: { Outcome: "failure", User: "eve" } },
      { time: at(5), fields: { Outcome: "failure", User: "eve" } },
    ];
    const found = hits(yaml, events);
    expect(found.map((d) => d.kind === "correlation" && d.hit.group.User)).toEqual(["bob"]);
  });

  it("value_count counts distinct values of the field per group", () => {
    const yaml = correlation(
      "type: value_count\nrules: [failed_logon]\ngroup-by: [Source]\ntimespan: 5m\ncondition: {field: User, gte: 3}",
    );
    const users = ["a", "b", "a", "c"];
    const events = users.map((u, i) => ({ time: at(i), fields: { Outcome: "failure", User: u, Source: "10.0.0.9" } }));
    const found = hits(yaml, events);
    expect(found).toHaveLength(1);
    expect(found[0]?.kind === "correlation" && found[0].hit.value).toBe(3);
  });

  it("temporal needs every rule in the timespan, in any order", () => {
    const yaml = correlation("type: temporal\nrules: [recon, failed_logon]\ngroup-by: [User]\ntimespan: 30s");
    expect(
      hits(yaml, [
        { time: at(0), fields: { Outcome: "failure", User: "bob" } },
        { time: at(10), fields: { Image: "c:\\whoami.exe", User: "bob" } },
      ]),
    ).toHaveLength(1);
    expect(
      hits(yaml, [
        { time: at(0), fields: { Outcome: "failure", User: "bob" } },
        { time: at(40), fields: { Image: "c:\\whoami.exe", User: "bob" } },
      ]),
    ).toHaveLength(0);
  });

  it("temporal_ordered needs the rules in the order given", () => {
    const yaml = correlation(
      "type: temporal_ordered\nrules: [failed_logon, successful_logon]\ngroup-by: [User]\ntimespan: 1m",
    );
    const inOrder = [
      { time: at(0), fields: { Outcome: "failure", User: "bob" } },
      { time: at(5), fields: { Outcome: "success", User: "bob" } },
    ];
    const reversed = [
      { time: at(0), fields: { Outcome: "success", User: "bob" } },
      { time: at(5), fields: { Outcome: "failure", User: "bob" } },
    ];
    expect(hits(yaml, inOrder)).toHaveLength(1);
    expect(hits(yaml, reversed)).toHaveLength(0);
  });

  it("value_sum and value_avg aggregate a numeric field", () => {
    const sum = correlation(
      "type: value_sum\nrules: [success]\ngroup-by: [User]\ntimespan: 1h\ncondition: {field: Bytes, gt: 1000}",
    );
    const avg = correlation(
      "type: value_avg\nrules: [success]\ngroup-by: [User]\ntimespan: 1h\ncondition: {field: Bytes, gt: 400}",
    );
    const events = [300, 400, 500].map((b, i) => ({
      time: at(i),
      fields: { Outcome: "success", User: "bob", Bytes: b },
    }));
    expect(hits(sum, events)).toHaveLength(1);
    expect(hits(avg, events)).toHaveLength(0);
    events.push({ time: at(9), fields: { Outcome: "success", User: "bob", Bytes: 2000 } });
    expect(hits(avg, events)).toHaveLength(1);
  });

  it("value_percentile fires on a value rare within its group", () => {
    const yaml = correlation(
      "type: value_percentile\nrules: [success]\ngroup-by: [Host]\ntimespan: 1d\ncondition: {field: Image, lte: 10}",
    );
    const events = Array.from({ length: 20 }, (_, i) => ({
      time: at(i),
      fields: { Outcome: "success", Host: "h", Image: i === 19 ? "rare.exe" : "common.exe" },
    }));
    const found = hits(yaml, events);
    expect(found).toHaveLength(1);
    expect(found[0]?.kind === "correlation" && found[0].hit.events.at(-1)?.raw).toMatchObject({ Image: "rare.exe" });
  });

  it("groups through aliases when rules name the shared value differently", () => {
    const yaml = correlation(
      "type: temporal\nrules: [recon, failed_logon]\ngroup-by: [who]\ntimespan: 1m\naliases:\n  who:\n    recon: Actor\n    failed_logon: TargetUser",
    );
    const found = hits(yaml, [
      { time: at(0), fields: { Outcome: "failure", TargetUser: "bob" } },
      { time: at(1), fields: { Image: "x\\whoami.exe", Actor: "bob" } },
    ]);
    expect(found).toHaveLength(1);
  });

  it("keeps referenced rules quiet unless generate is set", () => {
    const quiet = correlation(
      "type: event_count\nrules: [failed_logon]\ngroup-by: [User]\ntimespan: 1m\ncondition: {gte: 5}",
    );
    const loud = `${quiet}  generate: true\n`;
    const events = [{ time: at(0), fields: { Outcome: "failure", User: "bob" } }];
    expect(runAll(rulesOf(quiet), events)).toHaveLength(0);
    expect(runAll(rulesOf(loud), events)).toHaveLength(1);
  });

  it("chains a correlation onto another", () => {
    const yaml = `${correlation("type: event_count\nrules: [failed_logon]\ngroup-by: [User]\ntimespan: 1m\ncondition: {gte: 2}")}name: burst
---
title: burst then success
id: chain
correlation:
  type: temporal_ordered
  rules: [burst, successful_logon]
  group-by: [User]
  timespan: 5m
`;
    const events = [
      { time: at(0), fields: { Outcome: "failure", User: "bob" } },
      { time: at(1), fields: { Outcome: "failure", User: "bob" } },
      { time: at(30), fields: { Outcome: "success", User: "bob" } },
    ];
    const ids = hits(yaml, events).map((d) => d.rule.id);
    expect(ids).toEqual(["chain"]);
  });
});

describe("correlation state", () => {
  it("survives a restart: windows exported mid-stream and imported into a new engine still fire", async () => {
    const { createEngine } = await import("./engine.js");
    const { jsonDocument } = await import("../core/index.js");
    const { PROCESS_CREATION } = await import("../../test/support/sigma.js");
    const yaml = correlation(
      "type: event_count\nrules: [failed_logon]\ngroup-by: [User]\ntimespan: 1m\ncondition: {gte: 3}",
    );
    const event = (s: number) => {
      const fields = { Outcome: "failure", User: "bob" };
      return { logsource: PROCESS_CREATION, timestamp: at(s), doc: jsonDocument(fields), raw: fields };
    };
    const first = createEngine({ documents: rulesOf(yaml) });
    first.match(event(0));
    first.match(event(10));
    const saved = JSON.parse(JSON.stringify(first.exportState()));
    const second = createEngine({ documents: rulesOf(yaml) });
    second.importState(saved, (s) => ({
      logsource: s.logsource,
      doc: jsonDocument(s.raw as Record<string, unknown>),
      raw: s.raw,
      ...(s.timestamp ? { timestamp: s.timestamp } : {}),
    }));
    const hits = second.match(event(20)).filter((d) => d.kind === "correlation");
    expect(hits).toHaveLength(1);
    expect(hits[0]?.kind === "correlation" && hits[0].hit.value).toBe(3);
  });
});

describe("correlation state as JSON text made in slices", () => {
  it("is the same state exportState gives, pausing between groups", async () => {
    const yaml = correlation(
      "type: value_count\nrules: [failed_logon]\ngroup-by: [IpAddress]\ntimespan: 1h\ncondition: {gte: 100, field: User}",
    );
    const engine = createEngine({ documents: rulesOf(yaml) });
    for (let i = 0; i < 40; i++) {
      const fields = { Outcome: "failure", IpAddress: `10.0.0.${i % 7}`, User: `u${i}` };
      engine.match({ logsource: PROCESS_CREATION, timestamp: at(i), doc: jsonDocument(fields), raw: fields });
    }
    let pauses = 0;
    const text = await engine.exportStateText(async () => {
      pauses++;
    }, 2);
    expect(pauses).toBe(3);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(engine.exportState())));
  });
});

describe("correlation windows over a long stream", () => {
  const engineFor = (body: string) => createEngine({ documents: rulesOf(correlation(body)) });
  const feed = (engine: ReturnType<typeof createEngine>, seconds: number, fields: Record<string, unknown>) =>
    engine
      .match({ logsource: PROCESS_CREATION, timestamp: at(seconds), doc: jsonDocument(fields), raw: fields })
      .filter((d) => d.kind === "correlation");
  const openGroups = (engine: ReturnType<typeof createEngine>) =>
    (engine.exportState().windows.corr as CorrelationState).groups.length;

  it("closes groups whose window has passed, so values seen once do not pile up in memory and state", () => {
    const engine = engineFor(
      "type: event_count\nrules: [failed_logon]\ngroup-by: [User]\ntimespan: 1m\ncondition: {gte: 3}",
    );
    let largest = 0;
    for (let s = 0; s < 5_000; s++) {
      feed(engine, s, { Outcome: "failure", User: `user${s}` });
      largest = Math.max(largest, openGroups(engine));
    }
    // One group a second, each kept at most two timespans (a sweep runs once a timespan).
    expect(largest).toBeLessThanOrEqual(121);
    // A user failing three times within the minute still fires.
    expect(feed(engine, 5_000, { Outcome: "failure", User: "bob" })).toHaveLength(0);
    expect(feed(engine, 5_010, { Outcome: "failure", User: "bob" })).toHaveLength(0);
    expect(feed(engine, 5_020, { Outcome: "failure", User: "bob" })).toHaveLength(1);
  });

  const revive = (saved: SavedEvent) => ({
    logsource: saved.logsource,
    doc: jsonDocument(saved.raw as Record<string, unknown>),
    raw: saved.raw,
    ...(saved.timestamp ? { timestamp: saved.timestamp } : {}),
  });

  it("saves a large window with its newest events only, and counts on from it after a restart", () => {
    const body = "type: event_count\nrules: [failed_logon]\ngroup-by: [User]\ntimespan: 1h\ncondition: {gte: 1000}";
    const first = engineFor(body);
    for (let i = 0; i < 600; i++) feed(first, i, { Outcome: "failure", User: "bob", Try: i });
    const saved = JSON.parse(JSON.stringify(first.exportState())) as EngineState;
    const group = (saved.windows.corr as CorrelationState).groups[0];
    expect(group?.entries).toHaveLength(600);
    expect(group?.events).toHaveLength(MAX_KEPT_EVENTS);
    const second = engineFor(body);
    second.importState(saved, revive);
    const found: Detection[] = [];
    for (let i = 600; i < 1000; i++) found.push(...feed(second, i, { Outcome: "failure", User: "bob", Try: i }));
    expect(found).toHaveLength(1);
    const hit = found[0]?.kind === "correlation" ? found[0].hit : undefined;
    expect(hit?.value).toBe(1000);
    expect(hit?.events.map((e) => (e.raw as { Try: number }).Try)).toEqual(
      Array.from({ length: MAX_KEPT_EVENTS }, (_, i) => 1000 - MAX_KEPT_EVENTS + i),
    );
  });

  it("restores a state saved before windows numbered their events (every event saved)", () => {
    const body = "type: event_count\nrules: [failed_logon]\ngroup-by: [User]\ntimespan: 1h\ncondition: {gte: 50}";
    const fields = (i: number) => ({ Outcome: "failure", User: "bob", Try: i });
    const old: CorrelationState = {
      groups: [
        {
          id: JSON.stringify(["bob"]),
          key: { User: "bob" },
          windowStart: Date.parse(at(0)),
          reached: [],
          entries: Array.from({ length: 40 }, (_, i) => ({ time: Date.parse(at(i)), step: 0, value: null, event: i })),
          events: Array.from({ length: 40 }, (_, i) => ({
            raw: fields(i),
            logsource: PROCESS_CREATION,
            timestamp: at(i),
          })),
        },
      ],
    };
    const engine = engineFor(body);
    engine.importState({ version: 1, lastTime: Date.parse(at(39)), windows: { corr: old } }, revive);
    const found: Detection[] = [];
    for (let i = 40; i < 50; i++) found.push(...feed(engine, i, fields(i)));
    expect(found).toHaveLength(1);
    expect(found[0]?.kind === "correlation" && found[0].hit.value).toBe(50);
  });

  it("judges a 'fewer than' group once its window has passed, without waiting for its next event", () => {
    const engine = engineFor(
      "type: event_count\nrules: [failed_logon]\ngroup-by: [User]\ntimespan: 1m\ncondition: {lt: 3}",
    );
    expect(feed(engine, 0, { Outcome: "failure", User: "bob" })).toHaveLength(0);
    const later: Detection[] = [];
    for (let s = 10; s <= 200; s += 10) later.push(...feed(engine, s, { Outcome: "failure", User: "alice" }));
    const bob = later.filter((d) => d.kind === "correlation" && d.hit.group.User === "bob");
    expect(bob).toHaveLength(1);
    expect(bob[0]?.kind === "correlation" && bob[0].hit.value).toBe(1);
  });

  it("counts a flood in one group exactly, entry by entry", () => {
    const engine = engineFor(
      "type: value_count\nrules: [failed_logon]\ngroup-by: [IpAddress]\ntimespan: 1h\ncondition: {gte: 10, field: User}",
    );
    // 30,000 attempts on one account from one address: one value, far below the threshold.
    for (let i = 0; i < 30_000; i++) {
      expect(feed(engine, i / 10, { Outcome: "failure", IpAddress: "203.0.113.9", User: "admin" })).toHaveLength(0);
    }
    const found: Detection[] = [];
    for (let u = 1; u <= 9; u++)
      found.push(...feed(engine, 3_000, { Outcome: "failure", IpAddress: "203.0.113.9", User: `u${u}` }));
    expect(found).toHaveLength(1);
    expect(found[0]?.kind === "correlation" && found[0].hit.value).toBe(10);
  });
});

describe("correlation windows under a flood of groups", () => {
  it("bound the entries all groups hold together, closing the oldest groups", () => {
    const doc = rulesOf(
      correlation(
        "type: event_count\nrules: [failed_logon]\ngroup-by: [User]\ntimespan: 1h\ncondition: {gte: 1000000}",
      ),
    ).find((d) => d.kind === "correlation");
    const window = new CorrelationWindow(doc as SigmaCorrelation, new Map([["failed_logon", [0]]]), {
      maxHeld: 5_000,
    });
    for (let i = 0; i < 20_000; i++) {
      const fields = { User: `user${i % 30}` };
      window.feed(["failed_logon"], { logsource: PROCESS_CREATION, doc: jsonDocument(fields), raw: fields }, i);
    }
    const groups = window.exportState().groups;
    const held = groups.reduce((n, g) => n + g.entries.length, 0);
    expect(held).toBeLessThanOrEqual(5_000);
    // Whole groups are closed, the oldest first, and open again with their next entry: the
    // groups together stay just under the bound.
    expect(held).toBeGreaterThan(5_000 - 20_000 / 30);
  });

  it("keep no more events as evidence than their shared budget, give them back as groups close, and still show the completing event", () => {
    const docs = rulesOf(
      correlation("type: event_count\nrules: [failed_logon]\ngroup-by: [User]\ntimespan: 1m\ncondition: {gte: 3}"),
    );
    const doc = docs.find((d) => d.kind === "correlation") as SigmaCorrelation;
    const budget = evidenceBudget(10);
    const window = new CorrelationWindow(doc, new Map([["failed_logon", [0]]]), { evidence: budget });
    const feed = (user: string, ms: number) => {
      const fields = { User: user };
      return window.feed(["failed_logon"], { logsource: PROCESS_CREATION, doc: jsonDocument(fields), raw: fields }, ms);
    };
    const keptNow = () => window.exportState().groups.reduce((n, g) => n + g.events.length, 0);
    // 50 groups of two events each: 100 events wanted, 10 kept.
    for (let g = 0; g < 50; g++) for (const ms of [0, 1]) feed(`u${g}`, g * 2 + ms);
    expect(budget.held).toBe(10);
    expect(keptNow()).toBe(10);
    expect(budget.dropped).toBe(90);
    // A group keeping nothing still fires, with the event that completed it as its evidence.
    const late = feed("u40", 200);
    expect(late).toHaveLength(1);
    expect(late[0]?.events).toHaveLength(1);
    // A group that fires is closed and gives its share back: a new group may keep events again.
    const early = feed("u0", 201);
    expect(early).toHaveLength(1);
    expect(early[0]?.events.length).toBeGreaterThanOrEqual(2);
    expect(budget.held).toBe(keptNow());
    expect(budget.held).toBeLessThan(10);
    feed("fresh", 202);
    expect(budget.held).toBe(keptNow());
    // Closing every window at the end of the stream gives everything back.
    window.flush();
    expect(budget.held).toBe(0);
  });
});
