import { describe, expect, it } from "vitest";
import type { Alert } from "../../alerts/index.js";
import { sampleEvent } from "../conformance.js";
import { keyText, keysOfAlert } from "./alert-keys.js";
import {
  ALERT_INSERT,
  ALERT_WIDTH,
  EVENT_INSERT,
  EVENT_WIDTH,
  LETTER_INSERT,
  LETTER_WIDTH,
  batchRows,
} from "./batch-rows.js";

const placeholders = (sql: string) => sql.split("?").length - 1;

const alert: Alert = {
  id: "al_1",
  rule: { id: "rule-1", title: "Rule 1", level: "high", tags: [] },
  tactics: [],
  techniques: [],
  entities: [{ type: "host", value: "WS-1", field: "host.name" }],
  eventIds: ["ev_00000001"],
  firstSeen: "2026-12-01T08:00:00.000Z",
  lastSeen: "2026-12-01T08:00:05.000Z",
  createdAt: "2026-12-01T08:00:06.000Z",
};

describe("batchRows", () => {
  it("gives each statement as many values a row as it has parameters (alerts also their keys)", () => {
    expect(placeholders(EVENT_INSERT)).toBe(EVENT_WIDTH);
    expect(placeholders(ALERT_INSERT)).toBe(ALERT_WIDTH - 1);
    expect(placeholders(LETTER_INSERT)).toBe(LETTER_WIDTH);
  });

  it("lays out events, alerts and dead letters row after row, in the statements' column order", () => {
    const first = sampleEvent(1, { received: "2026-12-01T10:00:00.000Z" });
    const second = { ...sampleEvent(2, { received: "2026-12-02T00:00:00.000Z" }), fieldsJson: '{"msg":"x"}' };
    const rows = batchRows({
      events: [first, second],
      alerts: [alert],
      deadLetters: [
        { id: "dl_1", receivedAt: "2026-12-01T10:00:00.000Z", index: 4, code: "C", reason: "r", record: "{" },
      ],
    });
    expect(rows.events).toHaveLength(2 * EVENT_WIDTH);
    expect(rows.events.slice(0, EVENT_WIDTH)).toEqual([
      first.id,
      first.timestamp,
      "2026-12-01T10:00:00.000Z",
      Math.floor(Date.UTC(2026, 11, 1) / 86_400_000),
      "windows",
      "sysmon",
      ",process_creation,",
      "evtx-json",
      "HOST-1",
      "user1",
      JSON.stringify(first.ecs),
      first.rawJson,
      null,
    ]);
    // A new UTC day of reception gives the next day number; a security event has no categories.
    expect(rows.events[EVENT_WIDTH + 3]).toBe(Math.floor(Date.UTC(2026, 11, 2) / 86_400_000));
    expect(rows.events[EVENT_WIDTH + 6]).toBe(",,");
    expect(rows.events[EVENT_WIDTH + 12]).toBe('{"msg":"x"}');
    const keys = keysOfAlert(alert);
    expect(rows.alerts).toEqual([
      "al_1",
      "rule-1",
      "high",
      expect.any(Number),
      alert.firstSeen,
      alert.lastSeen,
      alert.createdAt,
      JSON.stringify(alert),
      keyText(keys),
      keys,
    ]);
    expect(rows.letters).toHaveLength(LETTER_WIDTH);
    expect(JSON.parse(rows.letters[2] as string)).toMatchObject({ id: "dl_1", index: 4 });
  });

  it("leaves host and user empty when the ECS fields have none, and gives numbers as text", () => {
    const e = { ...sampleEvent(3), ecs: { "host.name": 42 } };
    const rows = batchRows({ events: [e], alerts: [], deadLetters: [] });
    expect(rows.events[8]).toBe("42");
    expect(rows.events[9]).toBeNull();
  });
});
