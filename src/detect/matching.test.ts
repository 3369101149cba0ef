import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { matches, ruleWith } from "../../test/support/sigma.js";
import { atomProof } from "./compile-item.js";
import { END, START } from "./aho-corasick.js";
import { foldUnits, untouchedByLowerCase } from "./fold.js";

const m = (detection: string, fields: Record<string, unknown>) => matches(ruleWith(detection), fields);

describe("matching values", () => {
  it("compares plain values whole and without regard to case", () => {
    expect(m("sel:\n  Image: C:\\Windows\\cmd.exe\ncondition: sel", { Image: "c:\\windows\\CMD.EXE" })).toBe(true);
    expect(m("sel:\n  Image: C:\\Windows\\cmd.exe\ncondition: sel", { Image: "C:\\Windows\\cmd.exe2" })).toBe(false);
  });

  it("compares with case under |cased", () => {
    expect(m("sel:\n  Image|cased: Cmd\ncondition: sel", { Image: "cmd" })).toBe(false);
    expect(m("sel:\n  Image|cased: Cmd\ncondition: sel", { Image: "Cmd" })).toBe(true);
  });

  it("matches * as any run and ? as exactly one character", () => {
    const rule = "sel:\n  Image: 'C:\\Win*\\c?d.exe'\ncondition: sel";
    expect(m(rule, { Image: "C:\\Windows\\System32\\cmd.exe" })).toBe(true);
    expect(m(rule, { Image: "C:\\Windows\\cd.exe" })).toBe(false);
  });

  it("treats escaped wildcards as plain characters", () => {
    const rule = "sel:\n  CommandLine: 'a\\*b'\ncondition: sel";
    expect(m(rule, { CommandLine: "a*b" })).toBe(true);
    expect(m(rule, { CommandLine: "axxb" })).toBe(false);
  });

  it("matches a list of values with OR, and with AND under |all", () => {
    expect(m("sel:\n  CommandLine|contains: [foo, bar]\ncondition: sel", { CommandLine: "x bar" })).toBe(true);
    expect(m("sel:\n  CommandLine|contains|all: [foo, bar]\ncondition: sel", { CommandLine: "x bar" })).toBe(false);
    expect(m("sel:\n  CommandLine|contains|all: [foo, bar]\ncondition: sel", { CommandLine: "bar foo" })).toBe(true);
  });

  it("matches the start, end and middle of values", () => {
    expect(m("sel:\n  Image|endswith: \\cmd.exe\ncondition: sel", { Image: "C:\\x\\cmd.exe" })).toBe(true);
    expect(m("sel:\n  Image|startswith: C:\\Users\ncondition: sel", { Image: "c:\\users\\a.exe" })).toBe(true);
    expect(m("sel:\n  Image|startswith: C:\\Users\ncondition: sel", { Image: "D:\\C:\\Users" })).toBe(false);
  });

  it("answers from the index's atoms as a comparison would, also where lower case and folding part ways", () => {
    // The index folds \u0130 (İ) to i and \u03a3 (Σ) to σ, where toLowerCase gives i and a
    // combining dot, and ς at a word's end: a literal holding i or σ is compared in such values.
    for (const index of [true, false]) {
      const rule = ruleWith("sel:\n  CommandLine|contains: win\ncondition: sel");
      expect(matches(rule, { CommandLine: "x WIN y" }, { index })).toBe(true);
      expect(matches(rule, { CommandLine: "x W\u0130N y" }, { index })).toBe(false);
      expect(matches(rule, { CommandLine: "x W\u0130N y WIN" }, { index })).toBe(true);
      const sigma = ruleWith("sel:\n  CommandLine|endswith: \u03b1\u03c3\ncondition: sel");
      expect(matches(sigma, { CommandLine: "\u0391\u03a3" }, { index })).toBe(false);
      expect(matches(sigma, { CommandLine: "x \u03b1\u03c3" }, { index })).toBe(true);
      const plain = ruleWith("sel:\n  Image|endswith: \\cmd.exe\ncondition: sel");
      expect(matches(plain, { Image: "C:\\W\u0130N\\CMD.EXE" }, { index })).toBe(true);
      expect(matches(plain, { Image: "C:\\cmd.exe2" }, { index })).toBe(false);
    }
  });

  it("accepts any dash form under |windash", () => {
    const rule = "sel:\n  CommandLine|windash|contains: ' -enc '\ncondition: sel";
    for (const dash of ["-", "/", "\u2013", "\u2014", "\u2015"]) {
      expect(m(rule, { CommandLine: `powershell ${dash}enc AAAA` })).toBe(true);
    }
    expect(m(rule, { CommandLine: "powershell +enc AAAA" })).toBe(false);
  });

  it("matches regular expressions with case by default, and without under |re|i", () => {
    expect(m("sel:\n  CommandLine|re: 'ab+c'\ncondition: sel", { CommandLine: "xABBC" })).toBe(false);
    expect(m("sel:\n  CommandLine|re|i: 'ab+c'\ncondition: sel", { CommandLine: "xABBC" })).toBe(true);
  });

  it("lets ^ and $ match at line breaks under |re|m, and . match a line break under |re|s", () => {
    const text = { CommandLine: "first\nsecond" };
    expect(m("sel:\n  CommandLine|re: '^second$'\ncondition: sel", text)).toBe(false);
    expect(m("sel:\n  CommandLine|re|m: '^second$'\ncondition: sel", text)).toBe(true);
    expect(m("sel:\n  CommandLine|re: 'first.second'\ncondition: sel", text)).toBe(false);
    expect(m("sel:\n  CommandLine|re|s: 'first.second'\ncondition: sel", text)).toBe(true);
  });

  it("matches encoded values: base64, base64offset, wide", () => {
    expect(
      m("sel:\n  CommandLine|base64offset|contains: /bin/bash\ncondition: sel", {
        CommandLine: "echo L2Jpbi9iYXNo | base64 -d",
      }),
    ).toBe(true);
    expect(
      m("sel:\n  CommandLine|base64offset|contains: /bin/bash\ncondition: sel", { CommandLine: "eHgvYmluL2Jhc2g=" }),
    ).toBe(true);
    expect(
      m("sel:\n  CommandLine|wide|base64offset|contains: ping\ncondition: sel", { CommandLine: "-enc cABpAG4AZwA=" }),
    ).toBe(true);
  });

  it("compares numbers under lt, lte, gt, gte", () => {
    const f = { Count: 10 };
    expect(m("sel:\n  Count|gt: 9\ncondition: sel", f)).toBe(true);
    expect(m("sel:\n  Count|gt: 10\ncondition: sel", f)).toBe(false);
    expect(m("sel:\n  Count|gte: 10\ncondition: sel", f)).toBe(true);
    expect(m("sel:\n  Count|lt: 10\ncondition: sel", f)).toBe(false);
    expect(m("sel:\n  Count|lte: 10\ncondition: sel", { Count: "10" })).toBe(true);
    expect(m("sel:\n  Count|lte: 10\ncondition: sel", { Count: "ten" })).toBe(false);
  });

  it("matches when the field differs from every value under |neq", () => {
    expect(m("sel:\n  User|neq: [a, b]\ncondition: sel", { User: "c" })).toBe(true);
    expect(m("sel:\n  User|neq: [a, b]\ncondition: sel", { User: "B" })).toBe(false);
  });

  it("matches IPv4 and IPv6 networks under |cidr", () => {
    const rule = "sel:\n  DestinationIp|cidr: [10.0.0.0/8, 'fd00::/8']\ncondition: sel";
    expect(m(rule, { DestinationIp: "10.1.2.3" })).toBe(true);
    expect(m(rule, { DestinationIp: "11.1.2.3" })).toBe(false);
    expect(m(rule, { DestinationIp: "fd12::1" })).toBe(true);
    expect(m(rule, { DestinationIp: "::ffff:10.0.0.1" })).toBe(true);
    expect(m(rule, { DestinationIp: "not an ip" })).toBe(false);
  });

  it("tests presence under |exists, whatever the value", () => {
    expect(m("sel:\n  Hashes|exists: true\ncondition: sel", { Hashes: null })).toBe(true);
    expect(m("sel:\n  Hashes|exists: true\ncondition: sel", {})).toBe(false);
    expect(m("sel:\n  Hashes|exists: false\ncondition: sel", {})).toBe(true);
  });

  it("matches null on absent or null fields, and '' only on empty ones", () => {
    expect(m("sel:\n  Parent: null\ncondition: sel", {})).toBe(true);
    expect(m("sel:\n  Parent: null\ncondition: sel", { Parent: null })).toBe(true);
    expect(m("sel:\n  Parent: null\ncondition: sel", { Parent: "" })).toBe(false);
    expect(m("sel:\n  Parent: ''\ncondition: sel", { Parent: "" })).toBe(true);
    expect(m("sel:\n  Parent: ''\ncondition: sel", {})).toBe(false);
  });

  it("compares two fields of the event under |fieldref", () => {
    expect(m("sel:\n  SourceUser|fieldref: TargetUser\ncondition: sel", { SourceUser: "Bob", TargetUser: "bob" })).toBe(
      true,
    );
    expect(m("sel:\n  SourceUser|fieldref: TargetUser\ncondition: sel", { SourceUser: "a", TargetUser: "b" })).toBe(
      false,
    );
    expect(m("sel:\n  SourceUser|fieldref|neq: TargetUser\ncondition: sel", { SourceUser: "a", TargetUser: "b" })).toBe(
      true,
    );
    // Lower case lengthens İ by a unit: values of different lengths may still be alike.
    const dotted = { SourceUser: "\u0130X", TargetUser: "i\u0307x" };
    expect(m("sel:\n  SourceUser|fieldref: TargetUser\ncondition: sel", dotted)).toBe(true);
    expect(m("sel:\n  SourceUser|fieldref: TargetUser\ncondition: sel", { SourceUser: "ab", TargetUser: "abc" })).toBe(
      false,
    );
    expect(
      m("sel:\n  SourceUser|fieldref|cased: TargetUser\ncondition: sel", { SourceUser: "Bob", TargetUser: "bob" }),
    ).toBe(false);
    expect(m("sel:\n  SourceUser|fieldref: TargetUser\ncondition: sel", { SourceUser: 5, TargetUser: "5" })).toBe(true);
  });

  it("extracts parts of dates under the time modifiers", () => {
    const f = { UtcTime: "2024-03-05 23:41:07.123" };
    expect(m("sel:\n  UtcTime|hour: 23\ncondition: sel", f)).toBe(true);
    expect(m("sel:\n  UtcTime|minute: 41\ncondition: sel", f)).toBe(true);
    expect(m("sel:\n  UtcTime|day: 5\ncondition: sel", f)).toBe(true);
    expect(m("sel:\n  UtcTime|month: 3\ncondition: sel", f)).toBe(true);
    expect(m("sel:\n  UtcTime|year: 2024\ncondition: sel", f)).toBe(true);
    expect(m("sel:\n  UtcTime|week: 10\ncondition: sel", f)).toBe(true);
    expect(m("sel:\n  UtcTime|hour|gte: 22\ncondition: sel", f)).toBe(true);
    expect(m("sel:\n  UtcTime|hour|lt: 6\ncondition: sel", f)).toBe(false);
  });

  it("matches numbers and booleans in events as their text", () => {
    expect(m("sel:\n  EventID: 4688\ncondition: sel", { EventID: 4688 })).toBe(true);
    expect(m("sel:\n  EventID: '4688'\ncondition: sel", { EventID: 4688 })).toBe(true);
    expect(m("sel:\n  Elevated: true\ncondition: sel", { Elevated: "True" })).toBe(true);
  });

  it("matches a list field when any element matches", () => {
    expect(m("sel:\n  Tags|contains: evil\ncondition: sel", { Tags: ["good", "very evil"] })).toBe(true);
  });

  it("reads dotted field names from nested objects", () => {
    expect(
      m("sel:\n  process.executable|endswith: cmd.exe\ncondition: sel", { process: { executable: "c:\\cmd.exe" } }),
    ).toBe(true);
  });
});

