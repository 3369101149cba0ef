import type { DeadLetter, IngestBatch } from "../../ingest/index.js";
import { levelRank } from "../../sigma/index.js";
import { DAY_MS } from "../cursor.js";
import { keyText, keysOfAlert } from "./alert-keys.js";

/** A value bound to a statement parameter. */
export type RowValue = string | number | null;

/**
 * Values of an events row, in the order of EVENT_INSERT's parameters: id, ts, received, day,
 * product, service, categories, format, host, user, ecs, raw, fields.
 */
export const EVENT_WIDTH = 13;
/**
 * Values of an alerts row, in the order of ALERT_INSERT's parameters (id, rule_id, level,
 * level_rank, first_seen, last_seen, created, body, keys), then the alert's keys as a list, which
 * the writer keeps until it indexes them.
 */
export const ALERT_WIDTH = 10;
/** Values of a dead letter's row: id, received, body. */
export const LETTER_WIDTH = 3;

export const EVENT_INSERT = `INSERT INTO events (id, ts, received, day, product, service, categories, format, host, user, ecs, raw, fields)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
export const ALERT_INSERT = `INSERT INTO alerts (id, rule_id, level, level_rank, first_seen, last_seen, created, body, keys)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`;
export const LETTER_INSERT = "INSERT INTO dead_letters (id, received, body) VALUES (?, ?, ?)";

/**
 * A batch as its rows: the values of each row one after another in a flat list per table. The
 * writer thread is sent this instead of the batch's objects. A copy between threads writes every
 * property name of every object and makes each object again on the far side, where its ECS
 * fields then had to be turned into JSON text: for a Sysmon event about 4.3 µs of the writer's
 * time against 1.5 µs for these lists, which the main thread makes and sends for about 1 µs
 * more than the objects (measured 2026-12-01 with v8.serialize over 500 sample events). In the
 * ingest benchmark the writer thread went from 18 to 12–13 µs an event and the main thread up by
 * 1–3; docs/operations.md has the runs.
 */
export interface BatchRows {
  readonly events: readonly RowValue[];
  /** Alert rows: ALERT_WIDTH values each, the last a list of keys (see ALERT_WIDTH). */
  readonly alerts: readonly (RowValue | readonly string[])[];
  readonly letters: readonly RowValue[];
}

/** The rows of a batch, in its order. */
export function batchRows(batch: IngestBatch): BatchRows {
  const events: RowValue[] = [];
  let dayOf = "";
  let day = -1;
  for (const e of batch.events) {
    if (e.receivedAt !== dayOf) {
      dayOf = e.receivedAt;
      day = Math.floor(Date.parse(e.receivedAt) / DAY_MS);
    }
    const host = e.ecs["host.name"];
    const user = e.ecs["user.name"];
    events.push(
      e.id,
      e.timestamp,
      e.receivedAt,
      day,
      e.logsource.product ?? null,
      e.logsource.service ?? null,
      `,${e.logsource.categories.join(",")},`,
      e.format,
      host === undefined ? null : String(host),
      user === undefined ? null : String(user),
      JSON.stringify(e.ecs),
      e.rawJson,
      e.fieldsJson ?? null,
    );
  }
  const alerts: (RowValue | readonly string[])[] = [];
  for (const a of batch.alerts) {
    const keys = keysOfAlert(a);
    alerts.push(
      a.id,
      a.rule.id,
      a.rule.level,
      levelRank(a.rule.level),
      a.firstSeen,
      a.lastSeen,
      a.createdAt,
      JSON.stringify(a),
      keyText(keys),
      keys,
    );
  }
  return { events, alerts, letters: batch.deadLetters.flatMap(letterRow) };
}

function letterRow(d: DeadLetter): RowValue[] {
  return [d.id, d.receivedAt, JSON.stringify(d)];
}
