import { type EventLogSource, detached, ownValue } from "../../core/index.js";

// Channel → Sigma service, from the Windows service table of the Sigma taxonomy appendix.
const SERVICE_BY_CHANNEL: Readonly<Record<string, string>> = {
  application: "application",
  "microsoft-windows-application-experience/program-telemetry": "application-experience",
  "microsoft-windows-application-experience/program-compatibility-assistant": "application-experience",
  "microsoft-windows-applocker/msi and script": "applocker",
  "microsoft-windows-applocker/exe and dll": "applocker",
  "microsoft-windows-applocker/packaged app-deployment": "applocker",
  "microsoft-windows-applocker/packaged app-execution": "applocker",
  "microsoft-windows-appmodel-runtime/admin": "appmodel-runtime",
  "microsoft-windows-appxdeploymentserver/operational": "appxdeployment-server",
  "microsoft-windows-appxpackaging/operational": "appxpackaging-om",
  "microsoft-windows-bitlocker/bitlocker management": "bitlocker",
  "microsoft-windows-bits-client/operational": "bits-client",
  "microsoft-windows-capi2/operational": "capi2",
  "microsoft-windows-certificateservicesclient-lifecycle-system/operational":
    "certificateservicesclient-lifecycle-system",
  "microsoft-windows-codeintegrity/operational": "codeintegrity-operational",
  "microsoft-windows-dhcp-server/operational": "dhcp",
  "microsoft-windows-diagnosis-scripted/operational": "diagnosis-scripted",
  "microsoft-windows-dns client events/operational": "dns-client",
  "dns server": "dns-server",
  "microsoft-windows-dns-server/analytical": "dns-server-analytic",
  "microsoft-windows-dns-server/audit": "dns-server-audit",
  "microsoft-windows-driverframeworks-usermode/operational": "driver-framework",
  "microsoft-windows-windows firewall with advanced security/firewall": "firewall-as",
  "microsoft-windows-hyper-v-worker": "hyper-v-worker",
  "microsoft-iis-configuration/operational": "iis-configuration",
  "microsoft-windows-kernel-eventtracing": "kernel-event-tracing",
  "microsoft-windows-kernel-shimengine/operational": "kernel-shimengine",
  "microsoft-windows-kernel-shimengine/diagnostic": "kernel-shimengine",
  "microsoft-windows-ldap-client/debug": "ldap",
  "microsoft-windows-lsa/operational": "lsa-server",
  "msexchange management": "msexchange-management",
  "microsoft-windows-ntfs/operational": "ntfs",
  "microsoft-windows-ntlm/operational": "ntlm",
  "openssh/operational": "openssh",
  "microsoft-windows-powershell/operational": "powershell",
  "powershellcore/operational": "powershell",
  "windows powershell": "powershell-classic",
  "microsoft-windows-printservice/admin": "printservice-admin",
  "microsoft-windows-printservice/operational": "printservice-operational",
  security: "security",
  "microsoft-windows-security-mitigations/kernel mode": "security-mitigations",
  "microsoft-windows-security-mitigations/user mode": "security-mitigations",
  "microsoft-windows-sense/operational": "sense",
  "microsoft-servicebus-client/operational": "servicebus-client",
  "microsoft-servicebus-client/admin": "servicebus-client",
  "microsoft-windows-shell-core/operational": "shell-core",
  "microsoft-windows-smbclient/security": "smbclient-security",
  "microsoft-windows-sysmon/operational": "sysmon",
  system: "system",
  "microsoft-windows-taskscheduler/operational": "taskscheduler",
  "microsoft-windows-terminalservices-localsessionmanager/operational": "terminalservices-localsessionmanager",
  "microsoft-windows-vhdmp/operational": "vhdmp",
  "microsoft-windows-windows defender/operational": "windefend",
  "microsoft-windows-wmi-activity/operational": "wmi",
};