describe("keywords", () => {
  it("finds keywords anywhere in the event's values", () => {
    expect(
      m("keywords:\n  - mimikatz\n  - 'event::clear'\ncondition: keywords", {
        a: "x",
        b: { c: "run EVENT::CLEAR now" },
      }),
    ).toBe(true);
    expect(m("keywords:\n  - mimikatz\ncondition: keywords", { a: "nothing here" })).toBe(false);
  });

  it("finds keywords in the text of numbers and booleans, which are read only when a keyword could stand in one", () => {
    expect(m("keywords:\n  - 4625\ncondition: keywords", { EventID: 4625 })).toBe(true);
    expect(m("keywords:\n  - mimikatz\n  - '-1.5'\ncondition: keywords", { v: -1.5 })).toBe(true);
    expect(m("keywords:\n  - TRUE\ncondition: keywords", { flag: true })).toBe(true);
    expect(m("keywords:\n  - mimikatz\ncondition: keywords", { n: 12345, flag: false })).toBe(false);
    expect(m("keywords:\n  - mimikatz\ncondition: keywords", { n: 12345, s: "MimiKatz" })).toBe(true);
  });

  it("needs every keyword under '|all'", () => {
    const rule = "keywords:\n  '|all':\n    - OabVirtualDirectory\n    - ' -ExternalUrl '\ncondition: keywords";
    expect(m(rule, { a: "Set-OabVirtualDirectory -ExternalUrl http://x" })).toBe(true);
    expect(m(rule, { a: "Set-OabVirtualDirectory" })).toBe(false);
  });
});

