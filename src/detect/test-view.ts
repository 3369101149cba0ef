import { jsonDocument } from "../core/index.js";
import { EventView, type FieldSlots } from "./event-view.js";

/**
 * Test support: a view on one event given as plain fields, with the listed atoms marked as seen
 * by the index in this event, as rule programs read them. Not used by the product.
 */
export function viewSeeing(
  slots: FieldSlots,
  fields: Record<string, unknown>,
  seenAtoms: readonly number[] = [],
): EventView {
  const view = new EventView(slots);
  view.reset(jsonDocument(fields));
  view.atomHits = new Int32Array(16);
  view.atomEpoch = 7;
  for (const atom of seenAtoms) view.atomHits[atom] = 7;
  return view;
}
