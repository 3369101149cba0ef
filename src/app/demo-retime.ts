/**
 * Re-timing of the demo's sample records, one function per format: each reads a record's time
 * and writes the record again at another time, in the format's own fields (evtx-JSON's
 * SystemTime, Zeek's `ts`, Entra's `time` and `createdDateTime`, the syslog header and CEF's
 * `rt`), so the server parses it exactly as it would the original.
 */

type Obj = Record<string, unknown>;

/** A sample record: when it happened and how to write it at another time. */
export interface TimedRecord {
  /** The record's time in ms since the epoch. */
  readonly time: number;
  /** The Windows computer that logged it (evtx-JSON only), to pick benign background. */
  readonly host?: string;
  /** The record's text moved to `ms`; `serial` renumbers a Windows event (EventRecordID). */
  at(ms: number, serial?: number): string;
}

/** How the demo reads and re-times the records of one ingest format. */
export interface DemoFormat {
  /** The content type its records are posted with. */
  readonly contentType: string;
  /** One line of a sample as a timed record, or undefined when it holds no time this knows. */
  read(line: string): TimedRecord | undefined;
}

function obj(v: unknown): Obj | undefined {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : undefined;
}

function parseJson(line: string): Obj | undefined {
  try {
    return obj(JSON.parse(line));
  } catch {
    return undefined;
  }
}

/** The time of an ISO 8601 text, or NaN. */
function isoMs(v: unknown): number {
  return typeof v === "string" ? Date.parse(v) : Number.NaN;
}

/** A copy of an evtx-JSON event set at another time (System time and Sysmon's UtcTime). */
export function retimed(record: Obj, ms: number, recordId?: number): Obj {
  const copy = structuredClone(record);
  const event = obj(copy.Event);
  const system = obj(event?.System);
  const attrs = obj(obj(system?.TimeCreated)?.["#attributes"]);
  const iso = new Date(ms).toISOString();
  if (attrs) attrs.SystemTime = iso.replace("Z", "000Z");
  if (system && recordId !== undefined) system.EventRecordID = recordId;
  const data = obj(event?.EventData);
  if (data && typeof data.UtcTime === "string") data.UtcTime = iso.replace("T", " ").replace("Z", "");
  return copy;
}

const evtxJson: DemoFormat = {
  contentType: "application/x-ndjson",
  read(line) {
    const record = parseJson(line);
    const system = obj(obj(record?.Event)?.System);
    const time = isoMs(obj(obj(system?.TimeCreated)?.["#attributes"])?.SystemTime);
    if (!record || !Number.isFinite(time)) return undefined;
    const host = typeof system?.Computer === "string" ? system.Computer : undefined;
    return {
      time,
      ...(host !== undefined ? { host } : {}),
      at: (ms, serial) => JSON.stringify(retimed(record, ms, serial)),
    };
  },
};

const zeek: DemoFormat = {
  contentType: "application/x-ndjson",
  read(line) {
    const record = parseJson(line);
    const ts = record?.ts;
    // Zeek's JSON writer gives epoch seconds; json-streaming-logs an ISO 8601 text.
    const time = typeof ts === "number" ? ts * 1000 : isoMs(ts);
    if (!record || !Number.isFinite(time)) return undefined;
    return {
      time,
      at: (ms) => JSON.stringify({ ...record, ts: typeof ts === "number" ? ms / 1000 : new Date(ms).toISOString() }),
    };
  },
};

/** Entra's time fields: the diagnostic export's and Log Analytics' at the top, Graph's at the top or under properties. */
const ENTRA_TIMES = ["time", "TimeGenerated", "createdDateTime", "activityDateTime"] as const;

function shiftTimes(target: Obj | undefined, names: readonly string[], delta: number): void {
  if (!target) return;
  for (const name of names) {
    const t = isoMs(target[name]);
    if (Number.isFinite(t)) target[name] = new Date(t + delta).toISOString();
  }
}

const entra: DemoFormat = {
  contentType: "application/x-ndjson",
  read(line) {
    const record = parseJson(line);
    const properties = obj(record?.properties);
    let time = Number.NaN;
    for (const name of ENTRA_TIMES) if (!Number.isFinite(time)) time = isoMs(record?.[name] ?? properties?.[name]);
    if (!record || !Number.isFinite(time)) return undefined;
    return {
      time,
      at(ms) {
        const copy = structuredClone(record);
        const delta = ms - time;
        const props = obj(copy.properties);
        shiftTimes(copy, ENTRA_TIMES, delta);
        shiftTimes(props, ENTRA_TIMES, delta);
        const steps = props?.authenticationDetails;
        if (Array.isArray(steps)) for (const s of steps) shiftTimes(obj(s), ["authenticationStepDateTime"], delta);
        return JSON.stringify(copy);
      },
    };
  },
};

// An RFC 5424 header (`<PRI>1 TIMESTAMP`) or an RFC 3339 stamped line (rsyslog's file format,
// optionally after a PRI). RFC 3164's `Mmm dd hh:mm:ss` carries no year and is not re-timed.
const HEADER_TIME = /^(<\d{1,3}>(?:1 )?)?(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:\d\d))/;
// CEF's time keys in ms since the epoch (the first key follows the header's last `|`).
const CEF_TIMES = /(^|[ |])(rt|start|end)=(\d{10,15})(?= |$)/g;

function syslogLine(cef: boolean): DemoFormat {
  return {
    contentType: "text/plain",
    read(line) {
      const header = HEADER_TIME.exec(line);
      const headerTime = isoMs(header?.[2]);
      let cefTime = Number.NaN;
      if (cef) for (const m of line.matchAll(CEF_TIMES)) if (m[2] === "rt") cefTime = Number(m[3]);
      const time = Number.isFinite(cefTime) ? cefTime : headerTime;
      if (!Number.isFinite(time)) return undefined;
      return {
        time,
        at(ms) {
          const delta = ms - time;
          let text = line;
          if (header && Number.isFinite(headerTime)) {
            const stamp = new Date(headerTime + delta).toISOString();
            text = `${header[1] ?? ""}${stamp}${text.slice(header[0].length)}`;
          }
          if (cef) text = text.replace(CEF_TIMES, (_m, lead, key, v) => `${lead}${key}=${Number(v) + delta}`);
          return text;
        },
      };
    },
  };
}

/** The formats the demo replays, by ingest format id. */
export const DEMO_FORMATS: Readonly<Record<string, DemoFormat>> = {
  "evtx-json": evtxJson,
  zeek,
  entra,
  cef: syslogLine(true),
  "linux-auth": syslogLine(false),
  syslog: syslogLine(false),
};

/** The timed records of a sample's text in a format (blank lines and lines without a time left out). */
export function timedRecords(text: string, format: DemoFormat): TimedRecord[] {
  const out: TimedRecord[] = [];
  for (const line of text.split("\n")) {
    const trimmed = line.replace(/\r$/, "");
    if (trimmed.trim() === "") continue;
    const r = format.read(trimmed);
    if (r) out.push(r);
  }
  return out;
}