describe("conditions", () => {
  const rule = [
    "sel_img:\n  Image|endswith: \\x.exe",
    "sel_cli:\n  CommandLine|contains: evil",
    "filter_a:\n  User: admin",
    "filter_b:\n  User: system",
    "_hidden:\n  Other: y",
  ];
  const f = (fields: Record<string, unknown>, condition: string) =>
    m(`${rule.join("\n")}\ncondition: ${condition}`, fields);

  it("evaluates 1 of and all of over matching identifiers", () => {
    expect(f({ Image: "a\\x.exe" }, "1 of sel_*")).toBe(true);
    expect(f({ Image: "a\\x.exe" }, "all of sel_*")).toBe(false);
    expect(f({ Image: "a\\x.exe", CommandLine: "so evil" }, "all of sel_*")).toBe(true);
  });

  it("leaves out identifiers starting with _ from them", () => {
    expect(f({ Image: "a\\x.exe", CommandLine: "evil", User: "admin" }, "all of them")).toBe(false);
    expect(f({ Other: "y" }, "1 of them")).toBe(false);
  });

  it("evaluates not with filters", () => {
    expect(f({ Image: "a\\x.exe", User: "admin" }, "sel_img and not 1 of filter_*")).toBe(false);
    expect(f({ Image: "a\\x.exe", User: "bob" }, "sel_img and not 1 of filter_*")).toBe(true);
  });

  it("treats a list of conditions as OR", () => {
    expect(m(`${rule.join("\n")}\ncondition:\n  - sel_img\n  - sel_cli`, { CommandLine: "evil" })).toBe(true);
  });

  it("links the maps of a list with OR and the fields of a map with AND", () => {
    const r = "sel:\n  - Image|endswith: \\a.exe\n    User: bob\n  - CommandLine: go\ncondition: sel";
    expect(m(r, { Image: "c:\\a.exe", User: "bob" })).toBe(true);
    expect(m(r, { Image: "c:\\a.exe", User: "eve" })).toBe(false);
    expect(m(r, { CommandLine: "go" })).toBe(true);
  });
});

