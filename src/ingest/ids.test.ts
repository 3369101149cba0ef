import { describe, expect, it } from "vitest";
import { createIds, idTime } from "./ids.js";

describe("event ids", () => {
  it("sort in creation order and carry their time", () => {
    let clock = 1_700_000_000_000;
    const ids = createIds(() => clock, "ab12");
    const made = [ids("ev_"), ids("ev_"), ids("al_")];
    clock += 5;
    made.push(ids("ev_"));
    expect(made.map((id) => id.slice(3))).toEqual([...made.map((id) => id.slice(3))].sort());
    expect(new Set(made).size).toBe(4);
    expect(idTime(made[0] as string)).toBe(1_700_000_000_000);
    expect(idTime(made[3] as string)).toBe(1_700_000_000_005);
    expect(idTime("ev_00000001")).toBeUndefined();
  });

  it("start past the newest stored id's time when the clock has been set back", () => {
    const stored = createIds(() => 1_700_000_000_000, "ab12");
    const before = [stored("ev_"), stored("ev_")];
    const newest = idTime(before[1] as string) as number;
    // A restart with the clock an hour behind, and by bad luck the same random tag.
    const restarted = createIds(() => 1_700_000_000_000 - 3_600_000, "ab12", newest);
    const next = [restarted("ev_"), restarted("ev_")];
    for (const id of next) expect(before).not.toContain(id);
    expect((idTime(next[0] as string) as number) > newest).toBe(true);
    expect((next[0] as string) > (before[1] as string)).toBe(true);
  });
});
