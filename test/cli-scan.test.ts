import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempFiles, tocsin } from "./support/cli.js";
import { HAS_SHARED, SHARED } from "./support/shared.js";

const RULE = `title: Whoami run
id: 11111111-1111-4111-8111-111111111111
level: high
tags: [attack.discovery, attack.t1033]
logsource: {product: windows, category: process_creation}
detection:
  sel: {Image|endswith: '\\whoami.exe'}
  condition: sel
`;

function sysmon1(recordId: number, image: string, time: string) {
  return {
    Event: {
      System: {
        Provider: { "#attributes": { Name: "Microsoft-Windows-Sysmon" } },
        EventID: 1,
        EventRecordID: recordId,
        Channel: "Microsoft-Windows-Sysmon/Operational",
        Computer: "ws01.corp.local",
        TimeCreated: { "#attributes": { SystemTime: time } },
      },
      EventData: { Image: image, CommandLine: image },
    },
  };
}

const good = sysmon1(1, "C:\\Windows\\System32\\whoami.exe", "2024-05-01T10:00:02.000000Z");
const other = sysmon1(2, "C:\\Windows\\System32\\notepad.exe", "2024-05-01T10:00:01.000000Z");

describe("tocsin scan", () => {
  it("prints one JSON line per detection with rule, source, timestamp and the event as read", () => {
    const dir = tempFiles({
      "rules/r.yml": RULE,
      "logs/a.ndjson": `${JSON.stringify(other)}\n${JSON.stringify(good)}\n`,
    });
    const run = tocsin(["scan", join(dir, "logs"), "--rules", join(dir, "rules"), "--format", "jsonl"]);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    const detection = JSON.parse(lines[0] as string);
    expect(Object.keys(detection)).toEqual(["rule", "source", "timestamp", "event"]);
    expect(detection).toEqual({
      rule: {
        id: "11111111-1111-4111-8111-111111111111",
        title: "Whoami run",
        level: "high",
        tags: ["attack.discovery", "attack.t1033"],
      },
      source: { file: join(dir, "logs", "a.ndjson"), record: 1 },
      timestamp: "2024-05-01T10:00:02.000000Z",
      event: good,
    });
    expect(run.stderr).toMatch(/detections 1 \(high 1\)/);
  });

  it("reads JSON arrays and concatenated pretty-printed objects", () => {
    const dir = tempFiles({
      "r.yml": RULE,
      "array.json": JSON.stringify([other, good]),
      "concat.json": `${JSON.stringify(good, null, 2)}\n${JSON.stringify(good, null, 2)}`,
    });
    const run = tocsin(["scan", dir, "--rules", join(dir, "r.yml"), "--format", "jsonl"]);
    const sources = run.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l).source);
    expect(sources).toEqual([
      { file: join(dir, "array.json"), record: 1 },
      { file: join(dir, "concat.json"), record: 0 },
      { file: join(dir, "concat.json"), record: 1 },
    ]);
  });

  it("prints a timeline sorted by time as a table and as CSV", () => {
    const early = sysmon1(3, "C:\\x\\whoami.exe", "2024-05-01T09:00:00.000000Z");
    const dir = tempFiles({ "r.yml": RULE, "a.json": JSON.stringify([good, early]) });
    const table = tocsin(["scan", dir, "--rules", join(dir, "r.yml")]);
    const rows = table.stdout.split("\n").filter((l) => l.includes("Whoami run"));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/^2024-05-01T09:00/);
    expect(rows[0]).toMatch(/T1033/);
    expect(rows[0]).toMatch(/ws01/);
    const csv = tocsin(["scan", dir, "--rules", join(dir, "r.yml"), "--format", "csv"])
      .stdout.trim()
      .split("\n");
    expect(csv[0]).toBe("timestamp,level,rule_id,rule_title,attack,host,file,record,record_id");
    expect(csv[1]).toMatch(/^2024-05-01T09:00:00.000000Z,high,11111111-/);
  });

  it("reports a truncated JSON file by file and line, and keeps the records before it and the other files", () => {
    const truncated = `${JSON.stringify(good, null, 2)}\n${JSON.stringify(good, null, 2).slice(0, 40)}`;
    const dir = tempFiles({ "r.yml": RULE, "a-truncated.json": truncated, "b.json": JSON.stringify(good) });
    const run = tocsin(["scan", dir, "--rules", join(dir, "r.yml"), "--format", "jsonl"]);
    expect(run.stderr).toMatch(new RegExp(`${join(dir, "a-truncated.json")}:\\d+ record 1: truncated JSON`));
    expect(run.stdout.trim().split("\n")).toHaveLength(2);
    expect(run.code).toBe(0);
  });

  it("refuses a binary file with its offset, scans the rest, and exits 2", () => {
    const binary = new Uint8Array([0x7b, 0x22, 0x00, 0xff, 0x10, 0x00]);
    const dir = tempFiles({ "r.yml": RULE, "a.json": binary, "b.json": JSON.stringify(good) });
    const run = tocsin(["scan", dir, "--rules", join(dir, "r.yml"), "--format", "jsonl"]);
    expect(run.stderr).toMatch(new RegExp(`${join(dir, "a.json")} offset 2: binary data`));
    expect(run.stdout.trim().split("\n")).toHaveLength(1);
    expect(run.code).toBe(2);
  });

  it("skips rules with a broken condition or an unknown modifier, naming file and line, and runs the rest", () => {
    const broken = `title: broken\nlogsource: {product: windows}\ndetection:\n  sel: {Image: x}\n  condition: sel and (\n`;
    const unknown = `title: unknown\nlogsource: {product: windows}\ndetection:\n  sel:\n    Image|startwith: x\n  condition: sel\n`;
    const dir = tempFiles({
      "rules/good.yml": RULE,
      "rules/broken.yml": broken,
      "rules/unknown.yml": unknown,
      "a.json": JSON.stringify(good),
    });
    const run = tocsin(["scan", join(dir, "a.json"), "--rules", join(dir, "rules"), "--format", "jsonl"]);
    expect(run.stdout.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toMatch(/rules\s+1 loaded, 2 skipped/);
    expect(run.stderr).toMatch(/SIGMA_BAD_CONDITION, e.g. .*broken\.yml:5/);
    expect(run.stderr).toMatch(/SIGMA_UNKNOWN_MODIFIER, e.g. .*unknown\.yml:5: unknown modifier 'startwith'/);
  });

  it("exits 1 with --fail-on when a detection reaches the level, 0 when none does", () => {
    const dir = tempFiles({ "r.yml": RULE, "a.json": JSON.stringify(good) });
    expect(tocsin(["scan", dir, "--rules", join(dir, "r.yml"), "--fail-on", "high"]).code).toBe(1);
    expect(tocsin(["scan", dir, "--rules", join(dir, "r.yml"), "--fail-on", "critical"]).code).toBe(0);
  });

  it("filters detections below --min-level", () => {
    const dir = tempFiles({ "r.yml": RULE, "a.json": JSON.stringify(good) });
    expect(
      tocsin(["scan", dir, "--rules", join(dir, "r.yml"), "--min-level", "critical", "--format", "jsonl"]).stdout,
    ).toBe("");
  });

  it("exits 2 on bad usage and on a path that does not exist", () => {
    const dir = tempFiles({ "r.yml": RULE });
    expect(tocsin(["scan", dir]).code).toBe(2);
    expect(tocsin(["scan", dir, "--rules", join(dir, "r.yml"), "--format", "xml"]).code).toBe(2);
    const missing = tocsin(["scan", join(dir, "nope"), "--rules", join(dir, "r.yml")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope: cannot read: no such file or folder/);
  });

  it("runs process_creation rules on Security 4688 events through the default pipeline", () => {
    const security = {
      Event: {
        System: {
          EventID: 4688,
          Channel: "Security",
          Computer: "dc01",
          TimeCreated: { "#attributes": { SystemTime: "2024-05-01T10:00:00Z" } },
        },
        EventData: { NewProcessName: "C:\\Windows\\System32\\whoami.exe", CommandLine: "whoami /all" },
      },
    };
    const dir = tempFiles({ "r.yml": RULE, "a.json": JSON.stringify(security) });
    expect(
      tocsin(["scan", dir, "--rules", join(dir, "r.yml"), "--format", "jsonl"])
        .stdout.trim()
        .split("\n"),
    ).toHaveLength(1);
    expect(
      tocsin(["scan", dir, "--rules", join(dir, "r.yml"), "--format", "jsonl", "--no-default-pipelines"]).stdout,
    ).toBe("");
  });

  it("runs the same rules on ECS-named events with the ECS pipeline", () => {
    const ecs = {
      "@timestamp": "2024-05-01T10:00:00Z",
      event: { code: "1" },
      winlog: { channel: "Microsoft-Windows-Sysmon/Operational" },
      host: { name: "ws02" },
      process: { executable: "C:\\Windows\\System32\\whoami.exe", command_line: "whoami" },
    };
    const dir = tempFiles({ "r.yml": RULE, "a.ndjson": JSON.stringify(ecs) });
    const run = tocsin([
      "scan",
      dir,
      "--rules",
      join(dir, "r.yml"),
      "--format",
      "jsonl",
      "--pipeline",
      "pipelines/optional/ecs-windows.yml",
    ]);
    expect(run.stdout.trim().split("\n")).toHaveLength(1);
    expect(JSON.parse(run.stdout).timestamp).toBe("2024-05-01T10:00:00Z");
  });

  it.skipIf(!HAS_SHARED)("reads .evtx files directly and names detections by file and record id", () => {
    const dir = join(
      SHARED,
      "sigma/regression/rules/windows/registry/registry_set/registry_set_disable_administrative_share",
    );
    const run = tocsin([
      "scan",
      dir,
      "--rules",
      join(SHARED, "sigma/rules/windows/registry/registry_set"),
      "--format",
      "jsonl",
    ]);
    const fromEvtx = run.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l))
      .filter((d) => d.source.file.endsWith(".evtx"));
    expect(fromEvtx.length).toBeGreaterThan(0);
    expect(fromEvtx[0].source.record_id).toBeGreaterThan(0);
    expect(fromEvtx[0].event.Event.System.EventRecordID).toBe(fromEvtx[0].source.record_id);
  });
});

describe("tocsin rules check", () => {
  it("reports loaded rule files and skips, its last line one JSON object", () => {
    const broken = `title: broken\nlogsource: {product: windows}\ndetection:\n  sel: {Image: x}\n  condition: sel or or\n`;
    const dir = tempFiles({ "good.yml": RULE, "broken.yml": broken });
    const run = tocsin(["rules", "check", dir, "--format", "json"]);
    const last = JSON.parse(run.stdout.trim().split("\n").at(-1) as string);
    expect(last.loaded).toBe(1);
    expect(last.skipped).toEqual([{ file: join(dir, "broken.yml"), reason: expect.stringMatching(/unexpected 'or'/) }]);
  });
});
