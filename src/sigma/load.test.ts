import { describe, expect, it } from "vitest";
import { loadSigmaText } from "./load.js";

describe("loading Sigma YAML", () => {
  it("loads every document of a multi-document file", () => {
    const text = `title: a\nlogsource: {product: windows}\ndetection: {s: {x: 1}, condition: s}\n---\ntitle: b\nlogsource: {product: linux}\ndetection: {s: {y: 2}, condition: s}\n`;
    const loaded = loadSigmaText(text, "two.yml");
    expect(loaded.documents.map((d) => d.title)).toEqual(["a", "b"]);
  });

  it("merges action: global into each following rule, and reset stops it", () => {
    const text = `action: global
title: shared title
logsource: {product: windows}
detection:
  filter: {User: system}
  condition: sel and not filter
---
logsource: {category: process_creation}
detection:
  sel: {Image: a.exe}
---
action: reset
---
title: alone
logsource: {product: linux}
detection: {sel: {x: 1}, condition: sel}
`;
    const loaded = loadSigmaText(text, "collection.yml");
    expect(loaded.skipped).toEqual([]);
    const [first, second] = loaded.documents;
    expect(first).toMatchObject({
      title: "shared title",
      logsource: { product: "windows", category: "process_creation" },
    });
    expect(first?.kind === "rule" && Object.keys(first.detection.searches).sort()).toEqual(["filter", "sel"]);
    expect(second).toMatchObject({ title: "alone", logsource: { product: "linux" } });
  });

  it("repeats the previous document with changes under action: repeat", () => {
    const text = `title: one\nlogsource: {product: windows}\ndetection: {s: {x: 1}, condition: s}\n---\naction: repeat\ntitle: two\n`;
    expect(loadSigmaText(text, "r.yml").documents.map((d) => d.title)).toEqual(["one", "two"]);
  });

  it("skips a rule with a broken condition, naming file and line, and loads the others", () => {
    const text = `title: good\nlogsource: {product: windows}\ndetection: {s: {x: 1}, condition: s}\n---\ntitle: bad\nlogsource: {product: windows}\ndetection:\n  s:\n    x: 1\n  condition: s and (\n`;
    const loaded = loadSigmaText(text, "mixed.yml");
    expect(loaded.documents.map((d) => d.title)).toEqual(["good"]);
    expect(loaded.skipped).toHaveLength(1);
    expect(loaded.skipped[0]).toMatchObject({ file: "mixed.yml", line: 10, code: "SIGMA_BAD_CONDITION" });
  });

  it("names the line of an unknown modifier", () => {
    const text = `title: t\nlogsource: {product: windows}\ndetection:\n  sel:\n    Image|endswidth: x\n  condition: sel\n`;
    const [skip] = loadSigmaText(text, "m.yml").skipped;
    expect(skip).toMatchObject({ line: 5, code: "SIGMA_UNKNOWN_MODIFIER" });
    expect(skip?.reason).toMatch(/endswidth/);
  });

  it("reports a condition naming an undefined search", () => {
    const text = `title: t\nlogsource: {product: windows}\ndetection: {sel: {x: 1}, condition: sel and other}\n`;
    expect(loadSigmaText(text, "u.yml").skipped[0]?.reason).toMatch(/'other', which is not defined/);
  });

  it("reports invalid YAML with its line, and goes on with the next document", () => {
    const text = `title: t\nlogsource: [unclosed\n---\ntitle: fine\nlogsource: {product: x}\ndetection: {s: {a: 1}, condition: s}\n`;
    const loaded = loadSigmaText(text, "y.yml");
    expect(loaded.skipped[0]).toMatchObject({ code: "SIGMA_BAD_YAML" });
    expect(loaded.documents.map((d) => d.title)).toEqual(["fine"]);
  });

  it("loads filters and correlation rules", () => {
    const text = `title: filter admins
logsource: {product: windows, category: process_creation}
filter:
  rules: [rule-1]
  selection: {User|startswith: adm_}
  condition: selection
---
title: brute force
correlation:
  type: event_count
  rules: [rule-1]
  group-by: [User]
  timespan: 10m
  condition: {gte: 10}
`;
    const [filter, correlation] = loadSigmaText(text, "f.yml").documents;
    expect(filter).toMatchObject({ kind: "filter", rules: ["rule-1"] });
    expect(correlation).toMatchObject({
      kind: "correlation",
      type: "event_count",
      timespanMs: 600_000,
      condition: { gte: 10 },
    });
  });

  it("refuses a correlation without a usable timespan or condition", () => {
    const text = `title: c\ncorrelation: {type: event_count, rules: [a], group-by: [u], timespan: soon, condition: {gte: 1}}\n---\ntitle: d\ncorrelation: {type: value_count, rules: [a], group-by: [u], timespan: 1h, condition: {gte: 1}}\n`;
    const reasons = loadSigmaText(text, "c.yml").skipped.map((s) => s.reason);
    expect(reasons[0]).toMatch(/timespan/);
    expect(reasons[1]).toMatch(/needs 'field'/);
  });
});
