import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Event } from "../src/core/index.js";
import { type Detection, createEngine } from "../src/detect/index.js";
import { decodeBody, formatById } from "../src/ingest/index.js";
import { parsePipeline } from "../src/sigma/index.js";
import { type LoadedRules, loadRuleFiles } from "../src/sources/index.js";
import { REPO } from "./support/shared.js";

// The demo intrusion as the network, the perimeter firewall and Entra ID saw it, run through
// the path the server takes (the body decoded by the registered LogFormat named by ?format=,
// then the engine with every rule of rules/), and the network and identity rules that catch it.

const RULES = join(REPO, "rules");
const PIPELINE = join(REPO, "pipelines", "windows-security.yml");
const SAMPLES: readonly { file: string; format: string }[] = [
  { file: "network-zeek-dns.ndjson", format: "zeek" },
  { file: "network-zeek-http.ndjson", format: "zeek" },
  { file: "network-zeek-conn.ndjson", format: "zeek" },
  { file: "firewall.log", format: "cef" },
  { file: "signin-entra.ndjson", format: "entra" },
  { file: "linux-auth.log", format: "linux-auth" },
];

/** How many times each rule (by file name) fires on the samples; correlations count their hits. */
const EXPECTED: Readonly<Record<string, number>> = {
  // sso.c0rp.example (the phishing page), sync.c0rp.example (the C2 name, looked up twice).
  "net_dns_corp_domain_lookalike.yml": 3,
  // upd.ps1 by the macro's cradle, then pd.bin, rc.bin, od.bin by iwr, all from 203.0.113.45.
  "zeek_http_executable_download_from_ip.yml": 4,
  // The implant posts its discovery output to paste.example.net.
  "zeek_http_upload_paste_file_sharing.yml": 1,
  // odsync.exe calls 203.0.113.45:443 every two minutes from 09:04 to 10:27: ten calls, four times.
  "zeek_conn_beaconing.yml": 4,
  // wmic /node:10.20.5.10 opens the RPC endpoint mapper; the WinRM attempts before it were denied.
  "net_firewall_remote_admin_from_workstation_zone.yml": 1,
  // curl and bitsadmin to 198.51.100.23:8443.
  "net_firewall_outbound_unusual_port.yml": 2,
  // The attacker's two sign-ins as j.doe from Bucharest, after five denied pushes.
  "azure_signin_risky_success.yml": 2,
  "azure_signin_outside_company_countries.yml": 2,
  "azure_signin_mfa_fatigue.yml": 1,
  // Twelve guesses at jump-01 over SSH from 203.0.113.77, then j.doe's phished password works.
  "lnx_sshd_brute_force_then_success.yml": 1,
};

/** The intruder's infrastructure: every detection must involve one of these, nothing else may. */
const ATTACKER_IPS = new Set(["203.0.113.45", "203.0.113.46", "203.0.113.77", "198.51.100.23", "198.51.100.61"]);

function text(event: Event, field: string): string {
  const v = event.doc.get(field);
  return v === undefined || v === null ? "" : String(v);
}

/** Why an event is the intrusion's, or undefined when it is benign background. */
function intrusionReason(event: Event): string | undefined {
  for (const field of ["id.resp_h", "dst_ip", "src_ip", "ipAddress", "source_ip"]) {
    const ip = text(event, field);
    if (ATTACKER_IPS.has(ip)) return `${field} ${ip}`;
  }
  const query = text(event, "query");
  if (query.endsWith(".c0rp.example")) return `query ${query}`;
  // Lateral movement from the compromised workstation to the file server.
  if (text(event, "src_ip") === "10.20.1.57" && text(event, "dst_ip") === "10.20.5.10") return "lateral movement";
  return undefined;
}

function eventsOf(d: Detection): readonly Event[] {
  return d.kind === "match" ? [d.event] : d.hit.events;
}

