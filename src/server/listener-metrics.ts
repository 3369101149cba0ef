/** Counters of the syslog listeners and the HEC and `_bulk` endpoints, for /metrics. */
export class ListenerMetrics {
  /** Syslog messages received, per transport. */
  readonly syslogMessages = { udp: 0, tcp: 0, tls: 0 };
  /** Syslog messages dropped because their source went over its rate limit. */
  syslogRateLimited = 0;
  /** Syslog messages dropped because the ingest queue was full (UDP cannot wait). */
  syslogDroppedBusy = 0;
  /** Syslog frames over the size limit, cut off and dead-lettered. */
  syslogOversize = 0;
  /** Connections closed for a bad octet count. */
  syslogBadFrames = 0;
  /** Connections closed after being idle too long. */
  syslogIdleClosed = 0;
  /** Syslog messages whose batch could not be stored (logged; UDP and TCP cannot resend). */
  syslogLost = 0;
  /** Open syslog TCP and TLS connections. */
  syslogConnections = 0;
  /** HEC and `_bulk` requests answered, by outcome. */
  readonly hecRequests = { ok: 0, failed: 0 };
  readonly bulkRequests = { ok: 0, failed: 0 };

  /** The metrics in Prometheus text exposition, HELP and TYPE lines included. */
  render(): string[] {
    const out: string[] = [];
    const metric = (name: string, help: string, type: "counter" | "gauge", lines: string[]) => {
      out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, ...lines);
    };
    const m = this.syslogMessages;
    metric("tocsin_syslog_messages_total", "Syslog messages received.", "counter", [
      `tocsin_syslog_messages_total{transport="udp"} ${m.udp}`,
      `tocsin_syslog_messages_total{transport="tcp"} ${m.tcp}`,
      `tocsin_syslog_messages_total{transport="tls"} ${m.tls}`,
    ]);
    metric("tocsin_syslog_dropped_total", "Syslog messages dropped, by reason.", "counter", [
      `tocsin_syslog_dropped_total{reason="rate_limit"} ${this.syslogRateLimited}`,
      `tocsin_syslog_dropped_total{reason="queue_full"} ${this.syslogDroppedBusy}`,
      `tocsin_syslog_dropped_total{reason="store_failed"} ${this.syslogLost}`,
    ]);
    metric("tocsin_syslog_oversize_total", "Syslog frames over the size limit, dead-lettered.", "counter", [
      `tocsin_syslog_oversize_total ${this.syslogOversize}`,
    ]);
    metric("tocsin_syslog_closed_total", "Syslog connections closed by the server, by reason.", "counter", [
      `tocsin_syslog_closed_total{reason="bad_frame"} ${this.syslogBadFrames}`,
      `tocsin_syslog_closed_total{reason="idle"} ${this.syslogIdleClosed}`,
    ]);
    metric("tocsin_syslog_connections", "Open syslog TCP and TLS connections.", "gauge", [
      `tocsin_syslog_connections ${this.syslogConnections}`,
    ]);
    metric("tocsin_shipper_requests_total", "HEC and _bulk requests, by endpoint and outcome.", "counter", [
      `tocsin_shipper_requests_total{endpoint="hec",outcome="ok"} ${this.hecRequests.ok}`,
      `tocsin_shipper_requests_total{endpoint="hec",outcome="failed"} ${this.hecRequests.failed}`,
      `tocsin_shipper_requests_total{endpoint="bulk",outcome="ok"} ${this.bulkRequests.ok}`,
      `tocsin_shipper_requests_total{endpoint="bulk",outcome="failed"} ${this.bulkRequests.failed}`,
    ]);
    return out;
  }
}
