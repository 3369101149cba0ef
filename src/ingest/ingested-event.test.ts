import { getHeapStatistics, setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import type { Event } from "../core/index.js";
import { decodeBody } from "./format-decode.js";
import { evidenceCopy, ingested, storedFormOf } from "./ingested-event.js";
import type { NewEvent } from "./ports.js";

/** The first event of a syslog body padded with other lines to about 1 MB. */
function eventOfBigBody(i: number): Event {
  const line = `<34>1 2026-11-29T10:00:00Z web${i}.example.org sshd 4242 - - Failed password for root from 203.0.113.${i % 250} port 22`;
  const filler = "<13>1 2026-11-29T10:00:01Z other.example.org cron 1 - - tick\n".repeat(16_000);
  const record = decodeBody(`${line}\n${filler}`).records[0];
  if (!record?.ok || !record.prepared) throw new Error("the syslog line did not parse");
  return record.prepared.event;
}

const stored = (i: number, e: Event): NewEvent => ({
  id: `ev_${i}`,
  timestamp: "2026-11-29T10:00:00.000Z",
  receivedAt: "2026-11-29T10:00:05.000Z",
  logsource: e.logsource,
  format: "syslog",
  ecs: { "host.name": e.doc.get("hostname") as string },
  rawJson: JSON.stringify(e.raw),
});

describe("the copy of an event kept as a correlation's evidence", () => {
  it("answers for the same fields, and keeps the id and ECS values alerts need", () => {
    const event = eventOfBigBody(7);
    const copy = evidenceCopy(ingested(event, stored(7, event)));
    for (const name of ["hostname", "appname", "procid", "message"])
      expect(copy.doc.get(name)).toEqual(event.doc.get(name));
    expect(copy.raw).toEqual(event.raw);
    expect(copy.id).toBe("ev_7");
    expect(storedFormOf(copy)).toEqual({
      id: "ev_7",
      timestamp: "2026-11-29T10:00:00.000Z",
      ecs: { "host.name": "web7.example.org" },
    });
  });

  it("does not keep the request body it was cut from alive", () => {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    gc();
    const before = getHeapStatistics().used_heap_size;
    const kept: Event[] = [];
    for (let i = 0; i < 150; i++) {
      const event = eventOfBigBody(i);
      kept.push(evidenceCopy(ingested(event, stored(i, event))));
    }
    gc();
    // 150 bodies of about 1 MB: kept through slices, they would hold 150 MB or more.
    expect(kept).toHaveLength(150);
    expect(getHeapStatistics().used_heap_size - before).toBeLessThan(50_000_000);
  });
});
