import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DEMO_FORMATS, type TimedRecord, timedRecords } from "./demo-retime.js";
import { PACKAGE_ROOT } from "./rules.js";

export { retimed } from "./demo-retime.js";

/** The demo intrusion that ships with Tocsin: its Windows events. */
export const DEMO_SAMPLE = join(PACKAGE_ROOT, "samples", "intrusion.ndjson");

/** A sample file of the demo and the ingest format (`?format=`) it is posted as. */
export interface DemoFeed {
  readonly file: string;
  readonly format: string;
}

/** The same intrusion seen by the network, the firewall, Entra ID and a Linux jump host, replayed beside the Windows events. */
export const DEMO_FEEDS: readonly DemoFeed[] = [
  { file: join(PACKAGE_ROOT, "samples", "network-zeek-dns.ndjson"), format: "zeek" },
  { file: join(PACKAGE_ROOT, "samples", "network-zeek-http.ndjson"), format: "zeek" },
  { file: join(PACKAGE_ROOT, "samples", "network-zeek-conn.ndjson"), format: "zeek" },
  { file: join(PACKAGE_ROOT, "samples", "firewall.log"), format: "cef" },
  { file: join(PACKAGE_ROOT, "samples", "signin-entra.ndjson"), format: "entra" },
  { file: join(PACKAGE_ROOT, "samples", "linux-auth.log"), format: "linux-auth" },
];

/** Options of startDemo. */
export interface DemoOptions {
  /** The server's base URL. */
  readonly url: string;
  readonly token: string;
  /** The Windows events (evtx-JSON, one a line). */
  readonly sample?: string;
  /** The other logs of the intrusion (default DEMO_FEEDS). */
  readonly feeds?: readonly DemoFeed[];
  /** How long the intrusion takes to play at most, in seconds (default 60). */
  readonly playSeconds?: number;
  /** Benign events a second once the intrusion has played (default 2). */
  readonly backgroundPerSecond?: number;
  /** The host whose events are benign background (default the sample's benign workstation). */
  readonly benignHost?: string;
  readonly log?: (line: string) => void;
}

/** A running demo generator. */
export interface Demo {
  stop(): Promise<void>;
  /** Events sent so far. */
  readonly sent: () => number;
}

/** A record of the demo: its ingest format and how to write it at another time. */
export interface DemoRecord extends TimedRecord {
  readonly format: string;
}

/** Every record of the demo's files with a time, oldest first (stable, so a file's order holds). */
export function loadDemoRecords(feeds: readonly DemoFeed[]): DemoRecord[] {
  const records: DemoRecord[] = [];
  for (const feed of feeds) {
    const format = DEMO_FORMATS[feed.format];
    if (!format) throw new Error(`the demo cannot re-time records of format ${feed.format}`);
    for (const r of timedRecords(readFileSync(feed.file, "utf8"), format)) records.push({ ...r, format: feed.format });
  }
  return records.sort((a, b) => a.time - b.time);
}

/**
 * When each event of the sample is sent, in ms after the start, for event times sorted oldest
 * first. The first quarter of the sample (a quiet morning before the intrusion) plays in
 * LEAD_IN_MS, so alerts come within seconds; the rest plays compressed into `playSeconds`,
 * quiet stretches cut to MAX_GAP_MS.
 */
export function demoSchedule(times: readonly number[], playSeconds: number): number[] {
  const LEAD_IN_MS = 3000;
  const MAX_GAP_MS = 1500;
  const first = times[0] ?? 0;
  const last = times[times.length - 1] ?? 0;
  const cut = first + (last - first) / 4;
  const factor = Math.max(1, (last - cut) / (playSeconds * 1000));
  const offsets: number[] = [];
  let offset = LEAD_IN_MS;
  times.forEach((t, i) => {
    if (t < cut) offsets.push(cut > first ? ((t - first) / (cut - first)) * LEAD_IN_MS : 0);
    else {
      const previous = Math.max(cut, times[i - 1] ?? t);
      offset += Math.min(MAX_GAP_MS, (t - previous) / factor);
      offsets.push(offset);
    }
  });
  return offsets;
}

