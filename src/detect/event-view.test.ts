import { describe, expect, it } from "vitest";
import { jsonDocument } from "../core/index.js";
import { EventView, FieldSlots, VIEW_EPOCH_LIMIT } from "./event-view.js";

/** The view's event number, set from outside to reach its limit without two billion events. */
function setEpoch(view: EventView, epoch: number): void {
  (view as unknown as { epoch: number }).epoch = epoch;
}

describe("EventView", () => {
  it("reads each event's own values, texts and foldings", () => {
    const slots = new FieldSlots();
    const image = slots.slot("Image");
    const view = new EventView(slots);
    view.reset(jsonDocument({ Image: "C:\\A.EXE" }));
    expect(view.text(image, 1)).toBe("c:\\a.exe");
    expect(view.foldsPlainly(image)).toBe(true);
    view.reset(jsonDocument({ Image: "İ.exe" }));
    expect(view.value(image)).toBe("İ.exe");
    expect(view.text(image, 0)).toBe("İ.exe");
    expect(view.foldsPlainly(image)).toBe(false);
    view.reset(jsonDocument({}));
    expect(view.value(image)).toBeUndefined();
    expect(view.text(image, 1)).toBeUndefined();
  });

  it("reads slots given out after the event started, uncached", () => {
    const slots = new FieldSlots();
    const view = new EventView(slots);
    view.reset(jsonDocument({ User: "alice", Image: "x.exe" }));
    const user = slots.slot("User");
    expect(view.text(user, 1)).toBe("alice");
    expect(view.foldsPlainly(user)).toBe(true);
    view.reset(jsonDocument({ User: "bob" }));
    expect(view.text(user, 1)).toBe("bob");
  });

  it("forgets every stamp when its event numbers start again", () => {
    const slots = new FieldSlots();
    const user = slots.slot("User");
    const view = new EventView(slots);
    // An event numbered 1, long ago: its stamps hold the number the restart begins with.
    setEpoch(view, 0);
    view.reset(jsonDocument({ User: "old" }));
    expect(view.text(user, 1)).toBe("old");
    expect(view.allText(0)).toContain("old");
    setEpoch(view, VIEW_EPOCH_LIMIT - 1);
    view.reset(jsonDocument({ User: "new" }));
    expect(view.value(user)).toBe("new");
    expect(view.text(user, 1)).toBe("new");
    expect(view.allText(0)).toContain("new");
  });
});
