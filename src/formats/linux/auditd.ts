import { dict, hasField, setField } from "../syslog/message.js";
import { auditTypeName } from "./audit-types.js";

/** At most this many key=value pairs in one audit record; more is refused. */
export const MAX_AUDIT_PAIRS = 1024;

/** One audit record (`type=SYSCALL msg=audit(1700000000.123:4567): ...`), its values decoded. */
export interface AuditRecord {
  readonly type: string;
  readonly node?: string;
  /** Time of the event in ms since the epoch. */
  readonly time: number;
  /** The event serial that ties the records of one event together. */
  readonly serial: string;
  /** Values by key, hex-encoded ones decoded; `(null)` values are left out; repeated keys give lists. */
  readonly fields: Record<string, string | string[]>;
}

/** An audit record, or why the text is not one. */
export type AuditParse =
  | { readonly ok: true; readonly record: AuditRecord }
  | { readonly ok: false; readonly reason: string; readonly limit?: true };

// audit.log's `[node=X ]type=NAME msg=audit(...)`, or the kernel's own `[ 12.34] audit: type=1400 audit(...)`.
const HEADER =
  /^(?:node=(\S{1,255}) )?(?:\[ {0,12}\d{1,12}\.\d{1,9}\] )?(?:audit: )?type=([A-Za-z0-9_]{1,64}) (?:msg=)?audit\((\d{1,12})(?:\.(\d{1,9}))?:(\d{1,20})\):?/;

/** True when a text starts like an audit record: `[node=X ]type=X msg=audit(`, or the kernel's `audit: type=N audit(`. */
export function isAuditRecord(text: string): boolean {
  return HEADER.test(text);
}

// Values the kernel and auditd write as hex when they hold a space, a quote or a control byte
// (audit_log_untrustedstring); a quoted value is plain. EXECVE's aN are handled apart.
const UNTRUSTED = new Set([
  "proctitle",
  "name",
  "cwd",
  "comm",
  "exe",
  "key",
  "data",
  "cmd",
  "acct",
  "ocomm",
  "path",
  "file",
  "dir",
]);
const HEX = /^[0-9A-F]+$/;
const EXECVE_ARG = /^a\d{1,5}$/;
const EXECVE_PIECE = /^(a\d{1,5})\[(\d{1,5})\]$/;
const DECODER = new TextDecoder("utf-8");

function fromHex(hex: string): string {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return DECODER.decode(bytes);
}

function decoded(type: string, key: string, value: string): string {
  if (value.length % 2 !== 0 || !HEX.test(value)) return value;
  if (key === "proctitle") return fromHex(value).replaceAll("\0", " ").trimEnd();
  if (UNTRUSTED.has(key) || (type === "EXECVE" && EXECVE_ARG.test(key))) {
    // Several keys of one rule are joined by \x01 (audit's AUDIT_KEY_SEPARATOR).
    return key === "key" ? fromHex(value).replaceAll("\x01", ",") : fromHex(value);
  }
  return value;
}

function put(fields: Record<string, string | string[]>, key: string, value: string): void {
  const old = hasField(fields, key) ? fields[key] : undefined;
  if (old === undefined) setField(fields, key, value);
  else if (Array.isArray(old)) old.push(value);
  else if (old !== value) setField(fields, key, [old, value]);
}

/** Reads `key=value` pairs: "quoted" (plain), 'single-quoted' (its own pairs, as USER_* msg=), or bare (maybe hex). */
function readPairs(
  type: string,
  text: string,
  fields: Record<string, string | string[]>,
  pieces: Map<string, string[]>,
  budget: { left: number },
  nested: boolean,
): boolean {
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (i < n && text.charCodeAt(i) === 0x20) i++;
    const eq = text.indexOf("=", i);
    let space = text.indexOf(" ", i);
    if (space === -1) space = n;
    if (eq === -1 || eq > space) {
      i = space; // a word without '=' (AVC's `{ read }`): not a field
      continue;
    }
    if (--budget.left < 0) return false;
    const key = text.slice(i, eq);
    const q = text[eq + 1];
    let value: string;
    if (q === '"' || q === "'") {
      let close = text.indexOf(q, eq + 2);
      if (close === -1) close = n;
      value = text.slice(eq + 2, close);
      i = close + 1;
      if (q === "'" && !nested && key === "msg") {
        put(fields, key, value);
        if (!readPairs(type, value, fields, pieces, budget, true)) return false;
        continue;
      }
    } else {
      value = text.slice(eq + 1, space);
      i = space;
      if (value === "(null)") continue;
      const piece = EXECVE_PIECE.exec(key);
      if (piece) {
        const list = pieces.get(piece[1] as string) ?? [];
        list[Number(piece[2])] = value;
        pieces.set(piece[1] as string, list);
        continue;
      }
      value = decoded(type, key, value);
    }
    if (key !== "") put(fields, key, value);
  }
  return true;
}

/**
 * Reads one audit record: its header (node, type, time, serial) and its fields, with hex values
 * decoded (proctitle with its NULs as spaces, EXECVE arguments including `aN[i]` pieces, PATH
 * names, cwd, comm, exe, key), USER_* records' `msg='...'` pairs lifted to the top, and the
 * enriched values after the `\x1d` separator (`UID="root"`) kept under their upper-case names.
 *
 * @example parseAuditRecord('type=PATH msg=audit(1700000000.123:42): item=0 name="/etc/shadow"')
 */
export function parseAuditRecord(text: string): AuditParse {
  const h = HEADER.exec(text);
  if (!h) return { ok: false, reason: "not an audit record: expected type=TYPE msg=audit(seconds.ms:serial):" };
  const type = auditTypeName(h[2] as string);
  const fields = dict<string | string[]>();
  const pieces = new Map<string, string[]>();
  const budget = { left: MAX_AUDIT_PAIRS };
  let body = text.slice(h[0].length);
  const gs = body.indexOf("\x1d");
  const enriched = gs === -1 ? "" : body.slice(gs + 1);
  if (gs !== -1) body = body.slice(0, gs);
  if (
    !readPairs(type, body, fields, pieces, budget, false) ||
    !readPairs(type, enriched, fields, pieces, budget, false)
  ) {
    return { ok: false, reason: `more than ${MAX_AUDIT_PAIRS} key=value pairs`, limit: true };
  }
  for (const [arg, list] of pieces) {
    const hex = list.join("");
    if (!hasField(fields, arg)) fields[arg] = decoded("EXECVE", arg, hex);
  }
  const ms = Number(h[3]) * 1000 + (h[4] !== undefined ? Math.floor(Number(`0.${h[4]}`) * 1000 + 1e-6) : 0);
  return {
    ok: true,
    record: { type, ...(h[1] !== undefined ? { node: h[1] } : {}), time: ms, serial: h[5] as string, fields },
  };
}
