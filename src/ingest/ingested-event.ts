import { type Document, type Event, detached, jsonDocument } from "../core/index.js";
import type { NewEvent } from "./ports.js";

/** What an alert needs of an event's stored form. */
export type StoredForm = Pick<NewEvent, "id" | "timestamp" | "ecs">;

/**
 * Where an event the pipeline hands the engine keeps its stored form, for alerts of the
 * correlations that hand it back later. A property, not a WeakMap entry: one per event made
 * the young-space collections walk a table of ephemerons. Saved correlation state takes only
 * an event's own fields, so it never holds this.
 */
const STORED: unique symbol = Symbol("stored");

/** An event as the pipeline hands it to the engine. */
type IngestedEvent = Event & { readonly [STORED]?: StoredForm };

/**
 * The event the engine sees: the normalised one with the id it was stored under (so that
 * correlation state saved across a restart keeps it), and its stored form.
 */
export function ingested(e: Event, stored: NewEvent): Event {
  // Each field named (Event has these five) rather than spread: cheaper, once an event.
  return e.timestamp === undefined
    ? ({ logsource: e.logsource, doc: e.doc, raw: e.raw, id: stored.id, [STORED]: stored } as IngestedEvent)
    : ({
        logsource: e.logsource,
        timestamp: e.timestamp,
        doc: e.doc,
        raw: e.raw,
        id: stored.id,
        [STORED]: stored,
      } as IngestedEvent);
}

/** The stored form of an event the pipeline handed the engine; undefined for any other. */
export function storedFormOf(e: Event): StoredForm | undefined {
  return (e as IngestedEvent)[STORED];
}

/**
 * A copy of an event that a correlation window keeps as evidence, holding only its own data
 * (the engine's `keep` option). An event read from text is cut out of its request body: its raw
 * line, its fields and its ECS values are slices that keep the whole body (up to tens of MB)
 * alive for as long as the window is open, half an hour for a beaconing rule. The copy has its
 * raw text and ECS values copied, and, for events read from text, a document over a copy of the
 * fields it names. Events parsed from JSON hold fresh strings already and keep their document.
 */
export function evidenceCopy(e: Event): Event {
  const stored = storedFormOf(e);
  const fromText = typeof e.raw === "string";
  const copy: IngestedEvent = {
    logsource: e.logsource,
    ...(e.timestamp === undefined ? {} : { timestamp: detached(e.timestamp) }),
    doc: fromText ? fieldsSnapshot(e.doc) : e.doc,
    raw: fromText ? detached(e.raw as string) : e.raw,
    ...(e.id === undefined ? {} : { id: e.id }),
    ...(stored === undefined
      ? {}
      : { [STORED]: { id: stored.id, timestamp: stored.timestamp, ecs: detachedValues(stored.ecs) } }),
  };
  return copy;
}

function detachedValues(fields: Readonly<Record<string, string | number>>): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(fields)) out[name] = typeof value === "string" ? detached(value) : value;
  return out;
}

/** A document over copies of the values a document names (lists where a name comes twice). */
function fieldsSnapshot(doc: Document): Document {
  if (doc.forEachField === undefined) return doc;
  const fields: Record<string, unknown> = {};
  doc.forEachField((name, value) => {
    const own = typeof value === "string" ? detached(value) : value;
    const before = fields[name];
    if (before === undefined) fields[name] = own;
    else if (Array.isArray(before)) before.push(own);
    else fields[name] = [before, own];
  });
  return jsonDocument(fields);
}
