import { readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Event } from "../src/core/index.js";
import { type Detection, type SigmaEngine, createEngine } from "../src/detect/index.js";
import { eventFromJson } from "../src/formats/index.js";
import { type SigmaDocument, type SigmaRule, parsePipeline } from "../src/sigma/index.js";
import { type LoadedRules, loadRuleFiles, readRecords } from "../src/sources/index.js";
import { REPO } from "./support/shared.js";

const RULES = join(REPO, "rules");
const SAMPLE = join(REPO, "samples", "intrusion.ndjson");
const PIPELINE = join(REPO, "pipelines", "windows-security.yml");

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const TECHNIQUE = /^attack\.t\d{4}(\.\d{3})?$/;
const TACTICS = new Set([
  "attack.reconnaissance",
  "attack.resource-development",
  "attack.initial-access",
  "attack.execution",
  "attack.persistence",
  "attack.privilege-escalation",
  "attack.defense-evasion",
  "attack.credential-access",
  "attack.discovery",
  "attack.lateral-movement",
  "attack.collection",
  "attack.command-and-control",
  "attack.exfiltration",
  "attack.impact",
]);

/** How many times each rule (by file name) fires on the sample: all of it the intrusion. */
const EXPECTED_MATCHES: Readonly<Record<string, number>> = {
  "proc_creation_win_office_child_shell.yml": 1,
  "proc_creation_win_powershell_encoded_command.yml": 1,
  "proc_creation_win_powershell_encoded_download_cradle.yml": 1,
  "proc_creation_win_powershell_download_cradle.yml": 1,
  "proc_creation_win_defender_realtime_disabled.yml": 1,
  "net_connection_win_staging_folder_external.yml": 2,
  "proc_creation_win_whoami_privileges.yml": 1,
  "proc_creation_win_net_domain_admins.yml": 1,
  "proc_creation_win_nltest_domain_discovery.yml": 2,
  "proc_creation_win_procdump_lsass.yml": 1,
  "proc_access_win_lsass_memory_read.yml": 2,
  "file_event_win_lsass_dump_file.yml": 2,
  "proc_creation_win_comsvcs_minidump.yml": 1,
  "proc_creation_win_reg_save_sam_system.yml": 2,
  "win_security_ntlm_network_logon_no_key.yml": 1,
  "win_system_psexec_service_installed.yml": 1,
  "proc_creation_win_psexec_service_child.yml": 1,
  "proc_creation_win_net_user_add.yml": 2,
  "proc_creation_win_wmic_remote_process_create.yml": 1,
  "proc_creation_win_wmiprvse_shell.yml": 1,
  "proc_creation_win_compress_archive_staging.yml": 2,
  "proc_creation_win_sc_remote_service_create.yml": 1,
  "win_system_service_user_writable_path.yml": 1,
  "registry_set_win_run_key_user_writable.yml": 1,
  "proc_creation_win_schtasks_create_suspicious.yml": 1,
  "proc_creation_win_archive_staging_public.yml": 1,
  "file_event_win_archive_in_public_folder.yml": 1,
  "proc_creation_win_curl_upload.yml": 1,
  "proc_creation_win_bitsadmin_upload.yml": 1,
  "proc_creation_win_rclone_exfil.yml": 1,
  "proc_creation_win_clear_event_log_cli.yml": 1,
  "win_security_audit_log_cleared.yml": 1,
};

/** Each stage of the intrusion and the rules (by file name) any of which must see it. */
const STAGES: Readonly<Record<string, readonly string[]>> = {
  "macro starts PowerShell": ["proc_creation_win_office_child_shell.yml"],
  "encoded command and download cradle": [
    "proc_creation_win_powershell_encoded_command.yml",
    "proc_creation_win_powershell_encoded_download_cradle.yml",
    "proc_creation_win_powershell_download_cradle.yml",
  ],
  "Defender tampering": ["proc_creation_win_defender_realtime_disabled.yml"],
  "implant calls home": ["net_connection_win_staging_folder_external.yml"],
  discovery: [
    "proc_creation_win_whoami_privileges.yml",
    "proc_creation_win_net_domain_admins.yml",
    "proc_creation_win_nltest_domain_discovery.yml",
  ],
  "LSASS dumping": [
    "proc_creation_win_procdump_lsass.yml",
    "proc_access_win_lsass_memory_read.yml",
    "proc_creation_win_comsvcs_minidump.yml",
  ],
  "registry hives saved": ["proc_creation_win_reg_save_sam_system.yml"],
  "stolen credential used": ["win_security_ntlm_network_logon_no_key.yml"],
  "PsExec lateral movement": ["win_system_psexec_service_installed.yml", "proc_creation_win_psexec_service_child.yml"],
  "WMI lateral movement": ["proc_creation_win_wmic_remote_process_create.yml", "proc_creation_win_wmiprvse_shell.yml"],
  "remote service": ["proc_creation_win_sc_remote_service_create.yml", "win_system_service_user_writable_path.yml"],
  "backdoor account": ["proc_creation_win_net_user_add.yml"],
  "Run key": ["registry_set_win_run_key_user_writable.yml"],
  "scheduled task": ["proc_creation_win_schtasks_create_suspicious.yml"],
  staging: [
    "proc_creation_win_archive_staging_public.yml",
    "file_event_win_archive_in_public_folder.yml",
    "proc_creation_win_compress_archive_staging.yml",
  ],
  exfiltration: [
    "proc_creation_win_curl_upload.yml",
    "proc_creation_win_rclone_exfil.yml",
    "proc_creation_win_bitsadmin_upload.yml",
  ],
  "log clearing": ["win_security_audit_log_cleared.yml", "proc_creation_win_clear_event_log_cli.yml"],
};