describe("starter rules on the network, firewall and sign-in logs of the demo intrusion", () => {
  let loaded: LoadedRules;
  let detections: Detection[];
  let events: Event[];
  const fileOf = new Map<string, string>();
  const refused: string[] = [];

  beforeAll(async () => {
    loaded = await loadRuleFiles([RULES]);
    for (const d of loaded.documents) fileOf.set(d.id, basename(d.source.file));
    const pipeline = parsePipeline(readFileSync(PIPELINE, "utf8"), PIPELINE);
    const engine = createEngine({ documents: loaded.documents, pipelines: [pipeline] });
    events = [];
    for (const sample of SAMPLES) {
      const choice = formatById(sample.format);
      if (!choice) throw new Error(`no format ${sample.format}`);
      const body = readFileSync(join(REPO, "samples", sample.file), "utf8");
      for (const r of decodeBody(body, { format: choice }).records) {
        if (!r.ok) refused.push(`${sample.file}:${r.line}: ${r.code} ${r.reason}`);
        else if (r.prepared) events.push(r.prepared.event);
      }
    }
    // As the demo plays them: all files merged in time order.
    events.sort((a, b) => Date.parse(a.timestamp ?? "") - Date.parse(b.timestamp ?? ""));
    detections = events.flatMap((e) => engine.match(e));
    detections.push(...engine.flush());
  });

  it("parse every record of every sample, with the log sources the rules are written for", () => {
    expect(refused).toEqual([]);
    const sources = new Set(
      events.map((e) => [e.logsource.product, e.logsource.service, ...e.logsource.categories].join("/")),
    );
    expect([...sources].sort()).toEqual(
      [
        "azure/signinlogs",
        "linux/auth",
        "linux/sshd",
        "linux/sudo",
        "edge firewall//firewall",
        "zeek/conn",
        "zeek/dns/dns",
        "zeek/http",
      ].sort(),
    );
    expect(events.length).toBeGreaterThan(300);
    for (const e of events) {
      const t = Date.parse(e.timestamp ?? "");
      expect(t).toBeGreaterThanOrEqual(Date.parse("2026-11-20T08:31:12Z"));
      expect(t).toBeLessThanOrEqual(Date.parse("2026-11-20T10:27:47Z"));
    }
  });

  it("fire exactly as expected, and only the network and identity rules", () => {
    const counts: Record<string, number> = {};
    for (const d of detections) {
      const file = fileOf.get(d.rule.id) ?? d.rule.id;
      counts[file] = (counts[file] ?? 0) + 1;
    }
    expect(counts).toEqual(EXPECTED);
  });

  it("stay silent on the benign background", () => {
    const noisy = detections.flatMap((d) =>
      eventsOf(d)
        .filter((e) => intrusionReason(e) === undefined)
        .map((e) => ({ rule: d.rule.title, time: e.timestamp, raw: e.raw })),
    );
    expect(noisy).toEqual([]);
    // The background is most of each sample.
    const intrusion = events.filter((e) => intrusionReason(e) !== undefined).length;
    expect(events.length - intrusion).toBeGreaterThan(intrusion);
  });

  it("see each stage of the intrusion on the wire and in the sign-in log", () => {
    const at = (file: string) =>
      detections.filter((d) => fileOf.get(d.rule.id) === file).map((d) => eventsOf(d).at(-1)?.timestamp?.slice(11, 19));
    expect(at("net_dns_corp_domain_lookalike.yml")).toEqual(["09:00:40", "09:04:05", "10:04:06"]);
    expect(at("zeek_http_executable_download_from_ip.yml")).toEqual(["09:02:09", "09:03:15", "09:03:24", "09:03:31"]);
    expect(at("zeek_http_upload_paste_file_sharing.yml")).toEqual(["09:10:40"]);
    expect(at("net_firewall_remote_admin_from_workstation_zone.yml")).toEqual(["09:32:02"]);
    expect(at("net_firewall_outbound_unusual_port.yml")).toEqual(["10:08:32", "10:09:01"]);
    expect(at("azure_signin_mfa_fatigue.yml")).toEqual(["09:52:31"]);
    expect(at("lnx_sshd_brute_force_then_success.yml")).toEqual(["09:38:41"]);
  });

  it("group the beaconing by host and destination, ten calls at a time", () => {
    const hits = detections.filter(
      (d) => d.kind === "correlation" && fileOf.get(d.rule.id) === "zeek_conn_beaconing.yml",
    );
    for (const d of hits) {
      if (d.kind !== "correlation") continue;
      expect(d.hit.group).toEqual({ "id.orig_h": "10.20.1.57", "id.resp_h": "203.0.113.45" });
      expect(d.hit.value).toBe(10);
      expect(d.hit.lastMs - d.hit.firstMs).toBeLessThanOrEqual(30 * 60_000);
    }
  });

  it("raise MFA fatigue once, for the phished user, and keep its base rules silent", () => {
    const hit = detections.find((d) => fileOf.get(d.rule.id) === "azure_signin_mfa_fatigue.yml");
    if (hit?.kind !== "correlation") throw new Error("no MFA fatigue correlation");
    expect(hit.rule.type).toBe("temporal_ordered");
    expect(hit.hit.group).toEqual({ userPrincipalName: "j.doe@corp.example" });
    const names = detections.map((d) => d.rule.name);
    expect(names).not.toContain("tocsin_entra_mfa_denied");
    expect(names).not.toContain("tocsin_entra_mfa_success");
    expect(names).not.toContain("tocsin_entra_mfa_denied_burst");
    expect(names).not.toContain("tocsin_zeek_outbound_connection");
  });

  it("raise the SSH brute force once, for the intruder's address, after eight rejected guesses", () => {
    const hit = detections.find((d) => fileOf.get(d.rule.id) === "lnx_sshd_brute_force_then_success.yml");
    if (hit?.kind !== "correlation") throw new Error("no SSH brute force correlation");
    expect(hit.hit.group).toEqual({ source_ip: "203.0.113.77" });
    expect(hit.hit.events.map((e) => text(e, "msg"))).toContain(
      "Accepted password for j.doe from 203.0.113.77 port 40190 ssh2",
    );
    const names = detections.map((d) => d.rule.name);
    expect(names).not.toContain("tocsin_sshd_failed_login");
    expect(names).not.toContain("tocsin_sshd_failed_login_burst");
  });
});

