import { type Alert, type AlertEvent, buildAlert } from "../alerts/index.js";
import { describeIssues } from "../core/index.js";
import type { Detection } from "../detect/index.js";
import { type IngestFormat, type NormalisedEvent, ecsEntities, normaliseRecord } from "../formats/index.js";
import { type DecodedRecord, type PreparedEvent, decodeBatch, snippet } from "./decode.js";
import { storedTime } from "./event-time.js";
import type { IdFactory } from "./ids.js";
import type { DeadLetter, IngestBatch, IngestWriter, NewEvent } from "./ports.js";
import { ingested, storedFormOf } from "./ingested-event.js";
import type { RuleSet } from "./rule-set.js";

/** Counters of the pipeline since it started, for metrics. */
export interface IngestStats {
  batches: number;
  /** Records received (good and bad). */
  received: number;
  /** Records parsed and normalised into events. */
  parsed: number;
  /** Records dead-lettered. */
  deadLettered: number;
  /** Detections the engine made (before disabled rules are dropped). */
  detections: number;
  alerts: number;
}

/** How a batch is to be read. */
export interface IngestOptions {
  /** The format of every record, when it cannot be told from the record. */
  readonly format?: IngestFormat;
  readonly contentType?: string;
  /** Return the ids given to the stored events. */
  readonly returnIds?: boolean;
}

/** What ingesting a batch did. */
export interface IngestResult {
  readonly received: number;
  readonly accepted: number;
  readonly deadLettered: number;
  readonly alerts: number;
  readonly deadLetters: readonly { index: number; line?: number; code: string; reason: string }[];
  readonly ids?: readonly string[];
}

/** Options of IngestPipeline. */
export interface IngestPipelineOptions {
  readonly rules: RuleSet;
  readonly writer: IngestWriter;
  readonly ids: IdFactory;
  /** Milliseconds since the epoch; Date.now by default. */
  readonly now?: () => number;
}

/**
 * The ingest pipeline: decode a batch, normalise each record, run the streaming engine, build
 * alerts, and commit events, alerts and dead letters in one durable write. A batch is
 * acknowledged only once that write is done; bad records go to dead letters and the rest on.
 *
 * @example
 * const pipeline = new IngestPipeline({ rules, writer: store, ids: createIds(Date.now, "a1") });
 * const result = await pipeline.ingest(ndjson, { format: "evtx-json" });
 */
export class IngestPipeline {
  readonly stats: IngestStats = { batches: 0, received: 0, parsed: 0, deadLettered: 0, detections: 0, alerts: 0 };
  private readonly rules: RuleSet;
  private readonly writer: IngestWriter;
  private readonly ids: IdFactory;
  private readonly now: () => number;

  constructor(options: IngestPipelineOptions) {
    this.rules = options.rules;
    this.writer = options.writer;
    this.ids = options.ids;
    this.now = options.now ?? Date.now;
  }

  /** Decodes and ingests a batch body (NDJSON, a JSON array, or Windows XML). */
  ingest(body: string, options: IngestOptions = {}): Promise<IngestResult> {
    return this.ingestDecoded(decodeBatch(body, options.contentType), options);
  }

