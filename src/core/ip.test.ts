import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseIp, parseIpv4 } from "./ip.js";

/** The definition the parser implements: four dot-separated runs of 1–3 digits, each ≤ 255. */
function reference(text: string): number[] | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  return parts.every((p) => p <= 255) ? parts : null;
}

describe("IPv4 parsing", () => {
  it("reads dotted quads and refuses everything else", () => {
    expect([...(parseIpv4("10.0.0.5") ?? [])]).toEqual([10, 0, 0, 5]);
    expect([...(parseIpv4("255.255.255.255") ?? [])]).toEqual([255, 255, 255, 255]);
    for (const bad of [
      "",
      "1.2.3",
      "1.2.3.4.5",
      "256.1.1.1",
      "1..2.3",
      ".1.2.3",
      "1.2.3.",
      "1.2.3.4 ",
      "1234.1.1.1",
      "a.b.c.d",
    ])
      expect(parseIpv4(bad)).toBeNull();
  });

  it("agrees with the definition on any text made of digits and dots", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom("0", "1", "2", "5", "9", ".", "x"), maxLength: 18 }), (text) => {
        const got = parseIpv4(text);
        expect(got === null ? null : [...got]).toEqual(reference(text));
      }),
      { numRuns: 5000 },
    );
  });

  it("reads IPv6, with an IPv4 tail and a zone, and refuses text without a colon", () => {
    expect(parseIp("::ffff:10.0.0.1")?.length).toBe(16);
    expect(parseIp("fe80::1%eth0")?.length).toBe(16);
    expect(parseIp("example.com")).toBeNull();
  });
});
