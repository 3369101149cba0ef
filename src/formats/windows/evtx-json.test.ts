import { describe, expect, it } from "vitest";
import { EvtxJsonDocument, SYSTEM_FIELD_NAMES, eventFromEvtxJson } from "./evtx-json.js";

/** A rendered event whose System holds every field Sigma names, each with a value of its own. */
const event = {
  System: {
    Provider: { "#attributes": { Name: "Prov", Guid: "{guid}", EventSourceName: "Src" } },
    EventID: { "#text": 4688, "#attributes": { Qualifiers: 16384 } },
    Version: 2,
    Level: 0,
    Task: 13312,
    Opcode: 0,
    Keywords: "0x8020000000000000",
    TimeCreated: { "#attributes": { SystemTime: "2026-11-30T10:00:00.000Z" } },
    EventRecordID: 77,
    Correlation: { "#attributes": { ActivityID: "{act}", RelatedActivityID: "{rel}" } },
    Execution: { "#attributes": { ProcessID: 4, ThreadID: 8 } },
    Channel: "Security",
    Computer: "host.example",
    Security: { "#attributes": { UserID: "S-1-5-18" } },
  },
  EventData: { NewProcessName: "C:\\x.exe", CommandLine: ["a", "b"] },
};

describe("Windows events rendered as JSON", () => {
  it("visits every System field once, under the name and with the value `get` gives it", () => {
    const doc = new EvtxJsonDocument(event);
    const visited = new Map<string, unknown[]>();
    doc.forEachField((name, value) => visited.set(name, [...(visited.get(name) ?? []), value]));
    // TimeCreated is another name of TimeCreated_SystemTime, visited under that one.
    for (const name of SYSTEM_FIELD_NAMES.filter((n) => n !== "TimeCreated")) {
      expect([name, visited.get(name)]).toEqual([name, [doc.get(name)]]);
    }
    expect(visited.get("TimeCreated")).toBeUndefined();
    expect(visited.get("NewProcessName")).toEqual(["C:\\x.exe"]);
    expect(visited.get("CommandLine")).toEqual(["a", "b"]);
  });

  it("leaves out the fields it is told to skip and System parts that are absent", () => {
    const doc = new EvtxJsonDocument({ System: { Channel: "Security" }, EventData: { A: "1", B: "2" } });
    const names: string[] = [];
    doc.forEachField((name) => names.push(name), new Set(["A"]));
    expect(names).toEqual(["B", "Channel"]);
  });
});