describe("keywords beside field rules", () => {
  it("finds a keyword inside a field that the index reads for another rule, and in any other field", async () => {
    const { createEngine } = await import("./engine.js");
    const { jsonDocument } = await import("../core/index.js");
    const { PROCESS_CREATION, rulesOf } = await import("../../test/support/sigma.js");
    const yaml = `${ruleWith("sel:\n  CommandLine|contains: whoami\ncondition: sel")}---\n${ruleWith("keywords:\n  - mimikatz\ncondition: keywords").replace("id: test-rule", "id: keyword-rule")}`;
    const engine = createEngine({ documents: rulesOf(yaml) });
    const ids = (fields: Record<string, unknown>) =>
      engine.match({ logsource: PROCESS_CREATION, doc: jsonDocument(fields), raw: fields }).map((d) => d.rule.id);
    expect(ids({ CommandLine: "run MIMIKATZ.exe" })).toEqual(["keyword-rule"]);
    expect(ids({ CommandLine: "whoami", Other: { deep: "mimikatz" } })).toEqual(["test-rule", "keyword-rule"]);
    expect(ids({ CommandLine: "whoami" })).toEqual(["test-rule"]);
  });
});

describe("a rule with nothing but a regular expression to look for", () => {
  it("is looked up by the expression's answer on its field instead of running on every event", async () => {
    const { createEngine } = await import("./engine.js");
    const { jsonDocument } = await import("../core/index.js");
    const { PROCESS_CREATION, rulesOf } = await import("../../test/support/sigma.js");
    const yaml = ruleWith(
      "sel:\n  CommandLine|re: '\\s[a-f0-9]{8}\\s'\nfilter:\n  Image|endswith: '\\ok.exe'\ncondition: sel and not filter",
    );
    const indexed = createEngine({ documents: rulesOf(yaml) });
    const naive = createEngine({ documents: rulesOf(yaml), index: false });
    expect(indexed.unindexedCount(PROCESS_CREATION)).toBe(0);
    const events: Record<string, unknown>[] = [
      { CommandLine: "run deadbeef now", Image: "C:\\x.exe" },
      { CommandLine: "run deadbeef now", Image: "C:\\ok.exe" },
      { CommandLine: "run deadbeefs now", Image: "C:\\x.exe" },
      { CommandLine: ["a", "b 0123abcd c"], Image: "C:\\x.exe" },
      { CommandLine: ["a", "b"], Image: "C:\\x.exe" },
      { Image: "C:\\x.exe" },
      { CommandLine: 12345678 },
    ];
    // Every event twice and more, so answers come from the field's memory as well.
    for (const fields of [...events, ...events, ...events.reverse()]) {
      const event = { logsource: PROCESS_CREATION, doc: jsonDocument(fields), raw: fields };
      expect(indexed.match(event).length, JSON.stringify(fields)).toBe(naive.match(event).length);
    }
    const hit = { CommandLine: "run deadbeef now", Image: "C:\\x.exe" };
    expect(indexed.match({ logsource: PROCESS_CREATION, doc: jsonDocument(hit), raw: hit })).toHaveLength(1);
  });
});

