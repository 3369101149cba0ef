import { parseIp } from "../../core/index.js";

/** ECS entity fields, flat with dotted names, as they are being gathered. */
export type EcsFields = Record<string, string | number>;

/** Reads an event field by its Sigma (Windows) name. */
export type FieldReader = (name: string) => unknown;

/** The text of a value that says something: not empty, not Windows' "-" placeholder. */
export function presentText(v: unknown): string | undefined {
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  if (typeof v !== "string") return undefined;
  const t = v.trim();
  return t === "" || t === "-" ? undefined : t;
}

/** A number from a number, a decimal text or a `0x` hex text (Security events write pids in hex). */
export function presentNumber(v: unknown): number | undefined {
  if (typeof v === "number") return Number.isSafeInteger(v) ? v : undefined;
  const t = presentText(v);
  if (t === undefined) return undefined;
  const n = /^[0-9]{1,15}$/.test(t) ? Number(t) : /^0x[0-9a-f]{1,13}$/i.test(t) ? Number.parseInt(t, 16) : Number.NaN;
  return Number.isSafeInteger(n) ? n : undefined;
}

/** Sets a text field when the value is present; never overwrites. */
export function putText(out: EcsFields, key: string, v: unknown): void {
  const t = presentText(v);
  if (t !== undefined && !Object.hasOwn(out, key)) out[key] = t;
}

/** Sets a numeric field when the value is a number; never overwrites. */
export function putNumber(out: EcsFields, key: string, v: unknown): void {
  const n = presentNumber(v);
  if (n !== undefined && !Object.hasOwn(out, key)) out[key] = n;
}

/** Sets a port: a number from 1 to 65535 (Windows writes 0 or "-" when there is none). */
export function putPort(out: EcsFields, key: string, v: unknown): void {
  const n = presentNumber(v);
  if (n !== undefined && n > 0 && n <= 65535 && !Object.hasOwn(out, key)) out[key] = n;
}

/** Sets an IP address when the value is one; IPv4-mapped IPv6 (`::ffff:10.0.0.5`) as IPv4. */
export function putIp(out: EcsFields, key: string, v: unknown): void {
  let t = presentText(v);
  if (t === undefined) return;
  if (/^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(t)) t = t.slice(7);
  if (parseIp(t) !== null && !Object.hasOwn(out, key)) out[key] = t;
}

const DOTTED = new Map<string, Map<string, string>>();

/**
 * `prefix.suffix`, made once per pair: a key built afresh for every event must be hashed and
 * looked up in V8's string table each time it is stored, and the prefixes are a handful.
 */
function dotted(prefix: string, suffix: string): string {
  let bySuffix = DOTTED.get(prefix);
  if (bySuffix === undefined) {
    bySuffix = new Map();
    DOTTED.set(prefix, bySuffix);
  }
  let key = bySuffix.get(suffix);
  if (key === undefined) {
    key = `${prefix}.${suffix}`;
    bySuffix.set(suffix, key);
  }
  return key;
}

/** The last segment of a Windows or POSIX path. */
export function baseName(path: string): string {
  const cut = Math.max(path.lastIndexOf("\\"), path.lastIndexOf("/"));
  return cut === -1 ? path : path.slice(cut + 1);
}

/** Sets `<prefix>.executable` and `<prefix>.name` from an image path. */
export function putExecutable(out: EcsFields, prefix: string, v: unknown): void {
  const path = presentText(v);
  if (path === undefined) return;
  putText(out, dotted(prefix, "executable"), path);
  putText(out, dotted(prefix, "name"), baseName(path));
}

/**
 * Sets `user.name` and `user.domain` from an account as Windows writes it (`DOMAIN\name`), or
 * from separate name and domain values; `user@REALM` (Kerberos) stays whole in `user.name`.
 */
export function putUser(out: EcsFields, prefix: string, account: unknown, domain?: unknown): void {
  const a = presentText(account);
  if (a === undefined) return;
  const slash = a.indexOf("\\");
  if (slash > 0 && slash < a.length - 1 && presentText(domain) === undefined) {
    putText(out, dotted(prefix, "domain"), a.slice(0, slash));
    putText(out, dotted(prefix, "name"), a.slice(slash + 1));
    return;
  }
  putText(out, dotted(prefix, "name"), a);
  putText(out, dotted(prefix, "domain"), domain);
}

const HASH_KEYS: Readonly<Record<string, string>> = {
  md5: "hash.md5",
  sha1: "hash.sha1",
  sha256: "hash.sha256",
  imphash: "pe.imphash",
};

/**
 * Sets `<prefix>.hash.md5|sha1|sha256` and `<prefix>.pe.imphash` from Sysmon's `Hashes`
 * (`MD5=…,SHA256=…,IMPHASH=…`), lower-cased as ECS writes hashes; unknown algorithms and
 * values that are not hex are skipped.
 */
export function putHashes(out: EcsFields, prefix: string, v: unknown): void {
  const t = presentText(v);
  if (t === undefined) return;
  for (const part of t.split(",")) {
    const eq = part.indexOf("=");
    if (eq === -1) continue;
    const algorithm = part.slice(0, eq).trim().toLowerCase();
    const value = part.slice(eq + 1).trim();
    const key = Object.hasOwn(HASH_KEYS, algorithm) ? HASH_KEYS[algorithm] : undefined;
    if (key !== undefined && /^[0-9a-f]{32,128}$/i.test(value)) putText(out, dotted(prefix, key), value.toLowerCase());
  }
}
