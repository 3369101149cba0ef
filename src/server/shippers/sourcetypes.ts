/**
 * Splunk sourcetypes (and the Splunk add-ons' names for them) → the Tocsin format that reads
 * their events. Matched case-insensitively; `zeek:*` and `bro:*` match any Zeek log.
 */
const SOURCETYPES: Readonly<Record<string, string>> = {
  _json: "json",
  json: "json",
  syslog: "syslog",
  rfc5424_syslog: "syslog",
  linux_secure: "linux-auth",
  "linux:auth": "linux-auth",
  linux_audit: "auditd",
  "linux:audit": "auditd",
  auditd: "auditd",
  "aws:cloudtrail": "cloudtrail",
  cloudtrail: "cloudtrail",
  suricata: "suricata",
  "suricata:eve": "suricata",
  cef: "cef",
  leef: "leef",
  "oktaim2:log": "okta",
  "okta:im2:log": "okta",
  okta: "okta",
  "azure:aad:signin": "entra",
  "azure:aad:audit": "entra",
  "ms:aad:signin": "entra",
  "ms:aad:audit": "entra",
  "azure:monitor:aad": "entra",
  xmlwineventlog: "windows-xml",
  winlogbeat: "winlogbeat",
};

/** The format of a sourcetype, or undefined when it has none Tocsin knows. */
export function formatOfSourcetype(sourcetype: string | undefined): string | undefined {
  if (sourcetype === undefined) return undefined;
  const s = sourcetype.trim().toLowerCase();
  const direct = SOURCETYPES[s];
  if (direct !== undefined) return direct;
  if (s.startsWith("zeek:") || s.startsWith("bro:") || s === "zeek" || s === "bro") return "zeek";
  // XmlWinEventLog:Security, WinEventLog:Microsoft-Windows-Sysmon/Operational (XML when rendered so).
  if (s.startsWith("xmlwineventlog") || s.startsWith("wineventlog")) return "windows-xml";
  if (s.endsWith(":cef")) return "cef";
  if (s.endsWith(":leef")) return "leef";
  if (s.startsWith("suricata")) return "suricata";
  return undefined;
}

/**
 * The name of the log a sourcetype or source stands for, given to parsers as the record's source
 * (Zeek tells `dns.log` from `conn.log` by it): the source when it names a file, else
 * `zeek:dns` / `bro:dns:json` → `dns.log`.
 */
export function sourceName(sourcetype: string | undefined, source: string | undefined): string | undefined {
  if (source !== undefined && source.trim() !== "") return source;
  if (sourcetype === undefined) return undefined;
  const parts = sourcetype.toLowerCase().split(":");
  if ((parts[0] === "zeek" || parts[0] === "bro") && parts[1]) return `${parts[1]}.log`;
  return undefined;
}