// What the benign background is made of: hosts never touched by the intruder, programs, accounts
// and services of everyday use, and everything before the phishing attachment was opened.
const BENIGN_HOSTS = new Set(["WS-HR-03.corp.example", "DC-01.corp.example"]);
const BENIGN_PROGRAMS = new Set([
  "chrome.exe",
  "ms-teams.exe",
  "onedrive.exe",
  "onedrivestandaloneupdater.exe",
  "svchost.exe",
  "explorer.exe",
  "msmpeng.exe",
  "mpcmdrun.exe",
  "searchprotocolhost.exe",
  "taskhostw.exe",
  "backgroundtaskhost.exe",
  "outlook.exe",
  "excel.exe",
  "7zg.exe",
  "veeam.endpoint.tray.exe",
]);
const BENIGN_ACCOUNTS = new Set(["j.doe", "m.keller", "svc_scan", "svc_printsync", "anonymous logon"]);
const BENIGN_SERVICES = new Set(["MicrosoftEdgeUpdate", "VeeamDeploySvc"]);
const INTRUSION_START = Date.parse("2026-11-20T09:01:00Z");

function text(event: Event, field: string): string {
  const v = event.doc.get(field);
  return v === undefined || v === null ? "" : String(v);
}

function program(path: string): string {
  return path.slice(path.lastIndexOf("\\") + 1).toLowerCase();
}

/** Why an event belongs to the benign background, or undefined when it may be the intrusion's. */
function benignReason(event: Event): string | undefined {
  const host = text(event, "Computer");
  if (BENIGN_HOSTS.has(host)) return `host ${host}`;
  if (event.timestamp !== undefined && Date.parse(event.timestamp) < INTRUSION_START) return "before the intrusion";
  for (const field of ["Image", "SourceImage", "NewProcessName"]) {
    const p = program(text(event, field));
    if (BENIGN_PROGRAMS.has(p)) return `program ${p}`;
  }
  const account = text(event, "TargetUserName").toLowerCase();
  if (BENIGN_ACCOUNTS.has(account)) return `account ${account}`;
  const service = text(event, "ServiceName");
  if (BENIGN_SERVICES.has(service)) return `service ${service}`;
  const cmd = text(event, "CommandLine");
  if (cmd.includes("\\NETLOGON\\") || cmd.includes("\\Documents\\Archive\\")) return "logon script or user archive";
  return undefined;
}

function isRule(d: SigmaDocument): d is SigmaRule {
  return d.kind === "rule";
}

