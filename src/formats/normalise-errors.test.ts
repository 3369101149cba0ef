import { describe, expect, it } from "vitest";
import type { Issue } from "../core/index.js";
import { type IngestFormat, normaliseRecord } from "./normalise.js";

function issueOf(record: unknown, format?: IngestFormat): Issue {
  const r = normaliseRecord(record, format);
  if (r.ok) throw new Error(`expected a failure, got ${JSON.stringify(r.value.ecs)}`);
  const first = r.issues[0];
  if (!first) throw new Error("a failure without an issue");
  return first;
}

const SYSTEM = { EventID: 4624, Channel: "Security", Computer: "DC01" };

describe("normaliseRecord with hostile or broken input", () => {
  it("reports malformed XML with FORMAT_BAD_XML and the line and column", () => {
    const i = issueOf("<Event>\n  <System>\n    <EventID>4624</EventID>\n</Event>");
    expect(i.code).toBe("FORMAT_BAD_XML");
    expect(i.place).toEqual({ line: 4, column: 1 });
    expect(i.message).toContain("</Event> does not match <System>");
    expect(issueOf("<Event><System><Channel>a &bogus; b</Channel></System></Event>").code).toBe("FORMAT_BAD_XML");
  });

  it("refuses DOCTYPE, deep nesting and huge attributes without hanging", () => {
    const start = performance.now();
    expect(issueOf(`<!DOCTYPE Event [<!ENTITY x "xx">]><Event><System/></Event>`).code).toBe("FORMAT_XML_FORBIDDEN");
    expect(issueOf("<Event>".repeat(10_000)).code).toBe("FORMAT_XML_LIMIT");
    expect(issueOf(`<Event a="${"A".repeat(5_000_000)}"/>`).code).toBe("FORMAT_XML_LIMIT");
    expect(performance.now() - start).toBeLessThan(2000);
  });

  it("returns FORMAT_NOT_TEXT when a windows-xml record is not a string", () => {
    expect(issueOf({ Event: {} }, "windows-xml")).toMatchObject({
      code: "FORMAT_NOT_TEXT",
      message: expect.stringContaining("an object"),
    });
  });

  it("returns FORMAT_NOT_AN_OBJECT for arrays, numbers and null", () => {
    expect(issueOf([1, 2]).code).toBe("FORMAT_NOT_AN_OBJECT");
    expect(issueOf(42, "evtx-json").message).toBe("a evtx-json record must be a JSON object, got a number");
    expect(issueOf(null, "winlogbeat").code).toBe("FORMAT_NOT_AN_OBJECT");
    expect(issueOf("plain text").code).toBe("FORMAT_NOT_AN_OBJECT");
  });

  it("returns FORMAT_UNRECOGNISED when the record is not of the format asked for, or the format is unknown", () => {
    expect(issueOf({ message: "hi" }, "evtx-json").message).toContain("no Event.System object");
    expect(issueOf({ message: "hi" }, "winlogbeat").message).toContain("no winlog object");
    expect(issueOf({}, "cef" as IngestFormat)).toMatchObject({
      code: "FORMAT_UNRECOGNISED",
      message: expect.stringContaining('"cef"'),
    });
  });

  it("returns FORMAT_BAD_FIELD naming the field when EventID is an object or event_data a string", () => {
    const evtx = issueOf({ Event: { System: { ...SYSTEM, EventID: { nested: 1 } } } });
    expect(evtx).toMatchObject({
      code: "FORMAT_BAD_FIELD",
      path: "Event.System.EventID",
      place: { field: "Event.System.EventID" },
    });
    expect(evtx.message).toBe("Event.System.EventID must be an event id (an integer from 0 to 65535), got an object");
    const beat = issueOf({ winlog: { channel: "Security", event_id: 4624, event_data: "TargetUserName=bob" } });
    expect(beat).toMatchObject({
      code: "FORMAT_BAD_FIELD",
      path: "winlog.event_data",
      message: "winlog.event_data must be an object, got a string",
    });
    expect(issueOf({ Event: { System: SYSTEM, EventData: [1] } }).path).toBe("Event.EventData");
    expect(issueOf({ winlog: { channel: 7, event_id: 1 } }).path).toBe("winlog.channel");
    expect(issueOf({ winlog: { event_id: -1 } }).code).toBe("FORMAT_BAD_FIELD");
    expect(issueOf({ winlog: { event_id: "4624abc" } }).code).toBe("FORMAT_BAD_FIELD");
    expect(issueOf("<Event><System><EventID>abc</EventID></System></Event>").path).toBe("Event.System.EventID");
  });

  it("returns FORMAT_MISSING_FIELD when there is no event id", () => {
    expect(issueOf({ Event: { System: { Channel: "Security" } } })).toMatchObject({
      code: "FORMAT_MISSING_FIELD",
      path: "Event.System.EventID",
    });
    expect(issueOf({ winlog: { channel: "Security" } })).toMatchObject({
      code: "FORMAT_MISSING_FIELD",
      path: "winlog.event_id",
    });
    expect(issueOf("<Event><System><Channel>Security</Channel></System></Event>").code).toBe("FORMAT_MISSING_FIELD");
  });

  it("accepts a minimal event with missing optional fields, leaving their ECS fields out", () => {
    const r = normaliseRecord({ winlog: { event_id: 4624 } });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    // Without a channel the event's service is unknown, so not even 4624's meaning is assumed.
    expect(r.value.ecs).toEqual({ "event.code": "4624" });
    expect(r.value.event.logsource).toEqual({ product: "windows", categories: [] });
  });

  it("never throws on odd values: prototype keys, functions, symbols, huge numbers", () => {
    const odd = JSON.parse(
      '{"__proto__": {"x": 1}, "winlog": {"event_id": 1, "event_data": {"__proto__": "p", "ProcessId": 1e300}}}',
    );
    expect(() => normaliseRecord(odd)).not.toThrow();
    expect(normaliseRecord(odd).ok).toBe(true);
    for (const v of [undefined, true, Symbol.iterator, () => 1, new Date(0)])
      expect(() => normaliseRecord(v)).not.toThrow();
  });
});