/** A rule of the given id, for tests of several rules. */
const ruleWithId = (id: string, detection: string) => ruleWith(detection).replace("id: test-rule", `id: ${id}`);

/** The ids of the rules the indexed engine, and the rule-by-rule one, match in a process creation of these fields. */
async function bothEngines(yaml: string) {
  const { createEngine } = await import("./engine.js");
  const { jsonDocument } = await import("../core/index.js");
  const { PROCESS_CREATION, rulesOf } = await import("../../test/support/sigma.js");
  const matcher = (index: boolean) => {
    const engine = createEngine({ documents: rulesOf(yaml), index });
    return (fields: Record<string, unknown>) =>
      engine.match({ logsource: PROCESS_CREATION, doc: jsonDocument(fields), raw: fields }).map((d) => d.rule.id);
  };
  return { indexed: matcher(true), naive: matcher(false) };
}

describe("tests that keep their answers with the index's remembered texts", () => {
  it("answer each rule's expression and glob on the same field apart, for recurring values and lists", async () => {
    const yaml = [
      ruleWithId("re-digits", "sel:\n  Image|endswith: '\\x.exe'\n  CommandLine|re: '\\d{3}'\ncondition: sel"),
      ruleWithId("re-upper", "sel:\n  Image|endswith: '\\x.exe'\n  CommandLine|re: '[A-Z]{3}'\ncondition: sel"),
      ruleWithId("glob", "sel:\n  Image|endswith: '\\x.exe'\n  CommandLine: '*a?c*'\ncondition: sel"),
      ruleWithId("plain", "sel:\n  CommandLine|contains: 'run'\ncondition: sel"),
    ].join("---\n");
    const { indexed, naive } = await bothEngines(yaml);
    const lines = ["run 123", "run ABC", "run abc", "run xAyc 12", "run", ["run", "ABC 999"], "QQQ 1234 aXc"];
    for (let round = 0; round < 3; round++) {
      for (const commandLine of lines) {
        for (const image of ["C:\\x.exe", "C:\\y.exe"]) {
          const fields = { CommandLine: commandLine, Image: image };
          expect(indexed(fields), JSON.stringify(fields)).toEqual(naive(fields));
        }
      }
    }
    // The glob is case-insensitive (`ABC` holds `a?c`); the expressions are not.
    expect(indexed({ CommandLine: "run 123 ABC", Image: "C:\\x.exe" })).toEqual([
      "re-digits",
      "re-upper",
      "glob",
      "plain",
    ]);
    expect(indexed({ CommandLine: "run 123 abd", Image: "C:\\x.exe" })).toEqual(["re-digits", "plain"]);
  });
});