// Sysmon event id → Sigma categories (taxonomy appendix, Windows category table).
const SYSMON_CATEGORIES: Readonly<Record<number, readonly string[]>> = {
  1: ["process_creation"],
  2: ["file_change"],
  3: ["network_connection"],
  4: ["sysmon_status"],
  5: ["process_termination"],
  6: ["driver_load"],
  7: ["image_load"],
  8: ["create_remote_thread"],
  9: ["raw_access_thread"],
  10: ["process_access"],
  11: ["file_event"],
  12: ["registry_event"],
  13: ["registry_event", "registry_set"],
  14: ["registry_event", "registry_rename"],
  15: ["create_stream_hash"],
  16: ["sysmon_status"],
  17: ["pipe_created"],
  18: ["pipe_created"],
  19: ["wmi_event"],
  20: ["wmi_event"],
  21: ["wmi_event"],
  22: ["dns_query"],
  23: ["file_delete"],
  24: ["clipboard_capture"],
  25: ["process_tampering"],
  26: ["file_delete_detected"],
  27: ["file_block_executable"],
  28: ["file_block_shredding"],
  29: ["file_executable_detected"],
  255: ["sysmon_error"],
};

const NO_CATEGORY: readonly string[] = [];

function categories(service: string | undefined, eventId: number, eventType: unknown): readonly string[] {
  if (service === "sysmon") {
    if (eventId === 12) {
      // Sysmon 12 is both key creation and deletion; EventType tells which.
      const t = typeof eventType === "string" ? eventType.toLowerCase() : "";
      if (t === "createkey") return ["registry_event", "registry_add"];
      if (t.startsWith("delete")) return ["registry_event", "registry_delete"];
      return ["registry_event", "registry_add", "registry_delete"];
    }
    return SYSMON_CATEGORIES[eventId] ?? NO_CATEGORY;
  }
  if (service === "powershell") {
    if (eventId === 4103) return ["ps_module"];
    if (eventId === 4104) return ["ps_script"];
  }
  if (service === "powershell-classic") {
    if (eventId === 400) return ["ps_classic_start"];
    if (eventId === 600) return ["ps_classic_provider_start"];
    if (eventId === 800) return ["ps_classic_script"];
  }
  // Security 4688 records process creation; the windows-security pipeline maps its field names.
  if (service === "security" && eventId === 4688) return ["process_creation"];
  return NO_CATEGORY;
}

/** Most log sources remembered; past it, sources are made afresh (equal, but not shared). */
const MOST_CACHED = 10_000;

/** The log sources of one channel, by event id (for Sysmon 12, the id and EventType). */
interface ChannelSources {
  /** The channel's name, as a string of its own (not a slice of the text it was read from). */
  readonly channel: string;
  readonly byId: Map<number | string, EventLogSource>;
}

const byChannel = new Map<string, ChannelSources>();
let cached = 0;
/**
 * The channel asked about last. Events of a channel come in runs, and comparing a channel's name
 * with the last one costs less than the hash of a fresh text the map needs (30 to 40 characters).
 */
let last: ChannelSources | undefined;

/**
 * The Sigma log source of a Windows event, from its channel, event id and (Sysmon 12) EventType.
 * Results are shared objects: the same source for the same inputs. Looked up by channel, then
 * id, rather than by a key string joined for every event (which had to be hashed afresh).
 */
export function windowsLogSource(channel: string | undefined, eventId: number, eventType?: unknown): EventLogSource {
  const channelKey = channel ?? "";
  const idKey = eventId === 12 && typeof eventType === "string" ? `12\u0000${eventType}` : eventId;
  let sources = last !== undefined && last.channel === channelKey ? last : byChannel.get(channelKey);
  if (sources !== undefined) last = sources;
  let source = sources?.byId.get(idKey);
  if (!source) {
    // Only the table's own names: a channel called `constructor` is no service.
    const service =
      channel === undefined ? undefined : (ownValue(SERVICE_BY_CHANNEL, channel.toLowerCase()) as string | undefined);
    source = {
      product: "windows",
      ...(service === undefined ? {} : { service }),
      categories: categories(service, eventId, eventType),
    };
    if (cached < MOST_CACHED) {
      if (!sources) {
        sources = { channel: detached(channelKey), byId: new Map() };
        byChannel.set(sources.channel, sources);
      }
      sources.byId.set(idKey, source);
      cached++;
    }
  }
  return source;
}
