import { parseIp } from "../../core/index.js";

type Kind = "ip" | "port" | "text" | "transport" | "method" | "outcome" | "hash" | "pid" | "mac";

/**
 * CEF keys (short and full names) and LEEF 1.0/2.0 predefined attributes → ECS field. Only keys
 * whose meaning the specifications fix; ambiguous ones (`in`, `out`, `cat`) are left out.
 */
const MAPPING: readonly (readonly [keys: readonly string[], ecs: readonly string[], kind: Kind])[] = [
  [["src", "sourceAddress"], ["source.ip"], "ip"],
  [["spt", "sourcePort", "srcPort"], ["source.port"], "port"],
  [["dst", "destinationAddress"], ["destination.ip"], "ip"],
  [["dpt", "destinationPort", "dstPort"], ["destination.port"], "port"],
  [["proto", "transportProtocol"], ["network.transport"], "transport"],
  [["suser", "sourceUserName", "usrName"], ["user.name", "source.user.name"], "text"],
  [["duser", "destinationUserName"], ["destination.user.name"], "text"],
  [["shost", "sourceHostName"], ["source.domain"], "text"],
  [["dhost", "destinationHostName"], ["destination.domain"], "text"],
  [["smac", "sourceMacAddress", "srcMAC"], ["source.mac"], "mac"],
  [["dmac", "destinationMacAddress", "dstMAC"], ["destination.mac"], "mac"],
  [["sourceTranslatedAddress", "srcPostNAT"], ["source.nat.ip"], "ip"],
  [["destinationTranslatedAddress", "dstPostNAT"], ["destination.nat.ip"], "ip"],
  [["act", "deviceAction"], ["event.action"], "text"],
  [["request", "requestUrl", "url"], ["url.full"], "text"],
  [["requestMethod"], ["http.request.method"], "method"],
  [["fname", "fileName"], ["file.name"], "text"],
  [["filePath"], ["file.path"], "text"],
  [["fileHash"], [], "hash"],
  [["outcome", "eventOutcome"], ["event.outcome"], "outcome"],
  [["dproc", "deviceProcessName"], ["process.name"], "text"],
  [["dpid", "deviceProcessId"], ["process.pid"], "pid"],
  [["dvchost", "deviceHostName"], ["observer.hostname"], "text"],
  [["dvc", "deviceAddress"], ["observer.ip"], "ip"],
  [["msg", "message"], ["message"], "text"],
];

/** IANA protocol numbers → the names ECS's network.transport uses. */
const IANA: Readonly<Record<string, string>> = {
  "1": "icmp",
  "6": "tcp",
  "17": "udp",
  "47": "gre",
  "50": "esp",
  "58": "ipv6-icmp",
  "132": "sctp",
};

const HASHES: Readonly<Record<number, string>> = { 32: "md5", 40: "sha1", 64: "sha256", 128: "sha512" };

function convert(kind: Kind, raw: string): string | number | undefined {
  const v = raw.trim();
  if (v === "") return undefined;
  switch (kind) {
    case "ip":
      return parseIp(v) === null ? undefined : v;
    case "port": {
      if (!/^\d{1,5}$/.test(v)) return undefined;
      const n = Number(v);
      return n <= 65535 ? n : undefined;
    }
    case "pid":
      return /^\d{1,10}$/.test(v) ? Number(v) : undefined;
    case "transport":
      return IANA[v] ?? (/^[A-Za-z][A-Za-z0-9-]{0,15}$/.test(v) ? v.toLowerCase() : undefined);
    case "method":
      return /^[A-Za-z]{1,16}$/.test(v) ? v.toUpperCase() : undefined;
    case "mac":
      return /^[0-9A-Fa-f]{2}(?:[:-][0-9A-Fa-f]{2}){5}$/.test(v) ? v.toUpperCase().replaceAll(":", "-") : undefined;
    case "outcome": {
      const o = v.toLowerCase();
      if (o === "success" || o === "successful" || o === "succeeded" || o === "/success") return "success";
      if (o === "failure" || o === "fail" || o === "failed" || o === "/failure") return "failure";
      return undefined;
    }
    default:
      return v;
  }
}

/**
 * The ECS fields of CEF extension pairs or LEEF attributes: addresses, ports, users, hosts,
 * action, URL, method, file name/path/hash (the algorithm told by the hash's length), outcome
 * (only success/failure words), device host and address as observer. Values that do not have
 * the field's type (a port of "http", an address of "n/a") are left out.
 *
 * @example keyValueEcs({ src: "10.0.0.1", dpt: "443", proto: "TCP" }) // source.ip, destination.port, network.transport "tcp"
 */
export function keyValueEcs(pairs: Readonly<Record<string, string>>): Record<string, string | number> {
  const ecs: Record<string, string | number> = {};
  for (const [keys, targets, kind] of MAPPING) {
    for (const key of keys) {
      const raw = pairs[key];
      if (raw === undefined) continue;
      const value = convert(kind, raw);
      if (value === undefined) continue;
      if (kind === "hash") {
        const algorithm = /^[0-9A-Fa-f]+$/.test(String(value)) ? HASHES[String(value).length] : undefined;
        if (algorithm !== undefined) ecs[`file.hash.${algorithm}`] = String(value).toLowerCase();
      }
      for (const target of targets) if (ecs[target] === undefined) ecs[target] = value;
      break;
    }
  }
  return ecs;
}

const FIREWALL = /firewall|fortigate|pan-os|\basa\b|netscreen|\bsrx\b|pfsense|opnsense|sonicwall|firebox/i;

/**
 * True when a device product plainly names a firewall (a product with "firewall" in its name,
 * FortiGate, PAN-OS, ASA, NetScreen, SRX, pfSense, OPNsense, SonicWall, Firebox): only then do
 * CEF and LEEF events get Sigma's `category: firewall`. Unsure means false.
 */
export function isFirewallProduct(product: string): boolean {
  return FIREWALL.test(product);
}

/** The field names Sigma's firewall rules use (`src_ip`, `dst_port`, `action`), from the ECS fields. */
export function firewallFields(ecs: Readonly<Record<string, string | number>>): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  const put = (name: string, from: string): void => {
    const v = ecs[from];
    if (v !== undefined) out[name] = v;
  };
  put("src_ip", "source.ip");
  put("src_port", "source.port");
  put("dst_ip", "destination.ip");
  put("dst_port", "destination.port");
  put("action", "event.action");
  return out;
}
