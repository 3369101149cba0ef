import { describe, expect, it } from "vitest";
import { ecsEntities } from "./ecs.js";
import { eventFromJson } from "./json/generic.js";
import { eventFromEvtxJson } from "./windows/evtx-json.js";
import { eventFromWinlogbeat } from "./windows/winlogbeat.js";

function windows(channel: string, id: number, data: Record<string, unknown>, system: Record<string, unknown> = {}) {
  const event = eventFromEvtxJson({
    Event: {
      System: { EventID: id, Channel: channel, Computer: "HOST1", EventRecordID: 1, ...system },
      EventData: data,
    },
  });
  if (!event) throw new Error("not an event");
  return ecsEntities(event);
}

const SYSMON = "Microsoft-Windows-Sysmon/Operational";

describe("ecsEntities", () => {
  it("maps Sysmon 13 registry value sets to registry.path, registry.value and the data", () => {
    const ecs = windows(SYSMON, 13, {
      EventType: "SetValue",
      Image: "C:\\Windows\\regedit.exe",
      TargetObject: "HKU\\S-1-5-21-1\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\Updater",
      Details: "C:\\Users\\Public\\u.exe",
    });
    expect(ecs).toMatchObject({
      "registry.path": "HKU\\S-1-5-21-1\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\Updater",
      "registry.value": "Updater",
      "registry.data.strings": "C:\\Users\\Public\\u.exe",
      "event.category": "registry",
      "process.name": "regedit.exe",
    });
  });

  it("gives no registry.value for a Sysmon 12 key creation", () => {
    const ecs = windows(SYSMON, 12, { EventType: "CreateKey", TargetObject: "HKLM\\SOFTWARE\\Evil" });
    expect(ecs["registry.path"]).toBe("HKLM\\SOFTWARE\\Evil");
    expect(ecs["registry.value"]).toBeUndefined();
  });

  it("puts the hashes of a loaded image under file.hash and file.pe", () => {
    const ecs = windows(SYSMON, 7, {
      ImageLoaded: "C:\\x\\evil.dll",
      Hashes: "SHA256=AABB" + "0".repeat(60) + ",IMPHASH=" + "F".repeat(32),
    });
    expect(ecs).toMatchObject({
      "file.path": "C:\\x\\evil.dll",
      "file.hash.sha256": `aabb${"0".repeat(60)}`,
      "file.pe.imphash": "f".repeat(32),
    });
    expect(ecs["process.hash.sha256"]).toBeUndefined();
  });

  it("reads the source process of Sysmon 10 process access", () => {
    const ecs = windows(SYSMON, 10, {
      SourceImage: "C:\\t\\mimikatz.exe",
      SourceProcessId: 66,
      SourceUser: "CONTOSO\\eve",
      TargetImage: "C:\\Windows\\System32\\lsass.exe",
    });
    expect(ecs).toMatchObject({
      "process.name": "mimikatz.exe",
      "process.pid": 66,
      "user.name": "eve",
      "user.domain": "CONTOSO",
    });
  });

  it("leaves out Windows' '-' placeholders, port 0 and addresses that are not addresses", () => {
    const ecs = windows("Security", 4624, {
      TargetUserName: "bob",
      IpAddress: "-",
      IpPort: "0",
      ProcessName: "-",
      WorkstationName: "-",
    });
    expect(ecs["source.ip"]).toBeUndefined();
    expect(ecs["source.port"]).toBeUndefined();
    expect(ecs["process.executable"]).toBeUndefined();
    expect(windows("Security", 4624, { IpAddress: "not-an-ip" })["source.ip"]).toBeUndefined();
  });

  it("reads Kerberos outcomes from Status and writes IPv4-mapped addresses as IPv4", () => {
    const tgt = windows("Security", 4768, {
      TargetUserName: "bob",
      Status: "0x0",
      IpAddress: "::ffff:10.1.2.3",
      IpPort: "49811",
    });
    expect(tgt).toMatchObject({ "event.outcome": "success", "source.ip": "10.1.2.3", "source.port": 49811 });
    expect(windows("Security", 4769, { Status: "0x1b", ServiceName: "cifs" })).toMatchObject({
      "event.outcome": "failure",
      "service.name": "cifs",
    });
    expect(windows("Security", 4771, { TargetUserName: "bob" })["event.outcome"]).toBe("failure");
    expect(windows("Security", 4776, { TargetUserName: "bob", Status: "0xc000006a" })["event.outcome"]).toBe("failure");
  });

  it("takes the outcome from the audit keywords when the id does not fix it", () => {
    expect(windows("Security", 5145, {}, { Keywords: "0x8010000000000000" })["event.outcome"]).toBe("failure");
    expect(windows("Security", 4698, {}, { Keywords: "0x8020000000000000" })["event.outcome"]).toBe("success");
  });

  it("names the actor by Subject* and the account acted upon as user.target, the group for 4732", () => {
    expect(
      windows("Security", 4720, { SubjectUserName: "admin", SubjectDomainName: "CONTOSO", TargetUserName: "backdoor" }),
    ).toMatchObject({
      "user.name": "admin",
      "user.domain": "CONTOSO",
      "user.target.name": "backdoor",
      "event.action": "added-user-account",
    });
    const group = windows("Security", 4732, {
      SubjectUserName: "admin",
      TargetUserName: "Administrators",
      TargetDomainName: "Builtin",
    });
    expect(group).toMatchObject({ "group.name": "Administrators", "group.domain": "Builtin" });
    expect(group["user.target.name"]).toBeUndefined();
  });

  it("maps 5156 connections, 5140 shares and 1102's UserData", () => {
    const wfp = windows("Security", 5156, {
      Application: "\\device\\harddiskvolume2\\windows\\system32\\svchost.exe",
      ProcessID: 1044,
      SourceAddress: "10.0.0.5",
      SourcePort: "53000",
      DestAddress: "10.0.0.1",
      DestPort: "445",
      Protocol: 6,
    });
    expect(wfp).toMatchObject({
      "source.ip": "10.0.0.5",
      "destination.port": 445,
      "network.transport": "tcp",
      "process.pid": 1044,
      "process.name": "svchost.exe",
    });
    expect(
      windows("Security", 5140, { SubjectUserName: "eve", IpAddress: "10.0.0.66", IpPort: "50000" }),
    ).toMatchObject({ "user.name": "eve", "source.ip": "10.0.0.66" });
    const cleared = eventFromEvtxJson({
      Event: {
        System: { EventID: 1102, Channel: "Security" },
        UserData: { LogFileCleared: { SubjectUserName: "Administrator", SubjectDomainName: "CONTOSO" } },
      },
    });
    expect(cleared && ecsEntities(cleared)).toMatchObject({
      "user.name": "Administrator",
      "event.action": "audit-log-cleared",
    });
  });

  it("reads the host application and user of PowerShell 4103 from ContextInfo", () => {
    const context =
      "        Severity = Informational\r\n        Host Application = powershell.exe -nop -w hidden -enc SQBFAFgA\r\n        User = CONTOSO\\alice\r\n";
    const ecs = windows(
      "Microsoft-Windows-PowerShell/Operational",
      4103,
      { ContextInfo: context, Payload: "x" },
      { Execution: { "#attributes": { ProcessID: 5120 } } },
    );
    expect(ecs).toMatchObject({
      "process.command_line": "powershell.exe -nop -w hidden -enc SQBFAFgA",
      "user.name": "alice",
      "user.domain": "CONTOSO",
      "process.pid": 5120,
    });
  });

  it("fills what the event does not say from the shipper's ECS fields, joining lists", () => {
    const event = eventFromWinlogbeat({
      winlog: { channel: "Security", event_id: 4624, computer_name: "DC01", event_data: { TargetUserName: "bob" } },
      event: { category: ["authentication", "session"] },
      source: { ip: "10.9.9.9", geo: { country_iso_code: "FR" } },
      user: { name: "someone-else" },
    });
    if (!event) throw new Error("not recognised");
    const ecs = ecsEntities(event);
    expect(ecs["user.name"]).toBe("bob");
    expect(ecs["source.ip"]).toBe("10.9.9.9");
    expect(ecs["event.category"]).toBe("authentication");
    expect(ecs["source.geo.country_iso_code"]).toBeUndefined();
    const locked = eventFromWinlogbeat({
      winlog: { channel: "Security", event_id: 4740 },
      event: { category: ["iam", "configuration"] },
    });
    expect(locked && ecsEntities(locked)["event.category"]).toBe("iam,configuration");
  });

  it("gives generic JSON only the ECS fields it holds and invents nothing for unknown Windows events", () => {
    const generic = eventFromJson({ host: { name: "web1" }, process: { pid: 5 }, other: 1 });
    expect(generic && ecsEntities(generic)).toEqual({ "host.name": "web1", "process.pid": 5 });
    expect(windows("System", 7045, { ServiceName: "x" })).toEqual({
      "host.name": "HOST1",
      "event.code": "7045",
      "winlog.channel": "System",
      "winlog.record_id": 1,
    });
  });
});
