import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PACKAGE_ROOT } from "./rules.js";

/** The demo intrusion that ships with Tocsin. */
export const DEMO_SAMPLE = join(PACKAGE_ROOT, "samples", "intrusion.ndjson");

/** Options of startDemo. */
export interface DemoOptions {
  /** The server's base URL. */
  readonly url: string;
  readonly token: string;
  readonly sample?: string;
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

type Obj = Record<string, unknown>;

function obj(v: unknown): Obj | undefined {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : undefined;
}

/** The time of an evtx-JSON event in ms. */
function timeOf(record: Obj): number {
  const system = obj(obj(record.Event)?.System);
  const at = obj(obj(system?.TimeCreated)?.["#attributes"])?.SystemTime;
  return typeof at === "string" ? Date.parse(at) : Number.NaN;
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
  const records = readFileSync(options.sample ?? DEMO_SAMPLE, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as Obj)
    .filter((r) => Number.isFinite(timeOf(r)))
    .sort((a, b) => timeOf(a) - timeOf(b));
  const offsets = demoSchedule(records.map(timeOf), options.playSeconds ?? 60);
  const playMs = offsets[offsets.length - 1] ?? 0;
  const benignHost = (options.benignHost ?? "WS-HR-03").toLowerCase();
  const benign = records.filter((r) =>
    String(obj(obj(r.Event)?.System)?.Computer ?? "")
      .toLowerCase()
      .startsWith(benignHost),
  );
  const controller = new AbortController();
  let sent = 0;
  let recordId = 9_000_000;

  const post = async (batch: Obj[]) => {
    if (batch.length === 0) return;
    const body = `${batch.map((r) => JSON.stringify(r)).join("\n")}\n`;
    for (let attempt = 0; attempt < 5 && !controller.signal.aborted; attempt++) {
      try {
        const res = await fetch(`${options.url}/api/v1/ingest`, {
          method: "POST",
          headers: { authorization: `Bearer ${options.token}`, "content-type": "application/x-ndjson" },
          body,
          signal: controller.signal,
        });
        if (res.ok) {
          sent += batch.length;
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

  const run = async () => {
    const start = Date.now();
    log(`tocsin demo: replaying ${records.length} events of a simulated intrusion over ${Math.round(playMs / 1000)} s`);
    let i = 0;
    while (i < records.length && !controller.signal.aborted) {
      const elapsed = Date.now() - start;
      const batch: Obj[] = [];
      while (i < records.length && (offsets[i] as number) <= elapsed) {
        batch.push(retimed(records[i] as Obj, start + (offsets[i] as number)));
        i++;
      }
      await post(batch);
      await sleep(250, controller.signal);
    }
    if (controller.signal.aborted) return;
    log("tocsin demo: the intrusion has played; sending benign background activity");
    const rate = options.backgroundPerSecond ?? 2;
    let j = 0;
    while (!controller.signal.aborted && benign.length > 0 && rate > 0) {
      const batch: Obj[] = [];
      for (let k = 0; k < rate; k++) batch.push(retimed(benign[j++ % benign.length] as Obj, Date.now(), recordId++));
      await post(batch);
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
    const t = setTimeout(resolve, ms);
    signal.addEventListener(
      "abort",
      () => {
        clearTimeout(t);
        resolve();
      },
      { once: true },
    );
  });
}
