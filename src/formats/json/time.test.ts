import { describe, expect, it } from "vitest";
import { epochSecondsFromIso, isoFromEpochSeconds, isoFromText } from "./time.js";

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

describe("isoFromEpochSeconds", () => {
  it("writes milliseconds with three digits, truncated, across second boundaries", () => {
    expect(isoFromEpochSeconds(1714557600.0071)).toBe("2024-05-01T10:00:00.007Z");
    expect(isoFromEpochSeconds(1714557600.0999)).toBe("2024-05-01T10:00:00.099Z");
    expect(isoFromEpochSeconds(1714557601.5)).toBe("2024-05-01T10:00:01.500Z");
    expect(isoFromEpochSeconds(1714557600.9999995)).toBe("2024-05-01T10:00:01.000Z");
    expect(isoFromEpochSeconds(0)).toBe("1970-01-01T00:00:00.000Z");
    expect(isoFromEpochSeconds(-1)).toBeUndefined();
    expect(isoFromEpochSeconds(Number.NaN)).toBeUndefined();
  });

  it("knows leap years", () => {
    expect(isoFromText("2024-02-29T00:00:00Z")).toBe("2024-02-29T00:00:00.000Z");
    expect(isoFromText("2023-02-29T00:00:00Z")).toBeUndefined();
    expect(isoFromText("2000-02-29T00:00:00Z")).toBe("2000-02-29T00:00:00.000Z");
    expect(isoFromText("1900-02-29T00:00:00Z")).toBeUndefined();
  });
});
