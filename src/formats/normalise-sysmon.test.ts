import { type ShapeCase, describeShapes } from "../../test/support/windows-shapes.js";
import type { EventSpec } from "./windows/test-shapes.js";

const SYSMON = {
  channel: "Microsoft-Windows-Sysmon/Operational",
  provider: "Microsoft-Windows-Sysmon",
  guid: "5770385F-C22A-43E0-BF4C-06F5698FFBD9",
  computer: "WS01.contoso.local",
  pid: 2900,
  tid: 3456,
  userSid: "S-1-5-18",
  keywords: "0x8000000000000000",
  version: 5,
} as const;

const SYSMON_1: EventSpec = {
  ...SYSMON,
  id: 1,
  record: 1001,
  time: "2024-05-01T10:15:30.1234567Z",
  task: 1,
  data: {
    RuleName: "-",
    UtcTime: "2024-05-01 10:15:30.120",
    ProcessGuid: "{6B1E2F3A-1111-6631-0A00-000000000F00}",
    ProcessId: 4242,
    Image: "C:\\Windows\\System32\\cmd.exe",
    CommandLine: 'cmd.exe /c whoami & echo "<done>"',
    CurrentDirectory: "C:\\Users\\alice\\",
    User: "CONTOSO\\alice",
    LogonId: "0x3e7a1",
    TerminalSessionId: 1,
    IntegrityLevel: "Medium",
    Hashes:
      "SHA1=0123456789ABCDEF0123456789ABCDEF01234567,MD5=0123456789ABCDEF0123456789ABCDEF,SHA256=AB0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCD,IMPHASH=FEDCBA9876543210FEDCBA9876543210",
    ParentProcessId: 1337,
    ParentImage: "C:\\Windows\\explorer.exe",
    ParentCommandLine: "C:\\Windows\\Explorer.EXE",
  },
};

const SYSMON_3: EventSpec = {
  ...SYSMON,
  id: 3,
  record: 1002,
  time: "2024-05-01T10:16:00.5000000Z",
  task: 3,
  data: {
    RuleName: "-",
    ProcessId: 3100,
    Image: "C:\\Windows\\System32\\rundll32.exe",
    User: "CONTOSO\\alice",
    Protocol: "tcp",
    Initiated: true,
    SourceIp: "10.0.0.23",
    SourceHostname: "WS01.contoso.local",
    SourcePort: 50123,
    DestinationIp: "198.51.100.9",
    DestinationHostname: "cdn.bad.example",
    DestinationPort: 443,
    DestinationPortName: "https",
  },
};

const SYSMON_11: EventSpec = {
  ...SYSMON,
  id: 11,
  record: 1003,
  time: "2024-05-01T10:16:05.0000000Z",
  task: 11,
  data: {
    RuleName: "-",
    ProcessId: 5120,
    Image: "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
    TargetFilename: "C:\\Users\\alice\\AppData\\Local\\Temp\\payload.dll",
    CreationUtcTime: "2024-05-01 10:16:05.000",
    User: "CONTOSO\\alice",
  },
};

const SYSMON_22: EventSpec = {
  ...SYSMON,
  id: 22,
  record: 1004,
  time: "2024-05-01T10:15:59.9000000Z",
  task: 22,
  data: {
    RuleName: "-",
    ProcessId: 3100,
    QueryName: "cdn.bad.example",
    QueryStatus: "0",
    QueryResults: "::ffff:198.51.100.9;",
    Image: "C:\\Windows\\System32\\rundll32.exe",
    User: "CONTOSO\\alice",
  },
};

const CASES: readonly ShapeCase[] = [
  {
    name: "Sysmon 1 process creation",
    spec: SYSMON_1,
    logsource: { service: "sysmon", categories: ["process_creation"] },
    sigma: {
      Image: "C:\\Windows\\System32\\cmd.exe",
      CommandLine: 'cmd.exe /c whoami & echo "<done>"',
      User: "CONTOSO\\alice",
    },
    ecs: {
      "process.executable": "C:\\Windows\\System32\\cmd.exe",
      "process.name": "cmd.exe",
      "process.pid": 4242,
      "process.command_line": 'cmd.exe /c whoami & echo "<done>"',
      "process.parent.executable": "C:\\Windows\\explorer.exe",
      "process.parent.pid": 1337,
      "process.parent.command_line": "C:\\Windows\\Explorer.EXE",
      "process.hash.md5": "0123456789abcdef0123456789abcdef",
      "process.hash.sha1": "0123456789abcdef0123456789abcdef01234567",
      "process.hash.sha256": "ab0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd",
      "process.pe.imphash": "fedcba9876543210fedcba9876543210",
      "user.name": "alice",
      "user.domain": "CONTOSO",
      "event.category": "process",
      "event.action": "process-created",
    },
  },
  {
    name: "Sysmon 3 network connection",
    spec: SYSMON_3,
    logsource: { service: "sysmon", categories: ["network_connection"] },
    sigma: { DestinationHostname: "cdn.bad.example", Image: "C:\\Windows\\System32\\rundll32.exe" },
    ecs: {
      "source.ip": "10.0.0.23",
      "source.port": 50123,
      "destination.ip": "198.51.100.9",
      "destination.port": 443,
      "destination.domain": "cdn.bad.example",
      "network.transport": "tcp",
      "process.name": "rundll32.exe",
      "process.pid": 3100,
      "event.category": "network",
    },
  },
  {
    name: "Sysmon 11 file create",
    spec: SYSMON_11,
    logsource: { service: "sysmon", categories: ["file_event"] },
    sigma: { TargetFilename: "C:\\Users\\alice\\AppData\\Local\\Temp\\payload.dll" },
    ecs: {
      "file.path": "C:\\Users\\alice\\AppData\\Local\\Temp\\payload.dll",
      "file.name": "payload.dll",
      "process.name": "powershell.exe",
      "event.action": "file-created",
    },
  },
  {
    name: "Sysmon 22 DNS query",
    spec: SYSMON_22,
    logsource: { service: "sysmon", categories: ["dns_query"] },
    sigma: { QueryName: "cdn.bad.example" },
    ecs: { "dns.question.name": "cdn.bad.example", "process.pid": 3100, "event.action": "dns-query" },
  },
];

describeShapes(CASES);
