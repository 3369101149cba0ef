import type { IngestStats } from "../ingest/index.js";
import { ListenerMetrics } from "./listener-metrics.js";

/** Upper bounds (seconds) of the ingest latency histogram's buckets. */
export const LATENCY_BUCKETS: readonly number[] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** A Prometheus histogram: cumulative bucket counts, sum and count. */
export class Histogram {
  private readonly counts: number[];
  sum = 0;
  count = 0;

  constructor(readonly buckets: readonly number[] = LATENCY_BUCKETS) {
    this.counts = buckets.map(() => 0);
  }

  /** Records one observation (seconds). */
  observe(value: number): void {
    this.sum += value;
    this.count++;
    for (let i = 0; i < this.buckets.length; i++) if (value <= (this.buckets[i] as number)) this.counts[i]!++;
  }

  /** The exposition lines of the histogram, named `name`. */
  lines(name: string): string[] {
    const out = this.buckets.map((b, i) => `${name}_bucket{le="${b}"} ${this.counts[i]}`);
    out.push(`${name}_bucket{le="+Inf"} ${this.count}`, `${name}_sum ${this.sum}`, `${name}_count ${this.count}`);
    return out;
  }
}

/** What the server counts beside the pipeline's own counters. */
export class ServerMetrics {
  readonly ingestLatency = new Histogram();
  /** Ingest requests waiting or running. */
  queueDepth = 0;
  rejectedTooLarge = 0;
  rejectedBusy = 0;
  readonly started = Date.now();
  /** Counters of the syslog listeners and the HEC and `_bulk` endpoints. */
  readonly listeners = new ListenerMetrics();
}

/** One metric for the text exposition. */
interface Metric {
  readonly name: string;
  readonly help: string;
  readonly type: "counter" | "gauge" | "histogram";
  readonly lines: readonly string[];
}

function simple(name: string, help: string, type: "counter" | "gauge", value: number): Metric {
  return { name, help, type, lines: [`${name} ${value}`] };
}

/**
 * The Prometheus text exposition (version 0.0.4) of the ingest pipeline and the server.
 *
 * @example reply.type("text/plain; version=0.0.4").send(renderMetrics(pipeline.stats, metrics, extra));
 */
export function renderMetrics(
  stats: Readonly<IngestStats>,
  server: ServerMetrics,
  gauges: {
    readonly rules: number;
    /** The engine's correlation evidence: events kept, and events not kept for want of room. */
    readonly evidence?: { readonly held: number; readonly dropped: number };
  } = { rules: 0 },
): string {
  const metrics: Metric[] = [
    simple("tocsin_events_in_total", "Records received for ingest, good and bad.", "counter", stats.received),
    simple("tocsin_events_parsed_total", "Records parsed and normalised into events.", "counter", stats.parsed),
    simple(
      "tocsin_events_dropped_total",
      "Records that could not be parsed, kept as dead letters.",
      "counter",
      stats.deadLettered,
    ),
    simple(
      "tocsin_detections_total",
      "Rule and correlation detections made by the engine.",
      "counter",
      stats.detections,
    ),
    simple("tocsin_alerts_total", "Alerts stored.", "counter", stats.alerts),
    simple("tocsin_ingest_batches_total", "Batches ingested and acknowledged.", "counter", stats.batches),
    simple("tocsin_ingest_rejected_too_large_total", "Batches refused with 413.", "counter", server.rejectedTooLarge),
    simple("tocsin_ingest_rejected_busy_total", "Batches refused with 429.", "counter", server.rejectedBusy),
    simple("tocsin_ingest_queue_depth", "Ingest requests being received or processed.", "gauge", server.queueDepth),
    simple("tocsin_rules_loaded", "Rules and correlation rules loaded.", "gauge", gauges.rules),
    simple(
      "tocsin_correlation_evidence_events",
      "Events the correlation windows keep as evidence.",
      "gauge",
      gauges.evidence?.held ?? 0,
    ),
    simple(
      "tocsin_correlation_evidence_dropped_total",
      "Events not kept as correlation evidence because the evidence limit was reached.",
      "counter",
      gauges.evidence?.dropped ?? 0,
    ),
    simple("tocsin_uptime_seconds", "Seconds since the server started.", "gauge", (Date.now() - server.started) / 1000),
    {
      name: "tocsin_ingest_latency_seconds",
      help: "Time from receiving an ingest request to its durable commit.",
      type: "histogram",
      lines: server.ingestLatency.lines("tocsin_ingest_latency_seconds"),
    },
  ];
  const out: string[] = [];
  for (const m of metrics) out.push(`# HELP ${m.name} ${m.help}`, `# TYPE ${m.name} ${m.type}`, ...m.lines);
  out.push(...server.listeners.render());
  return `${out.join("\n")}\n`;
}
