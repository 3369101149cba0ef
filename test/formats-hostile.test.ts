import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LOG_FORMATS } from "../src/formats/index.js";
import { REPO } from "./support/shared.js";

// Hostile input never makes the JSON-ish and Zeek parsers throw: every record gives an outcome,
// and a refused one carries a FORMAT_* issue with its line.

const IDS = ["zeek", "suricata", "cloudtrail", "okta", "entra", "json-mapped"];
const ZEEK = join(REPO, "test", "fixtures", "zeek");
const SEEDS = [readFileSync(join(ZEEK, "http.log"), "utf8"), readFileSync(join(ZEEK, "x509.json"), "utf8")];

function check(id: string, text: string): void {
  const format = LOG_FORMATS[id];
  if (format === undefined) throw new Error(`${id} is not registered`);
  for (const o of format.parseText(text, { source: "fuzz" })) {
    expect(o.line).toBeGreaterThan(0);
    if (!o.ok) {
      expect(o.issues.length).toBeGreaterThan(0);
      for (const issue of o.issues) expect(issue.code).toMatch(/^FORMAT_/);
    } else {
      for (const e of o.events) {
        if (e.event.timestamp !== undefined)
          expect(e.event.timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
        e.event.doc.get("a.b.c");
        e.event.doc.forEachValue(() => undefined);
      }
    }
  }
}

/** A seed text with a few characters replaced, inserted or cut away. */
const mutated = fc
  .tuple(
    fc.constantFrom(...SEEDS),
    fc.array(fc.tuple(fc.nat(), fc.constantFrom("cut", "insert", "replace"), fc.string({ maxLength: 4 })), {
      maxLength: 6,
    }),
  )
  .map(([seed, edits]) => {
    let text = seed;
    for (const [at, kind, s] of edits) {
      const i = at % (text.length + 1);
      text =
        kind === "cut"
          ? text.slice(0, i)
          : kind === "insert"
            ? text.slice(0, i) + s + text.slice(i)
            : text.slice(0, i) + s + text.slice(i + s.length);
    }
    return text;
  });

describe("hostile input", () => {
  for (const id of IDS) {
    it(`${id}: random text, random JSON and mutated records never throw`, () => {
      fc.assert(
        fc.property(fc.string({ maxLength: 300 }), (text) => check(id, text)),
        { numRuns: 150 },
      );
      fc.assert(
        fc.property(fc.array(fc.jsonValue({ maxDepth: 6 }), { maxLength: 5 }), (values) =>
          check(id, values.map((v) => JSON.stringify(v)).join("\n")),
        ),
        {
          numRuns: 150,
        },
      );
      fc.assert(
        fc.property(mutated, (text) => check(id, text)),
        { numRuns: 150 },
      );
    });
  }

  it("values of the wrong types in the fields each format reads do not throw", () => {
    const odd = [null, 1, -1, 1e308, "", "x", [], [1, "a"], {}, { a: { b: 1 } }, true];
    const keys = [
      "eventTime",
      "eventName",
      "eventSource",
      "userIdentity",
      "published",
      "eventType",
      "actor",
      "client",
      "outcome",
      "time",
      "category",
      "properties",
      "status",
      "timestamp",
      "event_type",
      "src_ip",
      "dns",
      "http",
      "tls",
      "alert",
      "ts",
      "_path",
      "id.orig_h",
      "Records",
      "records",
      "value",
    ];
    for (const id of IDS) {
      for (const v of odd) {
        const record = Object.fromEntries(keys.map((k) => [k, v]));
        check(id, JSON.stringify(record));
        check(
          id,
          JSON.stringify({ Records: [record], records: [record], value: [record], data: { events: [record] } }),
        );
      }
    }
  });
});
