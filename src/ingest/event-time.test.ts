import { describe, expect, it } from "vitest";
import { storedTime } from "./event-time.js";

/** What the store kept before the shortcut: Date.parse, then toISOString. */
function reference(time: string | undefined, fallback: string): string {
  const parsed = time === undefined ? Number.NaN : Date.parse(time);
  return Number.isFinite(parsed) ? new Date(parsed).toISOString() : fallback;
}

const FALLBACK = "2026-01-01T00:00:00.000Z";

describe("storedTime", () => {
  it.each([
    ["2026-11-20T08:33:48.056991Z", "2026-11-20T08:33:48.056Z"],
    ["2026-11-20T08:33:48.0569999Z", "2026-11-20T08:33:48.056Z"],
    ["2026-11-20T08:33:48.056Z", "2026-11-20T08:33:48.056Z"],
    ["2026-11-20T08:33:48.12345678901234567890Z", "2026-11-20T08:33:48.123Z"],
    ["2026-11-20T08:33:48.5Z", "2026-11-20T08:33:48.500Z"],
    ["2026-11-20T08:33:48.05Z", "2026-11-20T08:33:48.050Z"],
    ["2026-11-20T08:33:48Z", "2026-11-20T08:33:48.000Z"],
    ["2020-02-29T23:59:59.9999Z", "2020-02-29T23:59:59.999Z"],
    // Not in the checked shape: Date.parse decides, rolling impossible dates over as it does.
    ["2021-02-29T00:00:00Z", "2021-03-01T00:00:00.000Z"],
    ["2026-11-20T24:00:00Z", "2026-11-21T00:00:00.000Z"],
    ["2026-11-20T09:33:48.056+01:00", "2026-11-20T08:33:48.056Z"],
    ["2026-11-20T08:33:60Z", FALLBACK],
    ["2026-11-20T08:33:48.Z", FALLBACK],
    ["not a time", FALLBACK],
  ])("%s -> %s", (time, stored) => {
    expect(storedTime(time, FALLBACK)).toBe(stored);
    expect(storedTime(time, FALLBACK)).toBe(reference(time, FALLBACK));
  });

  it("gives the fallback for an event without a time", () => {
    expect(storedTime(undefined, FALLBACK)).toBe(FALLBACK);
  });

  it("agrees with Date.parse and toISOString on 20,000 times near the checked shape", () => {
    // xorshift32: a linear congruential generator's low bits repeat too soon for `% n`.
    let seed = 12345;
    const rand = (n: number) => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) % n;
    };
    const pad = (v: number, w: number) => String(v).padStart(w, "0");
    const pieces = ["", "Z", ".", "+01:00", "x", " "];
    for (let i = 0; i < 20_000; i++) {
      const fraction = rand(4) === 0 ? "" : `.${pad(rand(10_000_000), 1 + rand(9)).slice(0, 1 + rand(9))}`;
      let time = `${pad(rand(3) === 0 ? rand(10_000) : 1900 + rand(200), 4)}-${pad(rand(14), 2)}-${pad(rand(33), 2)}T${pad(rand(26), 2)}:${pad(rand(61), 2)}:${pad(rand(61), 2)}${fraction}${rand(8) === 0 ? (pieces[rand(pieces.length)] as string) : "Z"}`;
      if (rand(10) === 0) {
        // A character changed anywhere.
        const at = rand(time.length);
        time = `${time.slice(0, at)}${String.fromCharCode(32 + rand(90))}${time.slice(at + 1)}`;
      }
      expect(storedTime(time, FALLBACK), time).toBe(reference(time, FALLBACK));
    }
  });
});