/**
 * Replays the demo intrusion through the real ingest API: timestamps moved to now and the two
 * hours of the sample compressed into `playSeconds`, then benign background at a modest rate,
 * until stopped.
 *
 * @example const demo = startDemo({ url: "http://127.0.0.1:8080", token });
 */
export function startDemo(options: DemoOptions): Demo {
  const log = options.log ?? (() => {});
  const records = loadDemoRecords([
    { file: options.sample ?? DEMO_SAMPLE, format: "evtx-json" },
    ...(options.feeds ?? DEMO_FEEDS),
  ]);
  const offsets = demoSchedule(
    records.map((r) => r.time),
    options.playSeconds ?? 60,
  );
  const playMs = offsets[offsets.length - 1] ?? 0;
  const benignHost = (options.benignHost ?? "WS-HR-03").toLowerCase();
  const benign = records.filter((r) => (r.host ?? "").toLowerCase().startsWith(benignHost));
  const controller = new AbortController();
  let sent = 0;
  let recordId = 9_000_000;

  /** Posts one format's lines; tells of records the server could not read. */
  const post = async (format: string, lines: string[]) => {
    if (lines.length === 0) return;
    const contentType = DEMO_FORMATS[format]?.contentType ?? "application/x-ndjson";
    for (let attempt = 0; attempt < 5 && !controller.signal.aborted; attempt++) {
      try {
        const res = await fetch(`${options.url}/api/v1/ingest?format=${encodeURIComponent(format)}`, {
          method: "POST",
          headers: { authorization: `Bearer ${options.token}`, "content-type": contentType },
          body: `${lines.join("\n")}\n`,
          signal: controller.signal,
        });
        if (res.ok) {
          sent += lines.length;
          const reply = (await res.json()) as { deadLettered?: number };
          if (reply.deadLettered) log(`tocsin demo: ${reply.deadLettered} ${format} records dead-lettered`);
          return;
        }
        if (res.status !== 429 && res.status !== 503) {
          log(`tocsin demo: ingest answered ${res.status}: ${await res.text()}`);
          return;
        }
      } catch {
        if (controller.signal.aborted) return;
      }
      await sleep(500, controller.signal);
    }
  };

  /** Posts records, one request per format, each format's records in their order. */
  const postAll = async (batch: { record: DemoRecord; ms: number; serial?: number }[]) => {
    const byFormat = new Map<string, string[]>();
    for (const { record, ms, serial } of batch) {
      const lines = byFormat.get(record.format) ?? [];
      lines.push(record.at(ms, serial));
      byFormat.set(record.format, lines);
    }
    for (const [format, lines] of byFormat) await post(format, lines);
  };

  const run = async () => {
    const start = Date.now();
    log(
      `tocsin demo: replaying ${records.length} events of a simulated intrusion (Windows, network, firewall, sign-in and SSH logs) over ${Math.round(playMs / 1000)} s`,
    );
    let i = 0;
    while (i < records.length && !controller.signal.aborted) {
      const elapsed = Date.now() - start;
      const batch: { record: DemoRecord; ms: number }[] = [];
      while (i < records.length && (offsets[i] as number) <= elapsed) {
        batch.push({ record: records[i] as DemoRecord, ms: start + (offsets[i] as number) });
        i++;
      }
      await postAll(batch);
      await sleep(250, controller.signal);
    }
    if (controller.signal.aborted) return;
    log("tocsin demo: the intrusion has played; sending benign background activity");
    const rate = options.backgroundPerSecond ?? 2;
    let j = 0;
    while (!controller.signal.aborted && benign.length > 0 && rate > 0) {
      const batch: { record: DemoRecord; ms: number; serial: number }[] = [];
      for (let k = 0; k < rate; k++)
        batch.push({ record: benign[j++ % benign.length] as DemoRecord, ms: Date.now(), serial: recordId++ });
      await postAll(batch);
      await sleep(1000, controller.signal);
    }
  };
  const done = run().catch((error) => log(`tocsin demo: stopped: ${String(error)}`));
  return {
    sent: () => sent,
    stop: async () => {
      controller.abort();
      await done;
    },
  };
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const onAbort = () => {
      clearTimeout(t);
      resolve();
    };
    // The listener goes when the time is up: the demo sleeps once a second for as long as it runs.
    const t = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
