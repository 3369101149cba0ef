import type { Database } from "better-sqlite3";

/**
 * The schema, one step per version; `PRAGMA user_version` records the last applied. Events are
 * partitioned by the UTC day they were received (`day`, days since the epoch, indexed), so
 * retention deletes whole days by index range.
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