describe("literals that keep their answers with the index's remembered texts", () => {
  it("answer each literal of a field apart, past the answers a text keeps, as the rule-by-rule engine does", async () => {
    // Cased and dash-folded literals are compared when their atom is seen; a literal holding `i`
    // is compared when the text does not fold plainly (`İ`). Twenty cased tokens on one text
    // pass the fifteen answers a remembered text keeps.
    const tokens = Array.from({ length: 20 }, (_, i) => `Tok${i}`);
    const yaml = [
      ...tokens.map((t) => ruleWithId(`cased-${t}`, `sel:\n  CommandLine|contains|cased: '${t}'\ncondition: sel`)),
      ruleWithId("dash", "sel:\n  CommandLine|windash|contains: ' -exec '\ncondition: sel"),
      ruleWithId("with-i", "sel:\n  CommandLine|contains: 'mimi'\ncondition: sel"),
      ruleWithId("start", "sel:\n  CommandLine|startswith|cased: 'Tok1'\ncondition: sel"),
      ruleWithId("end", "sel:\n  CommandLine|endswith|cased: 'Tok19'\ncondition: sel"),
      ruleWithId("exact", "sel:\n  CommandLine|cased: 'Tok3'\ncondition: sel"),
    ].join("---\n");
    const { indexed, naive } = await bothEngines(yaml);
    const lines = [
      tokens.join(" "),
      tokens.map((t) => t.toLowerCase()).join(" "),
      tokens.filter((_, i) => i % 2 === 0).join(" /exec "),
      [...tokens].reverse().join(" -exec "),
      "Tok1 \u2013exec MIMI",
      "tok1 MİMİ Tok19",
      "Tok3",
      "TOK3",
    ];
    let matched = 0;
    for (let round = 0; round < 3; round++) {
      for (const commandLine of round === 1 ? [...lines].reverse() : lines) {
        const fields = { CommandLine: commandLine };
        const expected = naive(fields);
        expect(indexed(fields), commandLine).toEqual(expected);
        matched += expected.length;
      }
    }
    expect(matched).toBeGreaterThan(100);
    expect(indexed({ CommandLine: "Tok3" })).toEqual(["cased-Tok3", "exact"]);
  });
});

