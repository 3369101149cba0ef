import { describe, expect, it } from "vitest";
import { demoSchedule, retimed } from "./demo.js";

describe("the demo generator", () => {
  it("plays the quiet first quarter in seconds and the rest compressed, gaps cut", () => {
    const min = 60_000;
    const times = [0, 10 * min, 29 * min, 30 * min, 31 * min, 100 * min, 120 * min].map((t) => t + 1e12);
    const o = demoSchedule(times, 60);
    expect(o[0]).toBe(0);
    expect(o[2]).toBeLessThan(3000);
    expect(o[3]).toBeGreaterThanOrEqual(3000);
    // Ordered, and never more than 1.5 s between two events.
    for (let i = 1; i < o.length; i++) {
      expect(o[i] as number).toBeGreaterThanOrEqual(o[i - 1] as number);
      expect((o[i] as number) - (o[i - 1] as number)).toBeLessThanOrEqual(3000);
    }
    expect(o[o.length - 1]).toBeLessThan(70_000);
  });

  it("moves an evtx-JSON event to another time without touching the original", () => {
    const event = {
      Event: {
        System: { TimeCreated: { "#attributes": { SystemTime: "2026-11-20T08:31:12.054713Z" } }, EventRecordID: 1 },
        EventData: { UtcTime: "2026-11-20 08:31:12.050" },
      },
    };
    const moved = retimed(event, Date.parse("2027-01-02T03:04:05.678Z"), 99) as typeof event;
    expect(moved.Event.System.TimeCreated["#attributes"].SystemTime).toBe("2027-01-02T03:04:05.678000Z");
    expect(moved.Event.EventData.UtcTime).toBe("2027-01-02 03:04:05.678");
    expect(moved.Event.System.EventRecordID).toBe(99);
    expect(event.Event.System.EventRecordID).toBe(1);
  });
});
