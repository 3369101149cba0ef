import { describe, expect, it } from "vitest";
import { matches, ruleWith } from "../../../test/support/sigma.js";
import { parsePipeline } from "./parse.js";

const rule = ruleWith("sel:\n  Image|endswith: \\cmd.exe\n  CommandLine|contains: whoami\ncondition: sel");

describe("processing pipelines", () => {
  it("maps rule field names to the event's for the log sources it names", () => {
    const ecs = parsePipeline(
      `name: ecs\ntransformations:\n  - type: field_name_mapping\n    mapping: {Image: process.executable, CommandLine: [process.command_line, message]}\n    rule_conditions: [{type: logsource, product: windows}]\n`,
      "ecs.yml",
    );
    const event = { process: { executable: "C:\\Windows\\cmd.exe" }, message: "whoami /all" };
    expect(matches(rule, event, { pipelines: [ecs] })).toBe(true);
    expect(matches(rule, event)).toBe(false);
  });

  it("applies a mapping only to events of the log source in event_conditions", () => {
    const security = parsePipeline(
      `name: sec\ntransformations:\n  - type: field_name_mapping\n    mapping: {Image: NewProcessName}\n    event_conditions: {service: security}\n`,
      "sec.yml",
    );
    const fields = { NewProcessName: "C:\\Windows\\cmd.exe", CommandLine: "whoami" };
    const onSecurity = { product: "windows", service: "security", categories: ["process_creation"] };
    expect(matches(rule, fields, { pipelines: [security], logsource: onSecurity })).toBe(true);
    expect(matches(rule, fields, { pipelines: [security] })).toBe(false);
  });

  it("adds prefixes and reads placeholder values from vars", () => {
    const p = parsePipeline(
      `name: p\nvars: {admins: [root]}\ntransformations:\n  - type: field_name_prefix\n    prefix: "winlog.event_data."\n`,
      "p.yml",
    );
    expect(p.vars).toEqual({ admins: ["root"] });
    expect(
      matches(rule, { winlog: { event_data: { Image: "x\\cmd.exe", CommandLine: "whoami" } } }, { pipelines: [p] }),
    ).toBe(true);
  });

  it("reads log source mappings", () => {
    const p = parsePipeline(
      `name: p\nlogsources:\n  - logsource: {product: windows, category: process_creation}\n    conditions: {event.code: "1"}\n`,
      "p.yml",
    );
    expect(p.logsources[0]).toEqual({
      when: { "event.code": ["1"] },
      logsource: { product: "windows", categories: ["process_creation"] },
    });
  });

  it("names the line of an unsupported transformation", () => {
    expect(() => parsePipeline(`name: p\ntransformations:\n  - type: teleport\n`, "bad.yml")).toThrow(/teleport/);
    try {
      parsePipeline(`name: p\ntransformations:\n  - type: teleport\n`, "bad.yml");
    } catch (error) {
      expect((error as { place?: { line?: number } }).place?.line).toBe(3);
    }
  });
});
