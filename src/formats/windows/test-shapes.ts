/**
 * Test support: one Windows event written in the three shapes shippers produce, from one
 * description, so tests can check that every shape reads the same. Not used by the product.
 */

/** A Windows event as a test describes it. */
export interface EventSpec {
  readonly channel: string;
  readonly provider: string;
  /** Provider GUID, upper-case without braces (Windows XML adds braces, lower-cases nothing). */
  readonly guid: string;
  readonly id: number;
  readonly record: number;
  readonly computer: string;
  /** SystemTime with seven fractional digits, as Windows writes it. */
  readonly time: string;
  readonly pid: number;
  readonly tid: number;
  readonly userSid?: string;
  readonly keywords: string;
  readonly task?: number;
  readonly version?: number;
  readonly level?: number;
  readonly data: Readonly<Record<string, string | number | boolean>>;
  /** ECS fields the shipper adds (Winlogbeat's processors), merged into its record. */
  readonly shipperEcs?: Readonly<Record<string, unknown>>;
}

function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/'/g, "&apos;");
}

/** The event as Windows renders it to XML (Event Viewer, `wevtutil qe /f:xml`): single quotes, GUIDs in braces. */
export function toXml(e: EventSpec): string {
  const data = Object.entries(e.data)
    .map(([k, v]) => (v === "" ? `<Data Name='${k}'/>` : `<Data Name='${k}'>${esc(String(v))}</Data>`))
    .join("");
  return (
    "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>" +
    `<Provider Name='${e.provider}' Guid='{${e.guid}}'/><EventID>${e.id}</EventID>` +
    `<Version>${e.version ?? 0}</Version><Level>${e.level ?? 4}</Level><Task>${e.task ?? 0}</Task>` +
    `<Opcode>0</Opcode><Keywords>${e.keywords}</Keywords><TimeCreated SystemTime='${e.time}'/>` +
    `<EventRecordID>${e.record}</EventRecordID><Correlation/>` +
    `<Execution ProcessID='${e.pid}' ThreadID='${e.tid}'/><Channel>${esc(e.channel)}</Channel>` +
    `<Computer>${e.computer}</Computer>` +
    (e.userSid ? `<Security UserID='${e.userSid}'/>` : "<Security/>") +
    `</System><EventData>${data}</EventData>` +
    "<RenderingInfo Culture='en-US'><Message>rendered text</Message><Level>Information</Level></RenderingInfo></Event>"
  );
}

/** The event as `tocsin evtx` / evtx_dump renders it to JSON. */
export function toEvtxJson(e: EventSpec): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(e.data)) data[k] = v === "" ? null : v;
  return {
    Event: {
      "#attributes": { xmlns: "http://schemas.microsoft.com/win/2004/08/events/event" },
      System: {
        Provider: { "#attributes": { Name: e.provider, Guid: e.guid } },
        EventID: e.id,
        Version: e.version ?? 0,
        Level: e.level ?? 4,
        Task: e.task ?? 0,
        Opcode: 0,
        Keywords: e.keywords,
        TimeCreated: { "#attributes": { SystemTime: `${e.time.slice(0, 26)}Z` } },
        EventRecordID: e.record,
        Correlation: null,
        Execution: { "#attributes": { ProcessID: e.pid, ThreadID: e.tid } },
        Channel: e.channel,
        Computer: e.computer,
        Security: e.userSid ? { "#attributes": { UserID: e.userSid } } : null,
      },
      EventData: data,
    },
  };
}

/** The event as Winlogbeat 8 ships it: ids as keyword strings, event_data values as strings. */
export function toWinlogbeat(e: EventSpec): Record<string, unknown> {
  const data: Record<string, string> = {};
  for (const [k, v] of Object.entries(e.data)) if (v !== "") data[k] = String(v);
  return {
    "@timestamp": `${e.time.slice(0, 23)}Z`,
    message: "rendered text",
    event: { code: String(e.id), provider: e.provider, kind: "event", created: "2024-05-01T00:00:00.000Z" },
    host: { name: e.computer.toLowerCase() },
    log: { level: "information" },
    winlog: {
      channel: e.channel,
      event_id: String(e.id),
      provider_name: e.provider,
      provider_guid: `{${e.guid}}`,
      computer_name: e.computer,
      record_id: String(e.record),
      process: { pid: e.pid, thread: { id: e.tid } },
      api: "wineventlog",
      keywords: [e.keywords === "0x8010000000000000" ? "Audit Failure" : "Audit Success"],
      opcode: "Info",
      ...(e.userSid ? { user: { identifier: e.userSid, type: "User" } } : {}),
      event_data: data,
    },
    ...(e.shipperEcs ?? {}),
  };
}