// Each network and identity rule on records it must catch and on look-alikes it must leave alone.

const T0 = Date.parse("2026-11-21T10:00:00Z");
const zeek = (path: string, s: number, fields: Record<string, unknown>) =>
  JSON.stringify({ _path: path, ts: (T0 + s * 1000) / 1000, uid: `C${path}${s}`, ...fields });
const dnsQuery = (query: string) =>
  zeek("dns", 0, { "id.orig_h": "10.1.2.3", "id.resp_h": "10.1.0.10", "id.resp_p": 53, proto: "udp", query });
const httpGet = (host: string, uri: string, extra: Record<string, unknown> = {}) =>
  zeek("http", 0, {
    "id.orig_h": "10.1.2.3",
    "id.resp_h": extra.ip ?? "198.51.100.9",
    method: "GET",
    host,
    uri,
    ...extra,
  });
const conn = (s: number, dst: string) =>
  zeek("conn", s, {
    "id.orig_h": "10.1.2.3",
    "id.orig_p": 50000 + s,
    "id.resp_h": dst,
    "id.resp_p": 443,
    proto: "tcp",
  });
const every = (seconds: number, n: number, dst: string) =>
  Array.from({ length: n }, (_, i) => conn(i * seconds, dst)).join("\n");
const firewall = (from: string, to: string, dst: string, port: number, act: string, proto = "TCP") =>
  `<134>1 2026-11-21T10:00:00Z fw CEF - - - CEF:0|Tocsin Demo|Edge Firewall|9.1.4|traffic|Traffic|3|src=10.1.2.3 spt=50123 dst=${dst} dpt=${port} proto=${proto} act=${act} cs4Label=SrcZone cs4=${from} cs5Label=DstZone cs5=${to}`;
const signIn = (s: number, user: string, code: number, o: Record<string, unknown> = {}) =>
  JSON.stringify({
    time: new Date(T0 + s * 1000).toISOString(),
    category: "SignInLogs",
    operationName: "Sign-in activity",
    resultType: String(code),
    properties: {
      userPrincipalName: `${user}@corp.example`,
      status: { errorCode: code, ...(o.details ? { additionalDetails: o.details } : {}) },
      authenticationRequirement: "multiFactorAuthentication",
      riskLevelDuringSignIn: o.risk ?? "none",
      location: o.country === null ? {} : { countryOrRegion: o.country ?? "DE" },
    },
  });
const denied = (s: number, user = "eve") =>
  signIn(s, user, 500121, { details: "MFA denied; user declined the authentication" });

const sshd = (s: number, msg: string) => `${new Date(T0 + s * 1000).toISOString()} jump-01 sshd[${4000 + s}]: ${msg}`;
const guesses = (ip: string, n: number, gap = 10) =>
  Array.from({ length: n }, (_, i) =>
    sshd(i * gap, `Failed password for invalid user u${i} from ${ip} port 40000 ssh2`),
  );

