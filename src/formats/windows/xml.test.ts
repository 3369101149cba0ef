import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { HAS_SHARED, SHARED } from "../../../test/support/shared.js";
import { jsonRecords } from "../json/records.js";
import { parseWindowsXml, splitWindowsXml } from "./xml.js";

function parsed(text: string): Record<string, unknown> {
  const r = parseWindowsXml(text);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
}

const LOG_CLEARED = `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'>
  <System>
    <Provider Name='Microsoft-Windows-Eventlog' Guid='{fc65ddd8-d6ef-4962-83d5-6e5cfe9ce148}'/>
    <EventID Qualifiers='0'>1102</EventID>
    <Version>0</Version><Level>4</Level><Task>104</Task><Opcode>0</Opcode>
    <Keywords>0x4020000000000000</Keywords>
    <TimeCreated SystemTime='2024-05-01T11:00:00.0000000Z'/>
    <EventRecordID>9000</EventRecordID>
    <Correlation ActivityID='{11111111-2222-3333-4444-555555555555}'/>
    <Execution ProcessID='1020' ThreadID='3300'/>
    <Channel>Security</Channel>
    <Computer>DC01.contoso.local</Computer>
    <Security/>
  </System>
  <UserData>
    <LogFileCleared xmlns='http://manifests.microsoft.com/win/2004/08/windows/eventlog'>
      <SubjectUserSid>S-1-5-21-1004336348-1177238915-682003330-500</SubjectUserSid>
      <SubjectUserName>Administrator</SubjectUserName>
      <SubjectDomainName>CONTOSO</SubjectDomainName>
      <SubjectLogonId>0x4f1a2</SubjectLogonId>
    </LogFileCleared>
  </UserData>
</Event>`;

describe("parseWindowsXml", () => {
  it("renders System like evtx JSON: attributes under #attributes, integers as numbers, empty as null", () => {
    const event = parsed(LOG_CLEARED).Event as Record<string, unknown>;
    expect(event["#attributes"]).toEqual({ xmlns: "http://schemas.microsoft.com/win/2004/08/events/event" });
    expect(event.System).toEqual({
      Provider: {
        "#attributes": { Name: "Microsoft-Windows-Eventlog", Guid: "{fc65ddd8-d6ef-4962-83d5-6e5cfe9ce148}" },
      },
      EventID: { "#attributes": { Qualifiers: 0 }, "#text": 1102 },
      Version: 0,
      Level: 4,
      Task: 104,
      Opcode: 0,
      Keywords: "0x4020000000000000",
      TimeCreated: { "#attributes": { SystemTime: "2024-05-01T11:00:00.0000000Z" } },
      EventRecordID: 9000,
      Correlation: { "#attributes": { ActivityID: "{11111111-2222-3333-4444-555555555555}" } },
      Execution: { "#attributes": { ProcessID: 1020, ThreadID: 3300 } },
      Channel: "Security",
      Computer: "DC01.contoso.local",
      Security: null,
    });
  });

  it("keeps UserData with its schema element, typing decimal values and leaving hex as text", () => {
    const event = parsed(LOG_CLEARED).Event as Record<string, unknown>;
    expect(event.UserData).toEqual({
      LogFileCleared: {
        "#attributes": { xmlns: "http://manifests.microsoft.com/win/2004/08/windows/eventlog" },
        SubjectUserSid: "S-1-5-21-1004336348-1177238915-682003330-500",
        SubjectUserName: "Administrator",
        SubjectDomainName: "CONTOSO",
        SubjectLogonId: "0x4f1a2",
      },
    });
  });

  it("names Data by its Name, gathers unnamed Data under Data.#text, and drops RenderingInfo", () => {
    const xml = `<Event><System><EventID>7045</EventID></System><EventData>
      <Data Name='ServiceName'>evil &amp; co</Data><Data Name='ImagePath'></Data><Data Name='Count'>0012</Data>
      <Data Name='Big'>12345678901234567890</Data><Data Name='Neg'>-5</Data><Data Name='__proto__'>p</Data>
      <Data>one</Data><Data>2</Data><Data/>
    </EventData><RenderingInfo Culture='en-US'><Message>m</Message></RenderingInfo></Event>`;
    const event = parsed(xml).Event as Record<string, unknown>;
    const data = event.EventData as Record<string, unknown>;
    expect(data.ServiceName).toBe("evil & co");
    expect(data.ImagePath).toBeNull();
    expect(data.Count).toBe("0012");
    expect(data.Big).toBe("12345678901234567890");
    expect(data.Neg).toBe(-5);
    expect(Object.hasOwn(data, "__proto__")).toBe(true);
    expect(Object.getPrototypeOf(data)).toBe(Object.prototype);
    expect(data.Data).toEqual({ "#text": ["one", 2, ""] });
    expect(Object.hasOwn(event, "RenderingInfo")).toBe(false);
  });

  it("returns FORMAT_NOT_WINDOWS_EVENT for another root element or an Event without System", () => {
    const other = parseWindowsXml("<Events/>");
    expect(other.ok ? undefined : other.issues[0]?.code).toBe("FORMAT_NOT_WINDOWS_EVENT");
    const bare = parseWindowsXml("<Event><EventData/></Event>");
    expect(bare.ok ? undefined : bare.issues[0]).toMatchObject({
      code: "FORMAT_NOT_WINDOWS_EVENT",
      path: "Event.System",
    });
  });
});

