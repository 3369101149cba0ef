import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RunningTocsin, type TocsinConfig, resolveConfig, startTocsin } from "../../src/app/index.js";
import { REPO } from "./shared.js";

/** The admin token the test servers are given. */
export const TEST_TOKEN = "tocsin-test-admin-token-0123456789";

/** A server under test and how to talk to it. */
export interface TestServer {
  readonly url: string;
  readonly dir: string;
  readonly tocsin: RunningTocsin;
  /** fetch with the admin token, against the server. */
  api(path: string, init?: RequestInit): Promise<Response>;
  /** POSTs a batch to /api/v1/ingest. */
  ingest(body: string, query?: string, contentType?: string): Promise<Response>;
  close(): Promise<void>;
}

/** A temporary data directory. */
export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), "tocsin-serve-"));
}

/** Starts the real server in this process on a free port over a temporary data directory. */
export async function startTestServer(flags: Partial<Record<keyof TocsinConfig, unknown>> = {}): Promise<TestServer> {
  const dir = (flags.data as string | undefined) ?? tempDataDir();
  const config = resolveConfig({
    flags: { port: 0, logLevel: "silent", adminToken: TEST_TOKEN, rulesPollSeconds: 0, ...flags, data: dir },
  });
  const tocsin = await startTocsin(config);
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${tocsin.url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${TEST_TOKEN}`, ...(init.headers as Record<string, string> | undefined) },
    });
  return {
    url: tocsin.url,
    dir,
    tocsin,
    api,
    ingest: (body, query = "", contentType = "application/x-ndjson") =>
      api(`/api/v1/ingest${query}`, { method: "POST", body, headers: { "content-type": contentType } }),
    close: async () => {
      await tocsin.close();
      if (flags.data === undefined) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A server running as a child process (`node --import tsx src/app/entry.ts serve`). */
export interface ChildServer {
  readonly child: ChildProcess;
  readonly url: string;
  readonly output: () => string;
}

/** Starts the server as a child process on a free port and waits until it listens. */
export function spawnServer(
  dir: string,
  args: readonly string[] = [],
  env: Record<string, string> = {},
): Promise<ChildServer> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", join(REPO, "src", "app", "entry.ts"), "serve", "--data", dir, "--port", "0", ...args],
    {
      cwd: REPO,
      env: { ...process.env, TOCSIN_ADMIN_TOKEN: TEST_TOKEN, TOCSIN_LOG_LEVEL: "warn", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      const m = /listening on (http:\/\/[^\s]+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1] as string, output: () => output });
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with ${code}:\n${output}`));
    });
  });
}

/** fetch with the test admin token. */
export function authed(url: string, init: RequestInit = {}): Promise<Response> {
  return fetch(url, {
    ...init,
    headers: { authorization: `Bearer ${TEST_TOKEN}`, ...(init.headers as Record<string, string> | undefined) },
  });
}

// --- Fixtures: one Windows event in each shape shippers produce, written for these tests. ---

/** Sysmon process creation (event 1) as `tocsin evtx` prints it (evtx-JSON). */
export const EVTX_JSON_FIXTURE = {
  Event: {
    "#attributes": { xmlns: "http://schemas.microsoft.com/win/2004/08/events/event" },
    System: {
      Provider: { "#attributes": { Name: "Microsoft-Windows-Sysmon", Guid: "{5770385F-C22A-43E0-BF4C-06F5698FFBD9}" } },
      EventID: 1,
      Version: 5,
      Level: 4,
      Task: 1,
      Opcode: 0,
      Keywords: "0x8000000000000000",
      TimeCreated: { "#attributes": { SystemTime: "2026-11-21T09:15:02.123456Z" } },
      EventRecordID: 7001,
      Correlation: null,
      Execution: { "#attributes": { ProcessID: 2412, ThreadID: 3120 } },
      Channel: "Microsoft-Windows-Sysmon/Operational",
      Computer: "WS-TEST-01.corp.example",
      Security: { "#attributes": { UserID: "S-1-5-18" } },
    },
    EventData: {
      RuleName: "-",
      UtcTime: "2026-11-21 09:15:02.120",
      ProcessGuid: "{6A1E3C57-0001-0000-0000-000000000001}",
      ProcessId: 5120,
      Image: "C:\\Windows\\System32\\whoami.exe",
      CommandLine: "whoami /all",
      CurrentDirectory: "C:\\Users\\alice\\",
      User: "CORP\\alice",
      LogonId: "0x3e7",
      IntegrityLevel: "High",
      Hashes:
        "SHA256=0A1B2C3D4E5F60718293A4B5C6D7E8F90A1B2C3D4E5F60718293A4B5C6D7E8F9,MD5=00112233445566778899AABBCCDDEEFF",
      ParentProcessGuid: "{6A1E3C57-0001-0000-0000-000000000002}",
      ParentProcessId: 4300,
      ParentImage: "C:\\Windows\\System32\\cmd.exe",
      ParentCommandLine: "cmd.exe",
    },
  },
};