describe("keywords in Windows events", () => {
  it("finds a keyword in an indexed field, in any other EventData field, in UserData and in System", async () => {
    const { createEngine } = await import("./engine.js");
    const { eventFromEvtxJson } = await import("../formats/index.js");
    const { rulesOf } = await import("../../test/support/sigma.js");
    const yaml = `${ruleWith("sel:\n  CommandLine|contains: whoami\ncondition: sel")}---\n${ruleWith("keywords:\n  - mimikatz\ncondition: keywords").replace("id: test-rule", "id: keyword-rule")}`;
    const engine = createEngine({ documents: rulesOf(yaml) });
    const system = { EventID: 1, Channel: "Microsoft-Windows-Sysmon/Operational", Computer: "ws1" };
    const ids = (event: Record<string, unknown>, computer = "ws1") => {
      const e = eventFromEvtxJson({ Event: { System: { ...system, Computer: computer }, ...event } });
      if (!e) throw new Error("not a Windows event");
      return engine.match(e).map((d) => d.rule.id);
    };
    expect(ids({ EventData: { CommandLine: "whoami", Description: "x" } })).toEqual(["test-rule"]);
    expect(ids({ EventData: { CommandLine: "run MIMIKATZ.exe" } })).toEqual(["keyword-rule"]);
    expect(ids({ EventData: { CommandLine: "whoami", Description: "Mimikatz tool" } })).toEqual([
      "test-rule",
      "keyword-rule",
    ]);
    expect(ids({ UserData: { Log: { Detail: "mimikatz" } } })).toEqual(["keyword-rule"]);
    expect(ids({ EventData: {} }, "mimikatz-host")).toEqual(["keyword-rule"]);
    // An attribute of System that Sigma gives no name is part of the event all the same.
    expect(
      ids({ EventData: {}, System: { ...system, Security: { "#attributes": { Other: "run mimikatz" } } } }),
    ).toEqual(["keyword-rule"]);
  });

  it("answers a regular expression rightly whether its values recur or not, through the memory's rests", async () => {
    const { createEngine } = await import("./engine.js");
    const { jsonDocument } = await import("../core/index.js");
    const { PROCESS_CREATION, rulesOf } = await import("../../test/support/sigma.js");
    const engine = createEngine({
      documents: rulesOf(ruleWith("sel:\n  CommandLine|re: '^run \\d+[05] (evil|bad)$'\ncondition: sel")),
    });
    const expected = /^run \d+[05] (evil|bad)$/;
    const check = (commandLine: string) => {
      const fields = { CommandLine: commandLine };
      const found = engine.match({ logsource: PROCESS_CREATION, doc: jsonDocument(fields), raw: fields }).length;
      expect(found, commandLine).toBe(expected.test(commandLine) ? 1 : 0);
    };
    // Values that never recur set the memory aside; then recurring ones are remembered again.
    for (let i = 0; i < 30_000; i++) check(`run ${i} ${i % 3 === 0 ? "evil" : i % 3 === 1 ? "bad" : "good"}`);
    for (let i = 0; i < 30_000; i++) check(`run ${i % 40} ${i % 2 === 0 ? "evil" : "good"}`);
    for (let i = 0; i < 5_000; i++) check(`run ${100_000 + i} bad`);
  });
});

describe("what seeing an atom proves", () => {
  const units = foldUnits;
  it("proves a case-insensitive literal whose atom is its whole folded text, anchored as its shape", () => {
    expect(atomProof({ kind: "suffix", text: "\\cmd.exe" }, 1, [...units("\\cmd.exe"), END])).toBe("seen");
    expect(atomProof({ kind: "exact", text: "cmd" }, 1, [START, ...units("cmd"), END])).toBe("seen");
    expect(atomProof({ kind: "prefix", text: "cmd" }, 1, [START, ...units("cmd")])).toBe("seen");
    expect(atomProof({ kind: "contains", text: "cmd" }, 1, units("cmd"))).toBe("seen");
  });
  it("leaves the literal to be compared when the atom is only part of it, or the test is cased or windash", () => {
    expect(atomProof({ kind: "suffix", text: "\\cmd.exe" }, 1, units("\\cmd.exe"))).toBe("none");
    expect(atomProof({ kind: "contains", text: "cmd /c" }, 1, units("cmd"))).toBe("none");
    expect(atomProof({ kind: "contains", text: "cmd" }, 0, units("cmd"))).toBe("none");
    expect(atomProof({ kind: "contains", text: "cmd" }, 3, units("cmd"))).toBe("none");
  });
  it("asks for a plain value when the literal holds i or \u03c3", () => {
    expect(atomProof({ kind: "contains", text: "win" }, 1, units("win"))).toBe("seen-plain");
    expect(atomProof({ kind: "contains", text: "\u03b1\u03c3" }, 1, units("\u03b1\u03c3"))).toBe("seen-plain");
  });
});