const CASES: { file: string; format: string; hit: string; miss: string[] }[] = [
  {
    file: "network/dns/net_dns_corp_domain_lookalike.yml",
    format: "zeek",
    hit: dnsQuery("login.corp-example.test"),
    miss: [dnsQuery("intranet.corp.example"), dnsQuery("corp-my.sharepoint.com")],
  },
  {
    file: "network/zeek/zeek_http_executable_download_from_ip.yml",
    format: "zeek",
    hit: httpGet("198.51.100.9:8080", "/a/invoice.hta"),
    miss: [
      httpGet("downloads.example.com", "/tools/setup.exe", { resp_mime_types: ["application/x-dosexec"] }),
      httpGet("10.20.7.40", "/fw/update.bin", { ip: "10.20.7.40", resp_mime_types: ["application/x-dosexec"] }),
      httpGet("198.51.100.9", "/index.html", { resp_mime_types: ["text/html"] }),
    ],
  },
  {
    file: "network/zeek/zeek_http_upload_paste_file_sharing.yml",
    format: "zeek",
    hit: httpGet("paste.example.net", "/api/v1/pastes", { method: "POST", request_body_len: 4096 }),
    miss: [
      httpGet("paste.example.net", "/raw/k3Jd9aQe"),
      httpGet("intranet.corp.example", "/upload", { method: "POST" }),
    ],
  },
  {
    file: "network/zeek/zeek_conn_beaconing.yml",
    format: "zeek",
    hit: every(120, 10, "203.0.113.9"),
    miss: [every(300, 10, "203.0.113.9"), every(60, 12, "10.20.5.10")],
  },
  {
    file: "network/firewall/net_firewall_remote_admin_from_workstation_zone.yml",
    format: "cef",
    hit: firewall("workstations", "servers", "10.20.5.10", 135, "allow"),
    miss: [
      firewall("infra", "servers", "10.20.5.10", 135, "allow"),
      firewall("workstations", "servers", "10.20.5.10", 5985, "deny"),
      firewall("workstations", "servers", "10.20.5.10", 445, "allow"),
    ],
  },
  {
    file: "network/firewall/net_firewall_outbound_unusual_port.yml",
    format: "cef",
    hit: firewall("workstations", "internet", "203.0.113.9", 4444, "allow"),
    miss: [
      firewall("workstations", "internet", "198.51.100.131", 3478, "allow", "UDP"),
      firewall("workstations", "internet", "203.0.113.9", 8443, "deny"),
      firewall("servers", "internet", "198.51.100.124", 8443, "allow"),
    ],
  },
  {
    file: "cloud/azure/signin_logs/azure_signin_risky_success.yml",
    format: "entra",
    hit: signIn(0, "eve", 0, { risk: "high" }),
    miss: [signIn(0, "eve", 500121, { risk: "high" }), signIn(0, "eve", 0, { risk: "low" })],
  },
  {
    file: "cloud/azure/signin_logs/azure_signin_outside_company_countries.yml",
    format: "entra",
    hit: signIn(0, "eve", 0, { country: "RO" }),
    miss: [
      signIn(0, "eve", 50126, { country: "NL" }),
      signIn(0, "eve", 0, { country: "AT" }),
      // No location at all (a sign-in Entra could not place) is no evidence of a foreign country.
      signIn(0, "eve", 0, { country: null }),
    ],
  },
  {
    file: "cloud/azure/signin_logs/azure_signin_mfa_fatigue.yml",
    format: "entra",
    hit: [denied(0), denied(60), denied(120), signIn(300, "eve", 0)].join("\n"),
    miss: [
      [denied(0), signIn(40, "eve", 0)].join("\n"),
      [denied(0), denied(60), denied(120), denied(180), signIn(300, "bob", 0)].join("\n"),
      [denied(0), denied(400), denied(800), signIn(900, "eve", 0)].join("\n"),
    ],
  },
  {
    file: "linux/builtin/sshd/lnx_sshd_brute_force_then_success.yml",
    format: "linux-auth",
    hit: [
      ...guesses("203.0.113.9", 8),
      sshd(200, "Accepted password for deploy from 203.0.113.9 port 40100 ssh2"),
    ].join("\n"),
    miss: [
      // One typo, then the right password.
      [guesses("10.20.7.15", 1), sshd(20, "Accepted password for a.schmidt from 10.20.7.15 port 51822 ssh2")].join(
        "\n",
      ),
      // Guessing that never succeeds, and a login from another address.
      [...guesses("203.0.113.9", 12), sshd(200, "Accepted publickey for svc from 10.20.5.30 port 41000 ssh2")].join(
        "\n",
      ),
      // Guesses spread over an hour.
      [
        ...guesses("203.0.113.9", 8, 600),
        sshd(4900, "Accepted password for deploy from 203.0.113.9 port 40100 ssh2"),
      ].join("\n"),
    ],
  },
];

describe("network and identity starter rules on look-alikes", () => {
  it.each(CASES)("$file catches its records and leaves the look-alikes alone", async ({ file, format, hit, miss }) => {
    const loaded = await loadRuleFiles([join(RULES, file)]);
    expect(loaded.skipped).toEqual([]);
    const choice = formatById(format);
    if (!choice) throw new Error(`no format ${format}`);
    const fired = (body: string) => {
      const engine = createEngine({ documents: loaded.documents });
      const records = decodeBody(body, { format: choice }).records;
      expect(records.filter((r) => !r.ok)).toEqual([]);
      const out = records.flatMap((r) => (r.ok && r.prepared ? engine.match(r.prepared.event) : []));
      return [...out, ...engine.flush()].length;
    };
    expect(fired(hit)).toBe(1);
    for (const m of miss) expect(fired(m), m).toBe(0);
  });
});
