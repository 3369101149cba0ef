import type { EcsFields } from "../ecs/values.js";
import { putIp, putNumber, putPort, putText } from "../ecs/values.js";
import { isoFromEpochSeconds } from "../json/time.js";

type Fields = Readonly<Record<string, unknown>>;

const TLS_VERSIONS: Readonly<Record<string, [string, string]>> = {
  SSLv2: ["ssl", "2.0"],
  SSLv3: ["ssl", "3.0"],
  TLSv10: ["tls", "1.0"],
  TLSv11: ["tls", "1.1"],
  TLSv12: ["tls", "1.2"],
  TLSv13: ["tls", "1.3"],
};

/** The first hex hash of a value or list (Zeek's files.log holds one per algorithm). */
function putHash(out: EcsFields, key: string, v: unknown, length: number): void {
  const text = Array.isArray(v) ? v[0] : v;
  if (typeof text === "string" && text.length === length && /^[0-9a-f]+$/i.test(text)) out[key] = text.toLowerCase();
}

function putTime(out: EcsFields, key: string, v: unknown): void {
  if (typeof v !== "number") return;
  const iso = isoFromEpochSeconds(v);
  if (iso !== undefined) out[key] = iso;
}

function putList(out: EcsFields, key: string, v: unknown): void {
  if (Array.isArray(v) && v.length > 0) out[key] = v.map(String).join(",");
  else putText(out, key, v);
}

function http(f: Fields, out: EcsFields): void {
  putText(out, "http.request.method", f.method);
  putNumber(out, "http.response.status_code", f.status_code);
  putText(out, "user_agent.original", f.user_agent);
  putText(out, "http.request.referrer", f.referrer);
  putNumber(out, "http.request.body.bytes", f.request_body_len);
  putNumber(out, "http.response.body.bytes", f.response_body_len);
  putText(out, "http.version", f.version);
  putText(out, "url.domain", f.host);
  putText(out, "url.original", f.uri);
  const uri = typeof f.uri === "string" ? f.uri : undefined;
  if (uri === undefined) return;
  // http.log sees cleartext HTTP only: a request line with a path and a Host header is http://host/path.
  if (/^https?:\/\//i.test(uri)) out["url.full"] = uri;
  else if (typeof f.host === "string" && uri.startsWith("/")) out["url.full"] = `http://${f.host}${uri}`;
}

const BY_PATH: Readonly<Record<string, (f: Fields, out: EcsFields) => void>> = {
  conn: (f, out) => {
    putText(out, "network.protocol", f.service);
    putNumber(out, "source.bytes", f.orig_bytes);
    putNumber(out, "destination.bytes", f.resp_bytes);
    putNumber(out, "source.packets", f.orig_pkts);
    putNumber(out, "destination.packets", f.resp_pkts);
  },
  dns: (f, out) => {
    putText(out, "dns.question.name", f.query);
    putText(out, "dns.question.type", f.qtype_name);
    putText(out, "dns.response_code", f.rcode_name);
    putNumber(out, "dns.id", f.trans_id);
  },
  http,
  ssl: (f, out) => {
    putText(out, "tls.server.name", f.server_name);
    putText(out, "tls.cipher", f.cipher);
    putText(out, "tls.client.ja3", f.ja3);
    putText(out, "tls.server.ja3s", f.ja3s);
    const version =
      typeof f.version === "string" && Object.hasOwn(TLS_VERSIONS, f.version) ? TLS_VERSIONS[f.version] : undefined;
    if (version !== undefined) {
      out["tls.version_protocol"] = version[0];
      out["tls.version"] = version[1];
    }
  },
  files: (f, out) => {
    putHash(out, "file.hash.md5", f.md5, 32);
    putHash(out, "file.hash.sha1", f.sha1, 40);
    putHash(out, "file.hash.sha256", f.sha256, 64);
    putText(out, "file.mime_type", f.mime_type);
    putText(out, "file.name", f.filename);
    putNumber(out, "file.size", f.total_bytes);
  },
  notice: (f, out) => {
    putText(out, "rule.name", f.note);
    putText(out, "message", f.msg);
    putIp(out, "source.ip", f.src);
    putIp(out, "destination.ip", f.dst);
    putPort(out, "destination.port", f.p);
  },
  x509: (f, out) => {
    putText(out, "x509.subject.distinguished_name", f["certificate.subject"]);
    putText(out, "x509.issuer.distinguished_name", f["certificate.issuer"]);
    putText(out, "x509.serial_number", f["certificate.serial"]);
    putText(out, "x509.version_number", f["certificate.version"]);
    putText(out, "x509.public_key_algorithm", f["certificate.key_alg"]);
    putText(out, "x509.signature_algorithm", f["certificate.sig_alg"]);
    putTime(out, "x509.not_before", f["certificate.not_valid_before"]);
    putTime(out, "x509.not_after", f["certificate.not_valid_after"]);
    putList(out, "x509.alternative_names", f["san.dns"]);
  },
  weird: (f, out) => putText(out, "event.action", f.name),
  smb_files: (f, out) => {
    putText(out, "event.action", f.action);
    putText(out, "file.name", f.name);
    putNumber(out, "file.size", f.size);
  },
  dce_rpc: (f, out) => putText(out, "event.action", f.operation),
  kerberos: (f, out) => {
    putText(out, "event.action", f.request_type);
    if (typeof f.success === "boolean") out["event.outcome"] = f.success ? "success" : "failure";
  },
  ssh: (f, out) => {
    if (typeof f.auth_success === "boolean") out["event.outcome"] = f.auth_success ? "success" : "failure";
  },
  ftp: (f, out) => {
    putText(out, "user.name", f.user);
    putText(out, "event.action", f.command);
  },
};

/**
 * The ECS fields of a Zeek record: the connection 4-tuple of `id.*` (or of notice's `src`,
 * `dst`, `p`) and `proto` for every log, then the fields of its log type (docs/formats.md).
 */
export function zeekEcs(path: string | undefined, f: Fields): EcsFields {
  const out: EcsFields = {};
  putIp(out, "source.ip", f["id.orig_h"]);
  putIp(out, "destination.ip", f["id.resp_h"]);
  // For ICMP, Zeek's "ports" are the message type and code, not ports.
  if (f.proto !== "icmp") {
    putPort(out, "source.port", f["id.orig_p"]);
    putPort(out, "destination.port", f["id.resp_p"]);
  }
  if (typeof f.proto === "string" && f.proto !== "") out["network.transport"] = f.proto.toLowerCase();
  if (path !== undefined) {
    out["event.dataset"] = `zeek.${path}`;
    if (Object.hasOwn(BY_PATH, path)) BY_PATH[path]?.(f, out);
  }
  return out;
}
