import { describe, expect, it } from "vitest";
import { textBatches } from "./batches.js";

describe("cutting files into ingest batches", () => {
  it("sends a small text whole", () => {
    expect([...textBatches("a\nb\n", { maxBytes: 100 })]).toEqual(["a\nb\n"]);
    expect([...textBatches("  \n", { maxBytes: 100 })]).toEqual([]);
  });

  it("cuts at line boundaries under the byte limit", () => {
    const text = ["aaaa", "bbbb", "cccc", "dddd"].join("\n");
    const batches = [...textBatches(text, { maxBytes: 10 })];
    expect(batches).toEqual(["aaaa\nbbbb", "cccc\ndddd"]);
    expect(batches.join("\n")).toBe(text);
  });

  it("starts every Zeek batch with the current header block", () => {
    const header = ["#separator \\x09", "#path\tdns", "#fields\tts\tquery", "#types\ttime\tstring"];
    const text = [...header, "1\ta.example", "2\tb.example", "3\tc.example"].join("\n");
    const batches = [...textBatches(text, { maxBytes: 80, format: "zeek" })];
    expect(batches.length).toBeGreaterThan(1);
    for (const b of batches) expect(b.startsWith(header.join("\n"))).toBe(true);
    const data = batches.flatMap((b) => b.split("\n").filter((l) => !l.startsWith("#")));
    expect(data).toEqual(["1\ta.example", "2\tb.example", "3\tc.example"]);
  });

  it("keeps the records of one auditd event in one batch", () => {
    const event = (n: number) => [
      `type=SYSCALL msg=audit(1700000000.000:${n}): arch=c000003e syscall=59 success=yes`,
      `type=EXECVE msg=audit(1700000000.000:${n}): argc=1 a0="id"`,
      `type=PROCTITLE msg=audit(1700000000.000:${n}): proctitle=6964`,
    ];
    const text = [...event(1), ...event(2)].join("\n");
    const batches = [...textBatches(text, { maxBytes: 120 })];
    for (const b of batches) {
      const ids = new Set(b.split("\n").map((l) => /audit\(([^)]+)\)/.exec(l)?.[1]));
      expect(ids.size).toBe(1);
    }
    expect(batches).toHaveLength(2);
  });

  it("never cuts a JSON array or a pretty-printed object", () => {
    const array = `[${Array.from({ length: 50 }, (_, i) => `{"i":${i}}`).join(",\n")}]`;
    expect([...textBatches(array, { maxBytes: 20 })]).toEqual([array]);
    const pretty = '{\n  "Records": [\n    {"eventName": "x"}\n  ]\n}\n';
    expect([...textBatches(pretty, { maxBytes: 10 })]).toEqual([pretty]);
  });

  it("gives a line longer than the limit a batch of its own", () => {
    const batches = [...textBatches(`a\n${"x".repeat(50)}\nb`, { maxBytes: 10 })];
    expect(batches).toEqual(["a", "x".repeat(50), "b"]);
  });
});
