import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonDocument } from "../core/index.js";
import { PROCESS_CREATION, ruleWith, rulesOf } from "../../test/support/sigma.js";
import { createEngine } from "./engine.js";
import { foldString, foldUnits } from "./fold.js";
import { EPOCH_LIMIT, keywordSieve } from "./rule-index.js";

const eventOf = (fields: Record<string, unknown>) => ({
  logsource: PROCESS_CREATION,
  doc: jsonDocument(fields),
  raw: fields,
});

describe("the rule index", () => {
  it("keeps the rare part of `1 of selection_*` as a group of its own, so a common extension wakes nothing", () => {
    const rule = ruleWith(
      [
        "selection_img:",
        "  Image|contains: ['\\EDR-Freeze', '\\EDRFreeze']",
        "  Image|endswith: '.exe'",
        "selection_hash:",
        "  Hashes|contains: 'IMPHASH=1195F7935954A2CD09157390C33F8E8C'",
        "condition: 1 of selection_*",
      ].join("\n"),
    );
    const engine = createEngine({ documents: rulesOf(rule) });
    for (let i = 0; i < 100; i++) engine.match(eventOf({ Image: `C:\\Windows\\System32\\tool${i}.exe` }));
    expect(engine.stats.evaluated).toBe(0);
    expect(engine.match(eventOf({ Image: "C:\\Temp\\EDR-Freeze.exe" }))).toHaveLength(1);
    expect(
      engine.match(eventOf({ Image: "C:\\x.dll", Hashes: "MD5=1,IMPHASH=1195F7935954A2CD09157390C33F8E8C" })),
    ).toHaveLength(1);
    expect(engine.match(eventOf({ Image: "C:\\Temp\\EDR-Freeze.dll" }))).toHaveLength(0);
  });

  it("learns which group is rare from the events: a long but common value stops waking the rule", () => {
    // The guess prefers the longer value; in these events it is the common one.
    const rule = ruleWith(
      [
        "selection:",
        "  CommandLine|contains: '--type=renderer --field-trial-handle'",
        "  Image|endswith: '\\evil.exe'",
        "condition: selection",
      ].join("\n"),
    );
    const engine = createEngine({ documents: rulesOf(rule) });
    const benign = (i: number) =>
      eventOf({
        Image: "C:\\Program Files\\Browser\\browser.exe",
        CommandLine: `browser.exe --type=renderer --field-trial-handle=${i}`,
      });
    for (let i = 0; i < 512; i++) engine.match(benign(i));
    const wokenBefore = engine.stats.woken;
    expect(wokenBefore).toBeGreaterThan(500);
    for (let i = 0; i < 1000; i++) engine.match(benign(i));
    expect(engine.stats.woken - wokenBefore).toBe(0);
    expect(engine.stats.evaluated).toBe(0);
    const bad = eventOf({
      Image: "C:\\Temp\\evil.exe",
      CommandLine: "evil.exe --type=renderer --field-trial-handle=1",
    });
    expect(engine.match(bad)).toHaveLength(1);
  });
  it("indexes a look-alike dash on its own, so a rule for em dashes never wakes on a plain `-`", () => {
    const rule = ruleWith("selection:\n  CommandLine|contains: ['\u2014', '\u2015']\ncondition: selection");
    const engine = createEngine({ documents: rulesOf(rule) });
    for (let i = 0; i < 50; i++) engine.match(eventOf({ CommandLine: `tool.exe -x ${i} /y` }));
    expect(engine.stats.evaluated).toBe(0);
    expect(engine.match(eventOf({ CommandLine: "tool.exe \u2014x" }))).toHaveLength(1);
  });

  it("indexes a windash value by its run between dashes, so every dash form still wakes it", () => {
    const rule = ruleWith("selection:\n  CommandLine|windash|contains: ' -encodedcommand '\ncondition: selection");
    const engine = createEngine({ documents: rulesOf(rule) });
    for (let i = 0; i < 50; i++) engine.match(eventOf({ CommandLine: `tool.exe -x ${i}` }));
    expect(engine.stats.evaluated).toBe(0);
    for (const dash of ["-", "/", "\u2013", "\u2014", "\u2015"]) {
      expect(engine.match(eventOf({ CommandLine: `powershell ${dash}EncodedCommand AAAA` }))).toHaveLength(1);
    }
    expect(engine.match(eventOf({ CommandLine: "powershell EncodedCommand AAAA" }))).toHaveLength(0);
  });
  it("never lets the keyword sieve pass over a value that holds a keyword", () => {
    const alphabet = fc.constantFrom("a", "B", "\\", ".", "1", "-", " ", "\u00c9");
    const word = fc.array(alphabet, { minLength: 1, maxLength: 4 }).map((a) => a.join(""));
    fc.assert(
      fc.property(
        fc.array(word, { minLength: 1, maxLength: 5 }),
        fc.array(alphabet, { maxLength: 20 }),
        (words, chars) => {
          const text = chars.join("");
          const sieve = keywordSieve(words.map(foldUnits));
          if (words.some((w) => foldString(text).includes(foldString(w)))) expect(sieve.passes(text)).toBe(true);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("clears times and paths for keywords whose colons and dots are followed by letters", () => {
    const sieve = keywordSieve(["sekurlsa::", "\\mimilib.dll", "eo.oe.kiwi", "kiwi legit printer"].map(foldUnits));
    for (const cleared of [
      "2021-09-02T13:09:21.1234567Z",
      "2019-03-19 16:09:05.045",
      "C:\\Windows\\System32\\lsass.exe",
    ]) {
      expect(sieve.passes(cleared)).toBe(false);
    }
    for (const kept of [
      "x SEKURLSA::logonpasswords",
      "C:\\Temp\\MimiLib.DLL",
      "a.b EO.OE.kiwi",
      "Kiwi Legit Printer",
    ]) {
      expect(sieve.passes(kept)).toBe(true);
    }
  });

  it("finds a keyword in a field no rule names, past the sieve", () => {
    const rule = ruleWith("keywords:\n  - '\\perfc.dat'\ncondition: keywords");
    const engine = createEngine({ documents: rulesOf(rule) });
    expect(engine.match(eventOf({ ProcessGuid: "{0000}", Note: "C:\\Windows\\PERFC.DAT" }))).toHaveLength(1);
    expect(engine.match(eventOf({ ProcessGuid: "{0000}", Note: "perfc.dat" }))).toHaveLength(0);
  });
});

describe("the rule index over a long run", () => {
  it("keeps finding matches after its event numbers start again (2^31 events in)", () => {
    const rule = ruleWith(["selection:", "  CommandLine|contains: 'mimikatz'", "condition: selection"].join("\n"));
    const engine = createEngine({ documents: rulesOf(rule) });
    const evil = eventOf({ CommandLine: "run mimikatz now" });
    const benign = eventOf({ CommandLine: "notepad.exe" });
    expect(engine.match(evil)).toHaveLength(1);
    // Move the bucket's event counter to just before the limit, as ~2^31 events would.
    const buckets = (engine as unknown as { buckets: Map<string, { epoch: number }> }).buckets;
    const index = [...buckets.values()][0] as { epoch: number };
    index.epoch = EPOCH_LIMIT - 3;
    const seen: number[] = [];
    for (let i = 0; i < 8; i++) {
      seen.push(engine.match(evil).length, engine.match(benign).length);
    }
    expect(seen).toEqual(Array.from({ length: 8 }, () => [1, 0]).flat());
    expect(index.epoch).toBeLessThan(20);
  });
});