describe("case-insensitive literals and fields compared without lower-casing where they can be", () => {
  // Units lower-casing leaves alone, letters, and the units where lower-casing is irregular: İ
  // (two units), Σ (ς at a word's end), the combining dot İ lowers to, and a surrogate pair.
  const units = [
    ".",
    "-",
    " ",
    ":",
    "7",
    "a",
    "A",
    "i",
    "I",
    "\u0130",
    "\u03a3",
    "\u03c3",
    "\u03c2",
    "\u0307",
    "\ud801\udc00",
    "\ud801\udc28",
  ];
  const text = fc.array(fc.constantFrom(...units), { maxLength: 8 }).map((parts) => parts.join(""));
  const literal = fc.array(fc.constantFrom(...units), { minLength: 1, maxLength: 3 }).map((parts) => parts.join(""));
  const lower = (s: string) => s.toLowerCase();

  it("match as the lower case of the text and of the literal do", () => {
    fc.assert(
      fc.property(literal, text, (value, field) => {
        const quoted = JSON.stringify(value);
        const expected: Record<string, boolean> = {
          contains: lower(field).includes(lower(value)),
          startswith: lower(field).startsWith(lower(value)),
          endswith: lower(field).endsWith(lower(value)),
          "": lower(field) === lower(value),
        };
        for (const [modifier, result] of Object.entries(expected)) {
          const key = modifier === "" ? "Image" : `Image|${modifier}`;
          for (const index of [true, false])
            expect(matches(ruleWith(`sel:\n  ${key}: ${quoted}\ncondition: sel`), { Image: field }, { index })).toBe(
              result,
            );
        }
      }),
      { numRuns: 400 },
    );
  });

  it("know the units lower-casing leaves where they are", () => {
    for (const unit of "\\.:- 07_") expect(untouchedByLowerCase(unit.charCodeAt(0))).toBe(true);
    for (const unit of "aAzZiI\u0130\u0307\u03a3\u03c3\u03c2\ud801\udc00")
      expect(untouchedByLowerCase(unit.charCodeAt(0))).toBe(false);
  });

  it("under |fieldref, match as the lower cases of the two fields do", () => {
    fc.assert(
      fc.property(text, text, (a, b) => {
        expect(m("sel:\n  Image|fieldref: ParentImage\ncondition: sel", { Image: a, ParentImage: b })).toBe(
          lower(a) === lower(b),
        );
      }),
      { numRuns: 400 },
    );
    // `İ` lowers to two units: the shorter text holds it, on either side.
    const rule = "sel:\n  Image|fieldref: ParentImage\ncondition: sel";
    expect(m(rule, { Image: "\u0130x", ParentImage: "i\u0307x" })).toBe(true);
    expect(m(rule, { Image: "i\u0307x", ParentImage: "\u0130X" })).toBe(true);
    expect(m(rule, { Image: "i\u0307x", ParentImage: "ix" })).toBe(false);
  });
});

describe("literals longer than 65,535 characters", () => {
  it("are compared whole (their length is kept in two units)", () => {
    const long = "a".repeat(70_000);
    for (const index of [true, false]) {
      const rule = (key: string, value: string) => ruleWith(`sel:\n  ${key}: ${JSON.stringify(value)}\ncondition: sel`);
      expect(matches(rule("Image", `${long}b`), { Image: `${long}b` }, { index })).toBe(true);
      expect(matches(rule("Image", `${long}b`), { Image: `${long}c` }, { index })).toBe(false);
      expect(matches(rule("Image|startswith", `${long}b`), { Image: `${long}bz` }, { index })).toBe(true);
      expect(matches(rule("Image|startswith", `${long}b`), { Image: `${long}cz` }, { index })).toBe(false);
      expect(matches(rule("Image|endswith", `b${long}`), { Image: `zb${long}` }, { index })).toBe(true);
      expect(matches(rule("Image|endswith", `b${long}`), { Image: `zc${long}` }, { index })).toBe(false);
    }
  });
});
