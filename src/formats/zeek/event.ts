import { type Document, type EventLogSource, forEachScalar, forEachScalarField } from "../../core/index.js";
import { isoFromEpochSeconds, isoFromText } from "../json/time.js";
import type { ParsedEvent } from "../parser.js";
import { zeekEcs } from "./ecs.js";

const NO_CATEGORIES: readonly string[] = [];
/** Zeek's dns.log has the `query` field Sigma's generic `category: dns` rules read. */
const DNS_CATEGORIES: readonly string[] = ["dns"];
const UNKNOWN_PATH: EventLogSource = { product: "zeek", categories: NO_CATEGORIES };
const LOGSOURCES = new Map<string, EventLogSource>();

/** One log source object per path, so the engine finds its rule bucket by identity. */
function logsourceOf(path: string | undefined): EventLogSource {
  if (path === undefined) return UNKNOWN_PATH;
  let found = LOGSOURCES.get(path);
  if (found === undefined) {
    found = { product: "zeek", service: path, categories: path === "dns" ? DNS_CATEGORIES : NO_CATEGORIES };
    // Paths come from input: keep the cache bounded.
    if (LOGSOURCES.size < 512) LOGSOURCES.set(path, found);
  }
  return found;
}

/**
 * Proxy-log names some Sigma zeek http rules use (`c-uri`, `c-useragent`), answered from the
 * http.log fields they mean.
 */
const HTTP_ALIASES: Readonly<Record<string, string>> = {
  "c-uri": "uri",
  "c-useragent": "user_agent",
  "cs-host": "host",
  "cs-method": "method",
  "cs-referrer": "referrer",
  "sc-status": "status_code",
};

/**
 * The document of a Zeek event: its fields by their literal names, and in http.log the proxy
 * names of HTTP_ALIASES. A class, so that an event costs one object rather than three closures.
 */
export class ZeekDocument implements Document {
  constructor(
    readonly fields: Readonly<Record<string, unknown>>,
    private readonly aliases: Readonly<Record<string, string>> | undefined,
  ) {}

  get(name: string): unknown {
    const fields = this.fields;
    if (Object.hasOwn(fields, name)) return fields[name];
    const aliases = this.aliases;
    const alias = aliases !== undefined && Object.hasOwn(aliases, name) ? aliases[name] : undefined;
    return alias !== undefined && Object.hasOwn(fields, alias) ? fields[alias] : undefined;
  }

  forEachValue(visit: (value: unknown) => void): void {
    forEachScalar(this.fields, visit);
  }

  forEachField(visit: (name: string, value: unknown) => void): void {
    forEachScalarField(this.fields, "", visit);
  }
}

/**
 * The event of one Zeek record, whichever writer wrote it: log source `zeek` with the log's
 * path as service, the time of `ts`, the record's fields under Zeek's names (`id.orig_h` one
 * literal key) and its ECS fields.
 */
export function zeekEvent(
  path: string | undefined,
  fields: Readonly<Record<string, unknown>>,
  raw: unknown,
): ParsedEvent {
  const ts = fields.ts;
  // A text `ts` is an ISO time in a shape other than Zeek's own (which reads as a number).
  const timestamp =
    typeof ts === "number" ? isoFromEpochSeconds(ts) : typeof ts === "string" ? isoFromText(ts) : undefined;
  const logsource = logsourceOf(path);
  const doc = new ZeekDocument(fields, path === "http" ? HTTP_ALIASES : undefined);
  const event = timestamp === undefined ? { logsource, doc, raw } : { logsource, timestamp, doc, raw };
  return { event, ecs: zeekEcs(path, fields), fields };
}

/**
 * The log path a file name implies (`conn.log`, `dns.00:00:00-01:00:00.log.gz`,
 * `json_streaming_http.1.log`), for records that do not name their own.
 */
export function pathFromSource(source: string | undefined): string | undefined {
  if (source === undefined) return undefined;
  const base = source.slice(Math.max(source.lastIndexOf("/"), source.lastIndexOf("\\")) + 1);
  let name = base.split(".")[0] ?? "";
  if (name.startsWith("json_streaming_")) name = name.slice("json_streaming_".length);
  return /^[a-z0-9_-]{1,64}$/i.test(name) ? name : undefined;
}
