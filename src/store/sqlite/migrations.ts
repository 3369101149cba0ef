import type { Database } from "better-sqlite3";

/**
 * The schema, one step per version; `PRAGMA user_version` records the last applied. Events are
 * indexed by event time and carry the UTC day they were received (`day`, days since the epoch);
 * the blocks that summarise them (event-blocks.ts) carry it too, so retention deletes whole
 * blocks by `seq` range.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE events (
    seq        INTEGER PRIMARY KEY,
    id         TEXT NOT NULL UNIQUE,
    ts         TEXT NOT NULL,
    received   TEXT NOT NULL,
    day        INTEGER NOT NULL,
    product    TEXT,
    service    TEXT,
    categories TEXT NOT NULL,
    format     TEXT NOT NULL,
    host       TEXT COLLATE NOCASE,
    user       TEXT COLLATE NOCASE,
    ecs        TEXT NOT NULL,
    raw        TEXT NOT NULL
  );
  CREATE INDEX events_ts ON events (ts);
  CREATE INDEX events_day ON events (day);
  CREATE INDEX events_host ON events (host, ts);
  CREATE INDEX events_user ON events (user, ts);

  CREATE TABLE alerts (
    seq        INTEGER PRIMARY KEY,
    id         TEXT NOT NULL UNIQUE,
    rule_id    TEXT NOT NULL,
    level      TEXT NOT NULL,
    level_rank INTEGER NOT NULL,
    first_seen TEXT NOT NULL,
    last_seen  TEXT NOT NULL,
    created    TEXT NOT NULL,
    body       TEXT NOT NULL
  );
  CREATE INDEX alerts_rule ON alerts (rule_id);
  CREATE INDEX alerts_last_seen ON alerts (last_seen);

  CREATE TABLE alert_entities (
    alert_seq INTEGER NOT NULL REFERENCES alerts (seq) ON DELETE CASCADE,
    value     TEXT NOT NULL COLLATE NOCASE
  );
  CREATE INDEX alert_entities_value ON alert_entities (value);

  CREATE TABLE dead_letters (
    seq      INTEGER PRIMARY KEY,
    id       TEXT NOT NULL UNIQUE,
    received TEXT NOT NULL,
    body     TEXT NOT NULL
  );

  CREATE TABLE state (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  `,
  // 2: the fields a log format read from a record kept as text, as JSON (NULL otherwise).
  `
  ALTER TABLE events ADD COLUMN fields TEXT;
  `,
  // 3: events of a host or user, and the events retention deletes, are found through summaries
  // of blocks of consecutive events (event-blocks.ts) instead of three index entries each. Existing events get blocks of 2,048 consecutive ones,
  // each counted in the last day it holds, so retention keeps a block until all of it is due.
  `
  CREATE TABLE event_blocks (
    first_seq INTEGER PRIMARY KEY,
    last_seq  INTEGER NOT NULL,
    min_ts    TEXT NOT NULL,
    max_ts    TEXT NOT NULL,
    day       INTEGER NOT NULL
  );
  CREATE INDEX event_blocks_max_ts ON event_blocks (max_ts);

  CREATE TABLE event_block_keys (
    first_seq INTEGER NOT NULL,
    key       TEXT NOT NULL,
    PRIMARY KEY (first_seq, key)
  ) WITHOUT ROWID;
  CREATE INDEX event_block_keys_key ON event_block_keys (key, first_seq);

  INSERT INTO event_blocks (first_seq, last_seq, min_ts, max_ts, day)
    SELECT min(seq), max(seq), min(ts), max(ts), max(day) FROM events GROUP BY (seq - 1) / 2048;
  INSERT OR IGNORE INTO event_block_keys (first_seq, key)
    SELECT b.first_seq, 'host:' || lower(e.host)
    FROM event_blocks b JOIN events e ON e.seq BETWEEN b.first_seq AND b.last_seq WHERE e.host IS NOT NULL;
  INSERT OR IGNORE INTO event_block_keys (first_seq, key)
    SELECT b.first_seq, 'user:' || lower(e.user)
    FROM event_blocks b JOIN events e ON e.seq BETWEEN b.first_seq AND b.last_seq WHERE e.user IS NOT NULL;

  DROP INDEX events_day;
  DROP INDEX events_host;
  DROP INDEX events_user;
  `,
  // 4: events are indexed by time after they are stored, many at a time (event-times.ts), instead
  // of by an index on events that took an entry in every batch's transaction. The mark says up to
  // which event \`event_times\` is complete.
  `
  CREATE TABLE event_times (
    time      TEXT NOT NULL,
    event_seq INTEGER NOT NULL,
    PRIMARY KEY (time, event_seq)
  ) WITHOUT ROWID;
  CREATE TABLE event_times_mark (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    upto INTEGER NOT NULL
  );
  INSERT INTO event_times (time, event_seq) SELECT ts, seq FROM events ORDER BY ts, seq;
  INSERT INTO event_times_mark (id, upto) SELECT 1, coalesce(max(seq), 0) FROM events;
  DROP INDEX events_ts;
  `,
  // 5: alerts are found by rule, by entity and by time last seen through keys written after they
  // are stored, many at a time (alert-keys.ts), instead of index entries in every batch's transaction.
  `
  CREATE TABLE alert_keys (
    key       TEXT NOT NULL,
    alert_seq INTEGER NOT NULL,
    PRIMARY KEY (key, alert_seq)
  ) WITHOUT ROWID;
  CREATE TABLE alert_keys_mark (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    upto INTEGER NOT NULL
  );
  INSERT INTO alert_keys (key, alert_seq) SELECT 'rule:' || rule_id, seq FROM alerts ORDER BY 1, 2;
  INSERT INTO alert_keys (key, alert_seq) SELECT 'seen:' || last_seen, seq FROM alerts ORDER BY 1, 2;
  INSERT OR IGNORE INTO alert_keys (key, alert_seq)
    SELECT 'entity:' || value, alert_seq FROM alert_entities ORDER BY 1, 2;
  INSERT INTO alert_keys_mark (id, upto) SELECT 1, coalesce(max(seq), 0) FROM alerts;
  -- An alert's keys as one text, for queries over the alerts past the mark (see keyText).
  ALTER TABLE alerts ADD COLUMN keys TEXT;
  DROP TABLE alert_entities;
  DROP INDEX alerts_rule;
  DROP INDEX alerts_last_seen;
  `,
];

/** Applies the migrations the database has not seen yet, each in its own transaction. */
export function migrate(db: Database): number {
  const current = db.pragma("user_version", { simple: true }) as number;
  for (let v = current; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v] as string);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
  return MIGRATIONS.length;
}
