import { describe, expect, it } from "vitest";
import { eventFromWinlogbeat, isWinlogbeat } from "./winlogbeat.js";

// A Winlogbeat 7 record (numeric ids) of a Security 4688, with the ECS fields its processors add.
const RECORD = {
  "@timestamp": "2024-05-01T09:02:00.000Z",
  message: "A new process has been created.",
  event: { code: "4688", provider: "Microsoft-Windows-Security-Auditing", action: "created-process" },
  host: { name: "dc01" },
  process: { command_line: "whoami /all", pid: 8000, executable: "C:\\Windows\\System32\\whoami.exe" },
  winlog: {
    channel: "Security",
    event_id: 4688,
    provider_name: "Microsoft-Windows-Security-Auditing",
    provider_guid: "{54849625-5478-4994-a5ba-3e3b0328c30d}",
    computer_name: "DC01.contoso.local",
    record_id: 5003,
    activity_id: "{aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee}",
    process: { pid: 640, thread: { id: 712 } },
    user: { identifier: "S-1-5-18", name: "SYSTEM", domain: "NT AUTHORITY" },
    event_data: {
      NewProcessName: "C:\\Windows\\System32\\whoami.exe",
      CommandLine: "whoami /all",
      SubjectUserName: "alice",
    },
  },
};

describe("eventFromWinlogbeat", () => {
  it("answers Sigma System names from winlog.* and EventData names from winlog.event_data", () => {
    const event = eventFromWinlogbeat(RECORD);
    if (!event) throw new Error("not recognised");
    const get = (n: string): unknown => event.doc.get(n);
    expect(get("EventID")).toBe(4688);
    expect(get("Channel")).toBe("Security");
    expect(get("Computer")).toBe("DC01.contoso.local");
    expect(get("Provider_Name")).toBe("Microsoft-Windows-Security-Auditing");
    expect(get("Security_UserID")).toBe("S-1-5-18");
    expect(get("EventRecordID")).toBe(5003);
    expect(get("Execution_ProcessID")).toBe(640);
    expect(get("Correlation_ActivityID")).toBe("{aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee}");
    expect(get("NewProcessName")).toBe("C:\\Windows\\System32\\whoami.exe");
    expect(get("SubjectUserName")).toBe("alice");
  });

  it("answers dotted ECS paths too, and gives the log source and @timestamp", () => {
    const event = eventFromWinlogbeat(RECORD);
    expect(event?.doc.get("process.command_line")).toBe("whoami /all");
    expect(event?.doc.get("winlog.user.name")).toBe("SYSTEM");
    expect(event?.logsource).toEqual({ product: "windows", service: "security", categories: ["process_creation"] });
    expect(event?.timestamp).toBe("2024-05-01T09:02:00.000Z");
  });

  it("reads Winlogbeat 8's keyword ids as numbers and falls back to event.code", () => {
    const v8 = { winlog: { channel: "Microsoft-Windows-Sysmon/Operational", event_id: "1", record_id: "77" } };
    expect(eventFromWinlogbeat(v8)?.doc.get("EventID")).toBe(1);
    expect(eventFromWinlogbeat(v8)?.doc.get("EventRecordID")).toBe(77);
    const agent = { event: { code: "4104" }, winlog: { channel: "Microsoft-Windows-PowerShell/Operational" } };
    expect(eventFromWinlogbeat(agent)?.logsource.categories).toEqual(["ps_script"]);
  });

  it("reads UserData fields by name and picks Sysmon 12's categories by EventType", () => {
    const cleared = {
      winlog: { channel: "Security", event_id: 1102, user_data: { SubjectUserName: "Administrator" } },
    };
    expect(eventFromWinlogbeat(cleared)?.doc.get("SubjectUserName")).toBe("Administrator");
    const reg = {
      winlog: { channel: "Microsoft-Windows-Sysmon/Operational", event_id: 12, event_data: { EventType: "CreateKey" } },
    };
    expect(eventFromWinlogbeat(reg)?.logsource.categories).toEqual(["registry_event", "registry_add"]);
  });

  it("visits the winlog values for keyword searches, not the rendered message", () => {
    const seen: unknown[] = [];
    eventFromWinlogbeat(RECORD)?.doc.forEachValue((v) => seen.push(v));
    expect(seen).toContain("whoami /all");
    expect(seen).not.toContain("A new process has been created.");
  });

  it("is undefined for records without a winlog object", () => {
    expect(eventFromWinlogbeat({ event: { code: "4624" } })).toBeUndefined();
    expect(eventFromWinlogbeat("winlog")).toBeUndefined();
    expect(isWinlogbeat({ winlog: [] })).toBe(false);
  });
});