describe("splitWindowsXml", () => {
  it("splits the <Events> wrapper wevtutil prints into events with their lines and columns", () => {
    const text = `<?xml version="1.0"?>\n<Events>\n<!-- <Event>not this</Event> -->\n${LOG_CLEARED}\n  ${LOG_CLEARED}</Events>\n`;
    const docs = splitWindowsXml(text);
    expect(docs.map((d) => [d.line, d.column])).toEqual([
      [4, 1],
      [27, 3],
    ]);
    for (const d of docs) expect(parseWindowsXml(d.text, { origin: d }).ok).toBe(true);
  });

  it("splits events written one after another, and returns an unclosed last one for parsing to report", () => {
    const docs = splitWindowsXml(`<Event><System/></Event><Event a='>'><System/></Event>\n<Event><System>`);
    expect(docs.map((d) => d.text)).toEqual([
      "<Event><System/></Event>",
      "<Event a='>'><System/></Event>",
      "<Event><System>",
    ]);
    const last = docs[2];
    if (!last) throw new Error("missing");
    const r = parseWindowsXml(last.text, { origin: last });
    expect(r.ok ? undefined : r.issues[0]?.place).toEqual({ line: 2, column: 8 });
  });
});

const CASES = join(SHARED, "sigma", "regression", "rules", "windows", "process_creation");

function xmlOf(name: string, value: unknown, inEventData: boolean): string {
  const esc = (s: string): string =>
    s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  const open = inEventData && name !== "EventData" ? `Data Name="${esc(name)}"` : name;
  const close = inEventData && name !== "EventData" ? "Data" : name;
  if (value === null) return `<${open}/>`;
  if (typeof value !== "object") return `<${open}>${esc(String(value))}</${close}>`;
  const obj = value as Record<string, unknown>;
  const attrs = Object.entries((obj["#attributes"] as Record<string, unknown>) ?? {})
    .map(([k, v]) => ` ${k}="${esc(String(v))}"`)
    .join("");
  const body = Object.entries(obj)
    .filter(([k]) => k !== "#attributes")
    .map(([k, v]) => (k === "#text" ? esc(String(v)) : xmlOf(k, v, inEventData || name === "EventData")))
    .join("\n");
  return `<${name}${attrs}>${body}</${name}>`;
}

describe.skipIf(!HAS_SHARED || !existsSync(CASES))("XML renderings of the Sigma regression events", () => {
  it("parse to objects deep-equal to their evtx JSON (no EventData there is a decimal string)", () => {
    let checked = 0;
    for (const dir of readdirSync(CASES)) {
      for (const file of readdirSync(join(CASES, dir)).filter((f) => f.endsWith(".json"))) {
        // A case file may hold several events one after another.
        for (const record of jsonRecords(readFileSync(join(CASES, dir, file), "utf8"), file)) {
          if (!record.ok) throw new Error(`${dir}: ${record.issue.message}`);
          const json = record.value as { Event: unknown };
          const r = parseWindowsXml(xmlOf("Event", json.Event, false));
          if (!r.ok) throw new Error(`${dir}: ${JSON.stringify(r.issues)}`);
          expect(r.value, dir).toEqual(json);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(10);
  });
});
