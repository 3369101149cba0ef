// End-to-end ingest: HTTP ingest → parse → normalise → detect (the whole SigmaHQ rule set) →
// durable store, against a real server in a child process over loopback. Reports events per
// second, the latency from posting an event to its alert being visible in the API (p50, p99),
// and the server's memory over the run. `npm run bench -- ingest [--seconds N] [--clients N]`.
import { spawn } from "node:child_process";
import { Agent, request } from "node:http";
import { appendFileSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO, SERVER_NODE_FLAGS, SHARED, buildOnce, flagsFrom, n, requireShared } from "./support.js";

requireShared();
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const SECONDS = arg("seconds", 60);
// Four clients: with two, the main thread idled while each client waited for its batch to be
// committed (74% busy); four keep it busy, as a fleet of shippers would. `--clients 2` still works.
const CLIENTS = arg("clients", 4);
const BATCH = arg("batch", 500);
const WARMUP_SECONDS = 5;
const TOKEN = "bench-admin-token-0123456789abcdef";

// --- the server ----------------------------------------------------------------------------
// The server runs as it ships: the build (`bin/tocsin`, with the Node.js flags of its first
// line), brought up to date first.
buildOnce();
const dir = mkdtempSync(join(tmpdir(), "tocsin-bench-"));
const rules = ["rules", "rules-emerging-threats", "rules-threat-hunting"].map((d) => join(SHARED, "sigma", d));
const started = performance.now();
const child = spawn(
  process.execPath,
  [
    ...SERVER_NODE_FLAGS,
    ...(process.env.BENCH_SERVER_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_SERVER_PROF}`] : []),
    // Extra Node.js or V8 flags for the server, for experiments (`--trace-gc`, heap sizes).
    ...flagsFrom("BENCH_SERVER_FLAGS"),
    join(REPO, "bin", "tocsin"),
    "serve",
    "--data",
    dir,
    "--port",
    "0",
    "--rules",
    ...rules,
  ],
  {
    cwd: REPO,
    env: {
      ...process.env,
      TOCSIN_ADMIN_TOKEN: TOKEN,
      TOCSIN_LOG_LEVEL: "warn",
      TOCSIN_MAX_INFLIGHT: String(CLIENTS + 2),
    },
    stdio: ["ignore", "pipe", "inherit"],
  },
);
// Never leave the server behind, whatever happens here.
process.on("exit", () => child.kill("SIGKILL"));
const url = await new Promise<string>((res, rej) => {
  let out = "";
  let listening = false;
  // The server's output is read to the end (a full pipe would stop it), but searched only until it
  // says where it listens: with `--trace-gc` it prints a line every few hundred milliseconds.
  child.stdout.on("data", (c: Buffer) => {
    if (process.env.BENCH_SERVER_STDOUT) appendFileSync(process.env.BENCH_SERVER_STDOUT, c);
    if (listening) return;
    out += c.toString();
    const m = /listening on (\S+) \(data [^;]+; (\d+) rules/.exec(out);
    if (m) {
      listening = true;
      res(m[1] as string);
    }
  });
  child.once("exit", (code) => rej(new Error(`server exited ${code}: ${out}`)));
});
const ready = (performance.now() - started) / 1000;
const headers = { authorization: `Bearer ${TOKEN}`, "content-type": "application/x-ndjson" };
// The load goes through node:http with kept-alive connections and bodies encoded once: the
// load generator shares the machine's cores with the server, and fetch spent more CPU a batch
// (encoding the body, copying it, its streams) than the server's HTTP handling of it.
const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS + 2 });
function send(method: string, path: string, body?: Buffer): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, {
      method,
      agent,
      headers: body ? { ...headers, "content-length": body.byteLength } : headers,
    });
    req.once("error", reject);
    req.once("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.once("error", reject);
      res.once("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
    });
    req.end(body);
  });
}
const rulesLoaded = ((await (await fetch(`${url}/api/v1/rules?limit=1`, { headers })).json()) as { total: number })
  .total;
console.log(`server: ${rulesLoaded} rules loaded, listening after ${ready.toFixed(1)} s`);

// --- the load: NDJSON batches of benign background (the demo's benign workstation) with 1% of
// attack events (the demo intrusion and the SigmaHQ regression events) mixed in.
const ATTACK_SHARE = arg("attack-percent", 1) / 100;
const sample = readFileSync(join(REPO, "samples", "intrusion.ndjson"), "utf8")
  .split("\n")
  .filter(Boolean);
const benign = sample.filter((l) => l.includes('"Computer":"WS-HR-03'));
const attacks = sample.filter((l) => !l.includes('"Computer":"WS-HR-03'));
const lines = [...sample];
const regression = join(SHARED, "sigma", "regression");
const { walkFiles } = await import("../src/sources/index.js");
const { jsonRecords } = await import("../src/formats/index.js");
for await (const e of walkFiles([regression], { accept: (f) => f.endsWith(".json") })) {
  if (!e.ok) continue;
  for (const r of jsonRecords(readFileSync(e.path, "utf8"), e.path)) if (r.ok) attacks.push(JSON.stringify(r.value));
}
const bodies: Buffer[] = [];
let seed = 7;
const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
for (let b = 0; b < 16; b++) {
  const batch: string[] = [];
  for (let i = 0; i < BATCH; i++) {
    const pool = next() % 10_000 < ATTACK_SHARE * 10_000 ? attacks : benign;
    batch.push(pool[next() % pool.length] as string);
  }
  bodies.push(Buffer.from(batch.join("\n")));
}
const avgBytes = bodies.reduce((s, b) => s + b.byteLength, 0) / bodies.length / BATCH;
console.log(
  `load: ${CLIENTS} clients, batches of ${BATCH} events (${benign.length} benign and ${attacks.length} attack events, ${ATTACK_SHARE * 100}% attacks; ${Math.round(avgBytes)} B each), ${SECONDS} s after ${WARMUP_SECONDS} s warm-up`,
);

// A probe event that the starter rule for whoami alerts on, tagged to find its own alert.
const probe = JSON.parse(
  lines.find((l) => l.includes("whoami.exe") && l.includes('"EventID":1,')) ??
    (lines.find((l) => l.includes('"EventID":1,')) as string),
) as { Event: { EventData: Record<string, unknown> } };

let stop = false;
let measuring = false;
let events = 0;
let batches = 0;
let refused = 0;
const latencies: number[] = [];
const rss: number[] = [];

async function loadClient(k: number): Promise<void> {
  let i = k;
  while (!stop) {
    const body = bodies[i++ % bodies.length] as Buffer;
    const res = await send("POST", "/api/v1/ingest", body);
    if (res.status === 200) {
      const r = JSON.parse(res.text) as { accepted: number };
      if (measuring) {
        events += r.accepted;
        batches++;
      }
    } else {
      refused++;
      await new Promise((r) => setTimeout(r, 5));
    }
  }
}

/** The probe event on a host of its own, so its alert is found by that entity. */
function probeBody(k: number): { body: string; host: string } {
  const host = `PROBE-${k}.bench.example`;
  const system = (probe.Event as unknown as { System: Record<string, unknown> }).System;
  const event = { Event: { ...probe.Event, System: { ...system, Computer: host } } };
  return { body: JSON.stringify(event), host };
}

async function prober(): Promise<void> {
  let k = 0;
  while (!stop) {
    const { body, host } = probeBody(k++);
    const t0 = performance.now();
    const res = await send("POST", "/api/v1/ingest", Buffer.from(body));
    if (res.status === 200) {
      for (let tries = 0; tries < 10_000; tries++) {
        const page = JSON.parse((await send("GET", `/api/v1/alerts?entity=${host}&limit=1`)).text) as {
          items: unknown[];
        };
        if (page.items.length > 0) break;
        await new Promise((r) => setTimeout(r, 2));
      }
      if (measuring) latencies.push(performance.now() - t0);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

// The probe must alert on its own before the load starts.
{
  const { body, host } = probeBody(-1);
  await (await fetch(`${url}/api/v1/ingest`, { method: "POST", headers, body })).arrayBuffer();
  const page = (await (await fetch(`${url}/api/v1/alerts?entity=${host}&limit=1`, { headers })).json()) as {
    items: unknown[];
  };
  if (page.items.length === 0) throw new Error("the probe event raised no alert");
}

function sampleRss(): number {
  const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/**
 * CPU time of each thread of a process (Linux schedstat): time on a CPU and time runnable but
 * waiting for one, in ns, by thread id. Empty where /proc has no schedstat.
 */
function threadTimes(pid: number): Map<number, { run: number; wait: number }> {
  const out = new Map<number, { run: number; wait: number }>();
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const [run, wait] = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ").map(Number);
      out.set(Number(tid), { run: run ?? 0, wait: wait ?? 0 });
    }
  } catch {
    // Not Linux, or the thread ended between the listing and the read.
  }
  return out;
}

/**
 * Where the server's CPU went over the run, per event: its main thread, its busiest other
 * thread (the SQLite writer), the rest (V8's GC and compiler helpers, libuv), and this process
 * (the load generator, which shares the machine's cores). Wall time figures of a CPU profile
 * count time a thread waited for a core; these do not, and `wait` says how much there was.
 */
function cpuPerEvent(
  before: Map<number, { run: number; wait: number }>,
  after: Map<number, { run: number; wait: number }>,
  mainTid: number,
  count: number,
) {
  const used = [...after].map(([tid, t]) => {
    const b = before.get(tid) ?? { run: 0, wait: 0 };
    return { tid, run: t.run - b.run, wait: t.wait - b.wait };
  });
  const main = used.find((t) => t.tid === mainTid) ?? { run: 0, wait: 0 };
  const others = used.filter((t) => t.tid !== mainTid).sort((a, b) => b.run - a.run);
  const writer = others[0] ?? { run: 0, wait: 0 };
  const rest = others.slice(1).reduce((s, t) => s + t.run, 0);
  const us = (ns: number) => Number((ns / 1000 / Math.max(1, count)).toFixed(1));
  return {
    main_us: us(main.run),
    main_wait_us: us(main.wait),
    writer_us: us(writer.run),
    writer_wait_us: us(writer.wait),
    other_threads_us: us(rest),
  };
}

const workers = [...Array.from({ length: CLIENTS }, (_, k) => loadClient(k)), prober()];
await new Promise((r) => setTimeout(r, WARMUP_SECONDS * 1000));
measuring = true;
const t0 = performance.now();
const cpuBefore = threadTimes(child.pid as number);
const loadCpuBefore = process.cpuUsage();
const memTimer = setInterval(() => rss.push(sampleRss()), 1000);
await new Promise((r) => setTimeout(r, SECONDS * 1000));
measuring = false;
const cpuAfter = threadTimes(child.pid as number);
const loadCpu = process.cpuUsage(loadCpuBefore);
const elapsed = (performance.now() - t0) / 1000;
clearInterval(memTimer);
stop = true;
await Promise.all(workers);

const metrics = await (await fetch(`${url}/metrics`, { headers })).text();
const alerts = Number(/^tocsin_alerts_total (\d+)/m.exec(metrics)?.[1] ?? 0);
child.kill("SIGTERM");
await new Promise((r) => child.once("exit", r));
rmSync(dir, { recursive: true, force: true });

latencies.sort((a, b) => a - b);
const pct = (p: number) =>
  latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? Number.NaN;
const third = Math.max(1, Math.floor(rss.length / 3));
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);
const rssFirst = mean(rss.slice(0, third));
const rssLast = mean(rss.slice(-third));
const cpu = {
  ...cpuPerEvent(cpuBefore, cpuAfter, child.pid as number, events),
  load_generator_us: Number(((loadCpu.user + loadCpu.system) / Math.max(1, events)).toFixed(1)),
};
const result = {
  events_per_s: Math.round(events / elapsed),
  p50_ms: Number(pct(50).toFixed(1)),
  p99_ms: Number(pct(99).toFixed(1)),
  rss_mb: Math.round(Math.max(...rss)),
  rss_first_third_mb: Math.round(rssFirst),
  rss_last_third_mb: Math.round(rssLast),
  seconds: Number(elapsed.toFixed(1)),
  events,
  batch: BATCH,
  clients: CLIENTS,
  refused_429: refused,
  probes: latencies.length,
  rules: rulesLoaded,
  alerts,
  cpu_per_event: cpu,
};
console.log(
  `throughput: ${n(result.events_per_s)} events/s end to end (${n(events)} events in ${batches} batches, ${elapsed.toFixed(1)} s)`,
);
console.log(
  `ingest → alert visible in the API: p50 ${result.p50_ms} ms, p99 ${result.p99_ms} ms (${latencies.length} probes)`,
);
console.log(
  `server memory (RSS): max ${result.rss_mb} MB; mean of first third ${result.rss_first_third_mb} MB, last third ${result.rss_last_third_mb} MB`,
);
console.log(
  `CPU per event (µs): server main thread ${cpu.main_us} (+${cpu.main_wait_us} waiting for a core), writer thread ${cpu.writer_us} (+${cpu.writer_wait_us} waiting), other server threads ${cpu.other_threads_us}; load generator ${cpu.load_generator_us}`,
);
console.log(JSON.stringify(result));