  /**
   * Ingests records already decoded. Everything but the commit is done before this returns:
   * the pending promise holds only the result, not the batch, so a batch's records, parsed
   * values and events are garbage once the writer has taken them (a store with a writer
   * thread copies them at once) instead of living on, and being copied by every young-space
   * collection, until the commit is on disk.
   */
  ingestDecoded(records: Iterable<DecodedRecord>, options: IngestOptions = {}): Promise<IngestResult> {
    let committing: Promise<void>;
    let result: IngestResult;
    try {
      const { received, ...batch } = this.process(records, options);
      result = {
        received,
        accepted: batch.events.length,
        deadLettered: batch.deadLetters.length,
        alerts: batch.alerts.length,
        deadLetters: batch.deadLetters.map((d) => ({
          index: d.index,
          code: d.code,
          reason: d.reason,
          ...(d.line !== undefined ? { line: d.line } : {}),
        })),
        ...(options.returnIds ? { ids: batch.events.map((e) => e.id) } : {}),
      };
      committing = this.writer.commitBatch(batch);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.committed(committing, result);
  }

  private async committed(committing: Promise<void>, result: IngestResult): Promise<IngestResult> {
    await committing;
    const s = this.stats;
    s.batches++;
    s.received += result.received;
    s.parsed += result.accepted;
    s.deadLettered += result.deadLettered;
    s.alerts += result.alerts;
    return result;
  }

  /**
   * Normalises, detects and builds what a batch leaves behind, in record order; records are
   * read once, one at a time (they may be parsed as they are read).
   */
  private process(records: Iterable<DecodedRecord>, options: IngestOptions): IngestBatch & { received: number } {
    const receivedAt = new Date(this.now()).toISOString();
    const events: NewEvent[] = [];
    const alerts: Alert[] = [];
    const deadLetters: DeadLetter[] = [];
    const engine = this.rules.engine;
    const jsonOptions = this.rules.jsonOptions;
    let received = 0;
    for (const r of records) {
      received++;
      if (!r.ok) {
        deadLetters.push(
          this.deadLetter(r.index, r.line, r.code, r.reason, r.text, receivedAt, r.format ?? options.format),
        );
        continue;
      }
      const n = r.prepared
        ? { ok: true as const, value: r.prepared }
        : normaliseRecord(r.value, options.format, jsonOptions);
      if (!n.ok) {
        const reason = describeIssues(n.issues);
        const code = n.issues[0]?.code ?? "INGEST_UNRECOGNISED";
        const text = r.text ?? JSON.stringify(r.value) ?? String(r.value);
        deadLetters.push(this.deadLetter(r.index, r.line, code, reason, text, receivedAt, options.format));
        continue;
      }
      const stored = this.toNewEvent(n.value, r, receivedAt);
      events.push(stored);
      const event = ingested(n.value.event, stored);
      const detections = engine.match(event);
      if (detections.length > 0) this.alertsOf(detections, stored, receivedAt, alerts);
    }
    return { events, alerts, deadLetters, received };
  }

  private toNewEvent(
    n: NormalisedEvent | PreparedEvent,
    r: DecodedRecord & { ok: true },
    receivedAt: string,
  ): NewEvent {
    const timestamp = storedTime(n.event.timestamp, receivedAt);
    const rawJson = typeof r.value === "string" ? JSON.stringify(r.value) : (r.text ?? JSON.stringify(r.value));
    const fields = "fields" in n ? n.fields : undefined;
    const event: NewEvent = {
      id: this.ids("ev_"),
      timestamp,
      receivedAt,
      logsource: n.event.logsource,
      format: n.format,
      ecs: n.ecs,
      rawJson,
      // A record kept as text has its fields nowhere else to be queried by.
      ...(fields !== undefined && typeof r.value === "string" ? { fieldsJson: JSON.stringify(fields) } : {}),
    };
    return event;
  }

  private alertsOf(detections: readonly Detection[], stored: NewEvent, now: string, out: Alert[]): void {
    for (const d of detections) {
      this.stats.detections++;
      if (!this.rules.enabled(d.rule.id)) continue;
      const events: AlertEvent[] =
        d.kind === "match"
          ? [{ id: stored.id, timestamp: stored.timestamp, ecs: stored.ecs }]
          : d.hit.events.flatMap((e) => {
              const known = storedFormOf(e);
              if (known) return [{ id: known.id, timestamp: known.timestamp, ecs: known.ecs }];
              // An event revived from state saved before a restart: its stored id came with it.
              if (e.id === undefined) return [];
              return [{ id: e.id, timestamp: e.timestamp ?? now, ecs: ecsEntities(e) }];
            });
      out.push(buildAlert(d, events, { id: this.ids("al_"), now }));
    }
  }

  private deadLetter(
    index: number,
    line: number | undefined,
    code: string,
    reason: string,
    text: string,
    receivedAt: string,
    format: string | undefined,
  ): DeadLetter {
    return {
      id: this.ids("dl_"),
      receivedAt,
      index,
      code,
      reason,
      record: snippet(text),
      ...(line !== undefined ? { line } : {}),
      ...(format !== undefined ? { format } : {}),
    };
  }
}
