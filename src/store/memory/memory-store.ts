import type { Alert } from "../../alerts/index.js";
import { getPath } from "../../core/index.js";
import type {
  AlertQuery,
  DeadLetter,
  EventQuery,
  IngestBatch,
  NewEvent,
  Page,
  StoredEvent,
  TocsinStore,
} from "../../ingest/index.js";
import { reviveEvent } from "../../ingest/index.js";
import { levelRank } from "../../sigma/index.js";
import { type CursorPosition, DAY_MS, decodeCursor, encodeCursor, isEcsField } from "../cursor.js";

/**
 * Every store port in memory, for tests and trials. Nothing survives the process.
 *
 * @example const store = new MemoryStore();
 */
export class MemoryStore implements TocsinStore {
  private readonly events: NewEvent[] = [];
  private readonly alerts: Alert[] = [];
  private readonly letters: DeadLetter[] = [];
  private readonly state = new Map<string, string>();

  async commitBatch(batch: IngestBatch): Promise<void> {
    this.events.push(...batch.events);
    this.alerts.push(...batch.alerts);
    this.letters.push(...batch.deadLetters);
  }

  async appendEvents(events: readonly NewEvent[]): Promise<void> {
    this.events.push(...events);
  }

  async queryEvents(q: EventQuery): Promise<Page<StoredEvent>> {
    const from = q.from ?? "";
    const to = q.to ?? "\uffff";
    const items = this.events.filter(
      (e) =>
        e.timestamp >= from &&
        e.timestamp < to &&
        (q.product === undefined || e.logsource.product === q.product) &&
        (q.service === undefined || e.logsource.service === q.service) &&
        (q.category === undefined || e.logsource.categories.includes(q.category)) &&
        (q.format === undefined || e.format === q.format) &&
        fieldsHold(e, q.fields),
    );
    return page(items, q, (e) => e.timestamp, toStored);
  }

  async getEvent(id: string): Promise<StoredEvent | undefined> {
    const e = this.events.find((x) => x.id === id);
    return e ? toStored(e) : undefined;
  }

  async countEvents(): Promise<number> {
    return this.events.length;
  }

  async pruneEventsBefore(time: string): Promise<number> {
    const dayStart = new Date(Math.floor(Date.parse(time) / DAY_MS) * DAY_MS).toISOString();
    const keep = this.events.filter((e) => e.receivedAt >= dayStart);
    const removed = this.events.length - keep.length;
    this.events.splice(0, this.events.length, ...keep);
    return removed;
  }

  async appendAlerts(alerts: readonly Alert[]): Promise<void> {
    this.alerts.push(...alerts);
  }

  async queryAlerts(q: AlertQuery): Promise<Page<Alert>> {
    const min = q.minLevel ? levelRank(q.minLevel) : 0;
    const entity = q.entity?.toLowerCase();
    const items = this.alerts.filter(
      (a) =>
        (q.from === undefined || a.lastSeen >= q.from) &&
        (q.to === undefined || a.lastSeen < q.to) &&
        (q.ruleId === undefined || a.rule.id === q.ruleId) &&
        (q.level === undefined || a.rule.level === q.level) &&
        levelRank(a.rule.level) >= min &&
        (entity === undefined || a.entities.some((x) => x.value.toLowerCase() === entity)),
    );
    return page(
      items,
      q,
      () => "",
      (a) => a,
    );
  }

  async getAlert(id: string): Promise<Alert | undefined> {
    return this.alerts.find((a) => a.id === id);
  }

  async countAlerts(): Promise<number> {
    return this.alerts.length;
  }

  async appendDeadLetters(letters: readonly DeadLetter[]): Promise<void> {
    this.letters.push(...letters);
  }

  async queryDeadLetters(q: { limit: number; cursor?: string }): Promise<Page<DeadLetter>> {
    return page(
      this.letters,
      q,
      () => "",
      (d) => d,
    );
  }

  async countDeadLetters(): Promise<number> {
    return this.letters.length;
  }

  async pruneDeadLettersBefore(time: string): Promise<number> {
    const keep = this.letters.filter((d) => d.receivedAt >= time);
    const removed = this.letters.length - keep.length;
    this.letters.splice(0, this.letters.length, ...keep);
    return removed;
  }

  async getState<T>(key: string): Promise<T | undefined> {
    const v = this.state.get(key);
    return v === undefined ? undefined : (JSON.parse(v) as T);
  }

  async putState(key: string, value: unknown): Promise<void> {
    this.state.set(key, JSON.stringify(value));
  }

  async putStateText(key: string, json: string): Promise<void> {
    this.state.set(key, json);
  }

  async close(): Promise<void> {}
}

function toStored(e: NewEvent): StoredEvent {
  return {
    id: e.id,
    timestamp: e.timestamp,
    receivedAt: e.receivedAt,
    logsource: e.logsource,
    format: e.format,
    ecs: e.ecs,
    raw: JSON.parse(e.rawJson),
    ...(e.fieldsJson !== undefined ? { fields: JSON.parse(e.fieldsJson) as Record<string, unknown> } : {}),
  };
}

function fieldsHold(e: NewEvent, fields: Readonly<Record<string, string>> | undefined): boolean {
  if (!fields) return true;
  let doc: { get(name: string): unknown } | undefined;
  let own: unknown;
  for (const [name, wanted] of Object.entries(fields)) {
    // As the SQLite query reads: the ECS field, else the format's fields, else the original record.
    let value: unknown = isEcsField(name) ? e.ecs[name] : undefined;
    if (value === undefined && e.fieldsJson !== undefined) {
      own ??= JSON.parse(e.fieldsJson) as unknown;
      value = getPath(own, name);
    }
    if (value === undefined && e.fieldsJson === undefined) {
      doc ??= reviveEvent({ raw: JSON.parse(e.rawJson), logsource: e.logsource }).doc;
      value = doc.get(name);
    }
    if (value === undefined || value === null || String(value).toLowerCase() !== wanted.toLowerCase()) return false;
  }
  return true;
}

/** Newest first by (key, id), after the cursor, up to the limit. */
function page<T extends { id: string }, U>(
  items: readonly T[],
  q: { limit: number; cursor?: string },
  key: (item: T) => string,
  map: (item: T) => U,
): Page<U> {
  const after: CursorPosition | undefined = decodeCursor(q.cursor);
  const sorted = [...items].sort((a, b) => compare(key(b), b.id, key(a), a.id));
  const rest = after ? sorted.filter((x) => compare(key(x), x.id, after.key, after.id) < 0) : sorted;
  const chosen = rest.slice(0, q.limit);
  const last = chosen[chosen.length - 1];
  const next = rest.length > q.limit && last ? encodeCursor({ key: key(last), id: last.id }) : undefined;
  return next ? { items: chosen.map(map), next } : { items: chosen.map(map) };
}

function compare(ka: string, ia: string, kb: string, ib: string): number {
  if (ka !== kb) return ka < kb ? -1 : 1;
  return ia < ib ? -1 : ia > ib ? 1 : 0;
}