/** A failed logon (Security 4625) as Windows renders it to XML. */
export const WINDOWS_XML_FIXTURE = `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-Security-Auditing' Guid='{54849625-5478-4994-A5BA-3E3B0328C30D}'/><EventID>4625</EventID><Version>0</Version><Level>0</Level><Task>12544</Task><Opcode>0</Opcode><Keywords>0x8010000000000000</Keywords><TimeCreated SystemTime='2026-11-21T09:16:40.5551234Z'/><EventRecordID>88120</EventRecordID><Correlation/><Execution ProcessID='724' ThreadID='1880'/><Channel>Security</Channel><Computer>SRV-TEST-02.corp.example</Computer><Security/></System><EventData><Data Name='SubjectUserSid'>S-1-0-0</Data><Data Name='SubjectUserName'>-</Data><Data Name='SubjectDomainName'>-</Data><Data Name='SubjectLogonId'>0x0</Data><Data Name='TargetUserSid'>S-1-0-0</Data><Data Name='TargetUserName'>bob</Data><Data Name='TargetDomainName'>CORP</Data><Data Name='Status'>0xc000006d</Data><Data Name='FailureReason'>%%2313</Data><Data Name='SubStatus'>0xc000006a</Data><Data Name='LogonType'>3</Data><Data Name='LogonProcessName'>NtLmSsp </Data><Data Name='AuthenticationPackageName'>NTLM</Data><Data Name='WorkstationName'>KALI</Data><Data Name='TransmittedServices'>-</Data><Data Name='LmPackageName'>-</Data><Data Name='KeyLength'>0</Data><Data Name='ProcessId'>0x0</Data><Data Name='ProcessName'>-</Data><Data Name='IpAddress'>198.51.100.23</Data><Data Name='IpPort'>51234</Data></EventData><RenderingInfo Culture='en-US'><Message>An account failed to log on.</Message></RenderingInfo></Event>`;

/** A Sysmon network connection (event 3) as Winlogbeat 8 ships it. */
export const WINLOGBEAT_FIXTURE = {
  "@timestamp": "2026-11-21T09:17:05.250Z",
  agent: { type: "winlogbeat", version: "8.15.0" },
  host: { name: "ws-test-03.corp.example" },
  event: { code: "3", kind: "event", provider: "Microsoft-Windows-Sysmon", module: "sysmon" },
  winlog: {
    channel: "Microsoft-Windows-Sysmon/Operational",
    computer_name: "WS-TEST-03.corp.example",
    event_id: "3",
    provider_name: "Microsoft-Windows-Sysmon",
    provider_guid: "{5770385f-c22a-43e0-bf4c-06f5698ffbd9}",
    record_id: "99001",
    process: { pid: 3208, thread: { id: 4100 } },
    event_data: {
      RuleName: "-",
      UtcTime: "2026-11-21 09:17:05.249",
      ProcessGuid: "{6A1E3C57-0003-0000-0000-000000000003}",
      ProcessId: "6120",
      Image: "C:\\Users\\carol\\AppData\\Local\\Temp\\updater.exe",
      User: "CORP\\carol",
      Protocol: "tcp",
      Initiated: "true",
      SourceIsIpv6: "false",
      SourceIp: "10.20.0.33",
      SourceHostname: "-",
      SourcePort: "50211",
      DestinationIsIpv6: "false",
      DestinationIp: "203.0.113.80",
      DestinationHostname: "-",
      DestinationPort: "443",
    },
  },
};

/** A batch of distinct evtx-JSON events, numbered from `start`. */
export function numberedBatch(start: number, size: number): string {
  const lines: string[] = [];
  for (let i = start; i < start + size; i++) {
    const event = {
      Event: {
        ...EVTX_JSON_FIXTURE.Event,
        System: { ...EVTX_JSON_FIXTURE.Event.System, EventRecordID: i },
        EventData: { ...EVTX_JSON_FIXTURE.Event.EventData, CommandLine: `whoami /all #${i}` },
      },
    };
    lines.push(JSON.stringify(event));
  }
  return lines.join("\n");
}

/** Every event id stored, paging through /api/v1/events. */
export async function allEventIds(url: string): Promise<Set<string>> {
  const ids = new Set<string>();
  let cursor: string | undefined;
  do {
    const res = await authed(`${url}/api/v1/events?limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    const page = (await res.json()) as { items: { id: string }[]; next?: string };
    for (const e of page.items) ids.add(e.id);
    cursor = page.next;
  } while (cursor);
  return ids;
}

/** What a client posting batches in a loop saw. */
export interface LoadOutcome {
  /** Ids of events in batches acknowledged with a 2xx. */
  readonly acked: string[];
  readonly batchesAcked: number;
  readonly batchesFailed: number;
}

/**
 * Posts numbered batches from `clients` concurrent clients until `stop` resolves, recording the
 * ids of every acknowledged batch; failures (the server killed) are counted, not thrown.
 */
export async function postInLoop(url: string, stop: Promise<void>, clients = 2, batchSize = 200): Promise<LoadOutcome> {
  let stopped = false;
  void stop.then(() => {
    stopped = true;
  });
  const acked: string[] = [];
  let batchesAcked = 0;
  let batchesFailed = 0;
  let next = 0;
  const client = async () => {
    while (!stopped) {
      const start = next;
      next += batchSize;
      try {
        const res = await authed(`${url}/api/v1/ingest?ids=true`, {
          method: "POST",
          headers: { "content-type": "application/x-ndjson" },
          body: numberedBatch(start, batchSize),
        });
        if (res.ok) {
          const body = (await res.json()) as { ids: string[] };
          acked.push(...body.ids);
          batchesAcked++;
        } else batchesFailed++;
      } catch {
        batchesFailed++;
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  return { acked, batchesAcked, batchesFailed };
}

/** Resolves when the child exits, with its exit code and signal. */
export function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
}
