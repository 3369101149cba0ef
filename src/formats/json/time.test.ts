import { describe, expect, it } from "vitest";
import { epochSecondsFromIso, isoFromText } from "./time.js";

describe("times", () => {
  it("reads ISO 8601 with Z, ±hh:mm, ±hhmm and no zone (UTC), to the microsecond", () => {
    expect(epochSecondsFromIso("2009-11-24T21:27:09.534255+0100")).toBeCloseTo(1259094429.534255, 6);
    expect(isoFromText("2024-03-01T09:15:27.1234567Z")).toBe("2024-03-01T09:15:27.123Z");
    expect(isoFromText("2024-03-01T09:15:27-05:30")).toBe("2024-03-01T14:45:27.000Z");
    expect(isoFromText("2024-03-01 09:15:27")).toBe("2024-03-01T09:15:27.000Z");
  });

  it("refuses impossible dates and other texts", () => {
    expect(isoFromText("2024-02-30T00:00:00Z")).toBeUndefined();
    expect(isoFromText("2024-03-01T25:00:00Z")).toBeUndefined();
    expect(isoFromText("yesterday")).toBeUndefined();
    expect(isoFromText("2024-03-01T00:00:00+2500")).toBeUndefined();
  });
});
