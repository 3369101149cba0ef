import { getPath } from "../../core/index.js";
import { type EcsFields, putIp, putNumber, putPort, putText } from "../ecs/values.js";
import { isoFromText } from "../json/time.js";

type Obj = Readonly<Record<string, unknown>>;

function obj(v: unknown): Obj | undefined {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : undefined;
}

function putTime(out: EcsFields, key: string, v: unknown): void {
  const iso = typeof v === "string" ? isoFromText(v) : undefined;
  if (iso !== undefined) out[key] = iso;
}

function putHex(out: EcsFields, key: string, v: unknown, length: number, upper = false): void {
  if (typeof v !== "string") return;
  const hex = v.replaceAll(":", "");
  if (hex.length === length && /^[0-9a-f]+$/i.test(hex)) out[key] = upper ? hex.toUpperCase() : hex.toLowerCase();
}

function alert(a: Obj, out: EcsFields): void {
  out["event.kind"] = "alert";
  putText(out, "rule.id", a.signature_id);
  putText(out, "rule.name", a.signature);
  putText(out, "rule.category", a.category);
  putNumber(out, "event.severity", a.severity);
  putText(out, "event.action", a.action);
}

const DNS_TYPES: Readonly<Record<string, string>> = {
  query: "query",
  request: "query",
  answer: "answer",
  response: "answer",
};

function dns(d: Obj, out: EcsFields): void {
  // v1 and v2 put the name at dns.rrname; v3 (Suricata 8) lists the questions under dns.queries.
  const queries = Array.isArray(d.queries) ? obj(d.queries[0]) : undefined;
  putText(out, "dns.question.name", d.rrname ?? queries?.rrname);
  putText(out, "dns.question.type", d.rrtype ?? queries?.rrtype);
  putText(out, "dns.response_code", d.rcode);
  putNumber(out, "dns.id", d.id);
  // v1/v2 say query/answer; v3 says request/response.
  const type = typeof d.type === "string" && Object.hasOwn(DNS_TYPES, d.type) ? DNS_TYPES[d.type] : undefined;
  if (type !== undefined) out["dns.type"] = type;
}

function http(h: Obj, out: EcsFields, port: unknown): void {
  putText(out, "http.request.method", h.http_method);
  putNumber(out, "http.response.status_code", h.status);
  putText(out, "user_agent.original", h.http_user_agent);
  putText(out, "http.request.referrer", h.http_refer);
  putNumber(out, "http.response.body.bytes", h.length);
  putText(out, "url.domain", h.hostname);
  putText(out, "url.original", h.url);
  if (typeof h.http_content_type === "string") putText(out, "http.response.mime_type", h.http_content_type);
  const url = typeof h.url === "string" ? h.url : undefined;
  if (url === undefined) return;
  if (/^https?:\/\//i.test(url)) out["url.full"] = url;
  else if (typeof h.hostname === "string" && url.startsWith("/")) {
    // EVE's http events are cleartext HTTP; the port is the server's when it is not 80.
    const p = typeof h.http_port === "number" ? h.http_port : port;
    out["url.full"] = `http://${h.hostname}${typeof p === "number" && p !== 80 ? `:${p}` : ""}${url}`;
  }
}

function tls(t: Obj, out: EcsFields): void {
  putText(out, "tls.server.name", t.sni);
  putText(out, "tls.server.subject", t.subject);
  putText(out, "tls.server.issuer", t.issuerdn);
  putHex(out, "tls.server.hash.sha1", t.fingerprint, 40, true);
  putTime(out, "tls.server.not_before", t.notbefore);
  putTime(out, "tls.server.not_after", t.notafter);
  putText(out, "tls.client.ja3", obj(t.ja3)?.hash);
  putText(out, "tls.server.ja3s", obj(t.ja3s)?.hash);
  const version = typeof t.version === "string" ? /^(TLS|SSL) ?v?(\d\.\d)$/i.exec(t.version) : null;
  if (version !== null) {
    out["tls.version_protocol"] = (version[1] as string).toLowerCase();
    out["tls.version"] = version[2] as string;
  }
}

function fileinfo(f: Obj, out: EcsFields): void {
  putText(out, "file.name", f.filename);
  putNumber(out, "file.size", f.size);
  putHex(out, "file.hash.md5", f.md5, 32);
  putHex(out, "file.hash.sha1", f.sha1, 40);
  putHex(out, "file.hash.sha256", f.sha256, 64);
}

/**
 * The ECS fields of one EVE record: the flow's addresses, ports and transport, then those of its
 * event type (alert, dns, http, tls, fileinfo, flow, anomaly). docs/formats.md lists them.
 */
export function suricataEcs(e: Obj): EcsFields {
  const out: EcsFields = {};
  putIp(out, "source.ip", e.src_ip);
  putPort(out, "source.port", e.src_port);
  putIp(out, "destination.ip", e.dest_ip);
  putPort(out, "destination.port", e.dest_port);
  if (typeof e.proto === "string" && /^[A-Za-z0-9-]{1,16}$/.test(e.proto))
    out["network.transport"] = e.proto.toLowerCase();
  putText(out, "network.protocol", e.app_proto);
  putText(out, "network.community_id", e.community_id);
  putText(out, "observer.hostname", e.host);
  putText(out, "observer.ingress.interface.name", e.in_iface);
  const type = e.event_type;
  const a = obj(e.alert);
  if (type === "alert" && a !== undefined) alert(a, out);
  const d = obj(e.dns);
  if (d !== undefined) dns(d, out);
  const h = obj(e.http);
  if (h !== undefined) http(h, out, e.dest_port);
  const t = obj(e.tls);
  if (t !== undefined) tls(t, out);
  const f = obj(e.fileinfo);
  if (f !== undefined) fileinfo(f, out);
  const flow = obj(e.flow);
  if (flow !== undefined) {
    putNumber(out, "source.bytes", flow.bytes_toserver);
    putNumber(out, "destination.bytes", flow.bytes_toclient);
    putNumber(out, "source.packets", flow.pkts_toserver);
    putNumber(out, "destination.packets", flow.pkts_toclient);
    putTime(out, "event.start", flow.start);
    putTime(out, "event.end", flow.end);
  }
  if (type === "anomaly") putText(out, "event.action", getPath(e, "anomaly.event"));
  return out;
}