describe("the texts of a Windows event (forEachText)", () => {
  /** The texts forEachField visits, as forEachText should hand them out. */
  function fieldTexts(doc: EvtxJsonDocument, skip: ReadonlySet<string> | undefined, scalars: boolean): string[] {
    const texts: string[] = [];
    doc.forEachField((name, value) => {
      if (skip?.has(name) && !SYSTEM_FIELD_NAMES.includes(name)) return;
      if (typeof value === "string") texts.push(value);
      else if (scalars) texts.push(String(value));
    });
    return texts;
  }

  function texts(doc: EvtxJsonDocument, skip: ReadonlySet<string> | undefined, scalars: boolean): string[] {
    const out: string[] = [];
    const named = new Map([...(skip ?? [])].map((name, i) => [name, i]));
    doc.forEachText({ texts: true, text: (t) => out.push(t), named: () => {} }, named, scalars);
    return out;
  }

  it("hands out the text of every value forEachField visits, numbers only when asked", () => {
    const doc = new EvtxJsonDocument(event);
    expect(texts(doc, undefined, true).sort()).toEqual(fieldTexts(doc, undefined, true).sort());
    expect(texts(doc, undefined, false).sort()).toEqual(fieldTexts(doc, undefined, false).sort());
    expect(texts(doc, undefined, true)).toContain("16384");
    expect(texts(doc, undefined, false)).not.toContain("16384");
  });

  it("leaves out skipped EventData and UserData-less fields, and lists' objects", () => {
    const doc = new EvtxJsonDocument({
      System: { Channel: "Security" },
      EventData: { A: "1", B: { "#text": "2" }, C: [true, { x: "no" }, "3"], D: null },
    });
    expect(texts(doc, new Set(["A"]), true)).toEqual(["2", "true", "3", "Security"]);
    expect(texts(doc, new Set(["A"]), false)).toEqual(["2", "3", "Security"]);
  });

  it("hands out System values that have no Sigma name, since keywords look in the whole event", () => {
    const doc = new EvtxJsonDocument({
      System: {
        Channel: "Security",
        Security: { "#attributes": { UserID: "S-1-5-18", Extra: "sekurlsa::x" } },
        Unnamed: { "#text": "t", "#attributes": { A: ["a", 1] } },
      },
    });
    expect(texts(doc, undefined, false)).toEqual(["Security", "S-1-5-18", "sekurlsa::x", "t", "a"]);
  });

  it("hands each named field's value as get answers it, and only those when texts are not wanted", () => {
    const doc = new EvtxJsonDocument(
      JSON.parse(
        '{"System":{"Channel":"Security","EventID":4688},"EventData":{"A":"1","B":{"#text":"2","#attributes":{"x":"y"}},"C":[true,"3"],"D":null,"E":{"x":1},"constructor":"c","__proto__":{"#text":"p"}}}',
      ),
    );
    const names = ["A", "B", "C", "D", "E", "constructor", "__proto__", "Channel", "EventID", "Absent", "toString"];
    const named = new Map(names.map((name, i) => [name, i]));
    const handed = new Map<string, unknown>();
    const out: string[] = [];
    doc.forEachText(
      { texts: false, text: (t) => out.push(t), named: (id, value) => handed.set(names[id] as string, value) },
      named,
      true,
    );
    expect(out).toEqual([]);
    expect([...handed.keys()].sort()).toEqual(["A", "B", "C", "D", "E", "__proto__", "constructor"]);
    for (const [name, value] of handed) expect(value).toEqual(doc.get(name));
    // Names held elsewhere or nowhere are left to `get`.
    expect(doc.get("Channel")).toBe("Security");
    expect(doc.get("Absent")).toBeUndefined();
  });

  it("hands out UserData's fields", () => {
    const doc = new EvtxJsonDocument({ System: {}, UserData: { Schema: { User: "bob", Count: 3 } } });
    expect(texts(doc, undefined, true)).toEqual(["bob", "3"]);
  });
});

describe("names Object.prototype answers for", () => {
  it("are read only from the event's own fields", () => {
    const doc = new EvtxJsonDocument(event);
    for (const name of ["constructor", "toString", "__proto__", "hasOwnProperty", "valueOf", "Event.constructor"])
      expect(doc.get(name)).toBeUndefined();
    const own = new EvtxJsonDocument(
      JSON.parse(
        '{"System":{"Channel":"Security"},"EventData":{"constructor":"c","__proto__":{"#text":"p"},"toString":null,"Nested":{"valueOf":1}}}',
      ),
    );
    expect(own.get("constructor")).toBe("c");
    expect(own.get("__proto__")).toBe("p");
    expect(own.get("toString")).toBeNull();
    expect(own.get("EventData.Nested.valueOf")).toBe(1);
    expect(own.get("EventData.Nested.toString")).toBeUndefined();
    // A text or number an event holds is read as before, through the cheap path.
    expect(own.get("Channel")).toBe("Security");
  });
});

describe("a Windows event's log source", () => {
  it("comes from System, whatever EventData holds under the same names", () => {
    const sysmon = (data: Record<string, unknown>) =>
      eventFromEvtxJson({
        Event: {
          System: { EventID: 1, Channel: "Microsoft-Windows-Sysmon/Operational" },
          EventData: { Image: "C:\\x.exe", ...data },
        },
      });
    expect(sysmon({})?.logsource).toMatchObject({ service: "sysmon", categories: ["process_creation"] });
    expect(sysmon({ Channel: "Security", EventID: 4624 })?.logsource).toBe(sysmon({})?.logsource);
  });

  it("names no service for a channel named like a property every object has", () => {
    for (const channel of ["constructor", "toString", "__proto__"]) {
      const event = eventFromEvtxJson({ Event: { System: { EventID: 1, Channel: channel } } });
      expect(event?.logsource.service).toBeUndefined();
    }
  });

  it("is the same for the same channel, asked about in turn with others", () => {
    const of = (channel: string, id: number) =>
      eventFromEvtxJson({ Event: { System: { EventID: id, Channel: channel } } })?.logsource;
    const first = of("Security", 4688);
    expect(of("Microsoft-Windows-Sysmon/Operational", 1)).toMatchObject({ categories: ["process_creation"] });
    expect(of("Security", 4688)).toBe(first);
    expect(of("Security", 4624)).not.toBe(first);
  });
});
