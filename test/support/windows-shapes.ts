import { describe, expect, it } from "vitest";
import { type IngestFormat, normaliseRecord } from "../../src/formats/normalise.js";
import { type EventSpec, toEvtxJson, toWinlogbeat, toXml } from "../../src/formats/windows/test-shapes.js";

/** One Windows event and what every shape of it must normalise to. */
export interface ShapeCase {
  readonly name: string;
  readonly spec: EventSpec;
  readonly logsource: { service: string; categories: readonly string[] };
  readonly sigma: Readonly<Record<string, unknown>>;
  readonly ecs: Readonly<Record<string, string | number>>;
}

const SHAPES: readonly [IngestFormat, (spec: EventSpec) => unknown][] = [
  ["windows-xml", toXml],
  ["evtx-json", toEvtxJson],
  ["winlogbeat", toWinlogbeat],
];

/** Checks that each case, written as Windows XML, evtx-JSON and Winlogbeat, normalises alike. */
export function describeShapes(cases: readonly ShapeCase[]): void {
  describe.each(cases)("$name", (c) => {
    it.each(SHAPES)("reads the same log source, Sigma fields and ECS entities from %s", (format, shape) => {
      const r = normaliseRecord(shape(c.spec));
      if (!r.ok) throw new Error(JSON.stringify(r.issues));
      const { event, ecs } = r.value;
      expect(r.value.format).toBe(format);
      expect(event.logsource).toEqual({ product: "windows", ...c.logsource });
      expect(event.doc.get("EventID")).toBe(c.spec.id);
      expect(event.doc.get("Channel")).toBe(c.spec.channel);
      expect(event.doc.get("Computer")).toBe(c.spec.computer);
      expect(event.doc.get("Provider_Name")).toBe(c.spec.provider);
      expect(event.doc.get("EventRecordID")).toBe(c.spec.record);
      for (const [name, value] of Object.entries(c.sigma)) expect(event.doc.get(name), name).toBe(value);
      expect(ecs).toMatchObject(c.ecs);
      expect(ecs["host.name"]).toBe(c.spec.computer);
      expect(ecs["event.code"]).toBe(String(c.spec.id));
      expect(ecs["winlog.channel"]).toBe(c.spec.channel);
      expect(ecs["winlog.record_id"]).toBe(c.spec.record);
      expect(event.timestamp?.startsWith(c.spec.time.slice(0, 19))).toBe(true);
    });
  });
}