describe("starter rules", () => {
  let loaded: LoadedRules;
  let engine: SigmaEngine;
  let events: Event[];
  let detections: Detection[];
  /** Rule id → file name. */
  const fileOf = new Map<string, string>();

  beforeAll(async () => {
    loaded = await loadRuleFiles([RULES]);
    for (const d of loaded.documents) fileOf.set(d.id, basename(d.source.file));
    const pipeline = parsePipeline(readFileSync(PIPELINE, "utf8"), PIPELINE);
    engine = createEngine({ documents: loaded.documents, pipelines: [pipeline] });
    events = [];
    detections = [];
    for await (const r of readRecords(SAMPLE)) {
      if (!r.ok) throw new Error(`${SAMPLE}: ${r.message}`);
      const event = eventFromJson(r.value, { logsources: pipeline.logsources });
      if (!event) throw new Error(`${SAMPLE}: record ${r.record} is not a Windows event`);
      events.push(event);
      detections.push(...engine.match(event));
    }
    detections.push(...engine.flush());
  });

  it("load without a skipped document", () => {
    expect(loaded.skipped).toEqual([]);
    expect(engine.skipped).toEqual([]);
    expect(loaded.filesLoaded).toBe(loaded.files);
    expect(engine.rules.length).toBeGreaterThanOrEqual(20);
    expect(engine.correlations.length).toBeGreaterThanOrEqual(1);
  });

  it("carry a UUID, a level, a description and ATT&CK tactic and technique tags", () => {
    const ids = new Set<string>();
    for (const d of loaded.documents) {
      const where = `${d.source.file}:${d.source.line}`;
      expect(d.id, where).toMatch(UUID_V4);
      expect(ids.has(d.id), `${where}: duplicate id ${d.id}`).toBe(false);
      ids.add(d.id);
      expect(d.status, where).toBe("experimental");
      expect(d.description?.trim(), where).toBeTruthy();
      if (d.kind === "filter") continue;
      expect(["informational", "low", "medium", "high", "critical"], where).toContain(d.level);
      expect(
        d.tags.some((t) => TECHNIQUE.test(t)),
        `${where}: no attack.tNNNN tag`,
      ).toBe(true);
      expect(
        d.tags.some((t) => TACTICS.has(t)),
        `${where}: no ATT&CK tactic tag`,
      ).toBe(true);
    }
    for (const r of loaded.documents.filter(isRule)) {
      const where = `${r.source.file}:${r.source.line}`;
      expect(r.author, where).toBe("Tocsin");
      expect(r.date, where).toBe("2026-11-23");
      expect(r.falsepositives.length, where).toBeGreaterThan(0);
    }
  });

  it("keep one detection rule per file, apart from correlations and the rules (or correlations) they chain", () => {
    const perFile = new Map<string, SigmaDocument[]>();
    for (const d of loaded.documents) perFile.set(d.source.file, [...(perFile.get(d.source.file) ?? []), d]);
    for (const [file, docs] of perFile) {
      const rules = docs.filter(isRule);
      const correlations = docs.filter((d) => d.kind === "correlation");
      if (correlations.length === 0) expect(rules, file).toHaveLength(1);
      for (const c of correlations) {
        if (c.kind !== "correlation") continue;
        for (const ref of c.rules)
          expect(
            [...rules, ...correlations].some((r) => r !== c && (r.name === ref || r.id === ref)),
            `${file}: ${ref}`,
          ).toBe(true);
      }
    }
  });

  it("has a sample in time order, with increasing record ids per host and mostly benign events", () => {
    expect(statSync(SAMPLE).size).toBeLessThan(400_000);
    expect(events.length).toBeGreaterThan(200);
    const lastId = new Map<string, number>();
    let lastTime = 0;
    for (const e of events) {
      const time = Date.parse(e.timestamp ?? "");
      expect(time).toBeGreaterThanOrEqual(lastTime);
      lastTime = time;
      const host = text(e, "Computer");
      const id = Number(text(e, "EventRecordID"));
      expect(id).toBeGreaterThan(lastId.get(host) ?? 0);
      lastId.set(host, id);
    }
    expect([...lastId.keys()].sort()).toEqual([
      "DC-01.corp.example",
      "SRV-FILE-01.corp.example",
      "WS-FIN-07.corp.example",
      "WS-HR-03.corp.example",
    ]);
    const first = Date.parse(events[0]?.timestamp ?? "");
    expect(lastTime - first).toBeGreaterThan(100 * 60_000);
    const benign = events.filter((e) => benignReason(e) !== undefined).length;
    // The classification above is deliberately partial; even so the background outweighs the intrusion.
    expect(benign).toBeGreaterThanOrEqual(3 * (events.length - benign));
  });

  it("see every stage of the intrusion", () => {
    const fired = new Set(detections.filter((d) => d.kind === "match").map((d) => fileOf.get(d.rule.id)));
    for (const [stage, files] of Object.entries(STAGES)) {
      expect(
        files.some((f) => fired.has(f)),
        `stage "${stage}" went unseen`,
      ).toBe(true);
    }
  });

  it("fire exactly as expected on the intrusion", () => {
    const counts: Record<string, number> = {};
    for (const d of detections) {
      if (d.kind !== "match") continue;
      const file = fileOf.get(d.rule.id) ?? d.rule.id;
      counts[file] = (counts[file] ?? 0) + 1;
    }
    expect(counts).toEqual(EXPECTED_MATCHES);
  });

  it("stay silent on the benign background", () => {
    const noisy = detections
      .filter((d): d is Extract<Detection, { kind: "match" }> => d.kind === "match")
      .map((d) => ({ rule: d.rule.title, reason: benignReason(d.event), record: text(d.event, "EventRecordID") }))
      .filter((n) => n.reason !== undefined);
    expect(noisy).toEqual([]);
  });

  it("raise the brute-force correlation exactly once, for the spraying workstation", () => {
    const hits = detections.filter((d) => d.kind === "correlation");
    expect(hits).toHaveLength(1);
    const hit = hits[0];
    if (hit?.kind !== "correlation") throw new Error("no correlation");
    expect(fileOf.get(hit.rule.id)).toBe("win_security_failed_logon_burst.yml");
    expect(hit.hit.group).toEqual({ IpAddress: "10.20.1.57" });
    expect(hit.hit.value).toBe(10);
    expect(hit.hit.lastMs - hit.hit.firstMs).toBeLessThanOrEqual(5 * 60_000);
    // The base rule only feeds the correlation: single failed logons are no alerts.
    expect(detections.some((d) => d.kind === "match" && d.rule.name === "tocsin_failed_logon_with_source_ip")).toBe(
      false,
    );
  });
});
