import { describe, expect, it } from "vitest";
import { Histogram, ServerMetrics, renderMetrics } from "./metrics.js";

describe("Prometheus metrics", () => {
  it("writes counters, gauges and a cumulative latency histogram in the text format", () => {
    const server = new ServerMetrics();
    server.queueDepth = 3;
    server.ingestLatency.observe(0.004);
    server.ingestLatency.observe(0.2);
    const text = renderMetrics(
      { batches: 2, received: 10, parsed: 8, deadLettered: 2, detections: 5, alerts: 4 },
      server,
      { rules: 40 },
    );
    expect(text).toContain("# TYPE tocsin_events_in_total counter\ntocsin_events_in_total 10\n");
    expect(text).toContain("tocsin_events_parsed_total 8");
    expect(text).toContain("tocsin_events_dropped_total 2");
    expect(text).toContain("tocsin_detections_total 5");
    expect(text).toContain("# TYPE tocsin_ingest_queue_depth gauge\ntocsin_ingest_queue_depth 3");
    expect(text).toContain('tocsin_ingest_latency_seconds_bucket{le="0.005"} 1');
    expect(text).toContain('tocsin_ingest_latency_seconds_bucket{le="0.25"} 2');
    expect(text).toContain('tocsin_ingest_latency_seconds_bucket{le="+Inf"} 2');
    expect(text).toContain("tocsin_ingest_latency_seconds_count 2");
    expect(text.endsWith("\n")).toBe(true);
    for (const line of text.trim().split("\n"))
      expect(line).toMatch(/^(# (HELP|TYPE) \w+ .+|\w+(\{\w+="[^"]+"(,\w+="[^"]+")*\})? [\d.e+-]+)$/);
    expect(text).toContain('tocsin_syslog_dropped_total{reason="rate_limit"} 0');
    expect(text).toContain('tocsin_shipper_requests_total{endpoint="hec",outcome="ok"} 0');
  });

  it("counts each observation in every bucket at or above it", () => {
    const h = new Histogram([1, 2]);
    h.observe(1.5);
    expect(h.lines("x")).toEqual([
      'x_bucket{le="1"} 0',
      'x_bucket{le="2"} 1',
      'x_bucket{le="+Inf"} 1',
      "x_sum 1.5",
      "x_count 1",
    ]);
  });
});
