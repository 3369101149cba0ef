import { describe, expect, it } from "vitest";
import type { Detection } from "../detect/index.js";
import type { SigmaCorrelation, SigmaRule } from "../sigma/index.js";
import { attackTags, buildAlert, entitiesOf } from "./index.js";

const rule = {
  kind: "rule",
  id: "r-1",
  title: "Whoami run by a service",
  level: "high",
  tags: ["attack.discovery", "attack.t1033", "attack.privilege_escalation", "attack.t1059.001", "cve.2021-1"],
  source: { file: "r.yml", line: 1 },
} as unknown as SigmaRule;

const event = {
  id: "ev_1",
  timestamp: "2026-11-21T09:15:02.123Z",
  ecs: {
    "host.name": "WS-1",
    "user.name": "alice",
    "process.executable": "C:\\Windows\\System32\\whoami.exe",
    "process.parent.executable": "C:\\Windows\\System32\\cmd.exe",
    "process.hash.sha256": "abc",
    "source.ip": "10.0.0.1",
    "destination.ip": "203.0.113.9",
    "dns.question.name": "evil.example",
    "file.path": "C:\\x.dll",
    "event.code": "1",
  },
};

describe("alerts", () => {
  it("reads ATT&CK tactics and techniques from Sigma tags, each once", () => {
    expect(attackTags([...rule.tags, "attack.T1033", "attack.g0016", "attack.s0002"])).toEqual({
      tactics: ["Discovery", "Privilege Escalation"],
      techniques: ["T1033", "T1059.001"],
    });
  });

  it("builds an alert from a rule match with its rule, ATT&CK, entities and event link", () => {
    const detection = { kind: "match", rule, event: {} } as unknown as Detection;
    const alert = buildAlert(detection, [event], { id: "al_1", now: "2026-11-21T10:00:00.000Z" });
    expect(alert.rule).toEqual({ id: "r-1", title: "Whoami run by a service", level: "high", tags: rule.tags });
    expect(alert.tactics).toEqual(["Discovery", "Privilege Escalation"]);
    expect(alert.techniques).toEqual(["T1033", "T1059.001"]);
    expect(alert.eventIds).toEqual(["ev_1"]);
    expect(alert.firstSeen).toBe(event.timestamp);
    expect(alert.lastSeen).toBe(event.timestamp);
    expect(alert.entities.map((e) => `${e.type}=${e.value}`)).toEqual([
      "host=WS-1",
      "user=alice",
      "source.ip=10.0.0.1",
      "destination.ip=203.0.113.9",
      "process=C:\\Windows\\System32\\whoami.exe",
      "parent.process=C:\\Windows\\System32\\cmd.exe",
      "file=C:\\x.dll",
      "hash=abc",
      "domain=evil.example",
    ]);
    expect(alert.correlation).toBeUndefined();
  });

  it("builds a correlation alert with its group, value, window and every stored event", () => {
    const correlation = {
      ...rule,
      kind: "correlation",
      id: "c-1",
      type: "event_count",
      timespanMs: 300_000,
    } as unknown as SigmaCorrelation;
    const detection = {
      kind: "correlation",
      rule: correlation,
      hit: {
        correlation,
        group: { TargetUserName: "bob" },
        value: 5,
        firstMs: Date.parse("2026-11-21T09:00:00Z"),
        lastMs: Date.parse("2026-11-21T09:02:00Z"),
        events: [],
      },
    } as unknown as Detection;
    const second = { ...event, id: "ev_2", ecs: { "host.name": "ws-1", "user.name": "bob" } };
    const alert = buildAlert(detection, [event, second], { id: "al_2", now: "2026-11-21T10:00:00.000Z" });
    expect(alert.correlation).toEqual({
      type: "event_count",
      group: { TargetUserName: "bob" },
      value: 5,
      timespanMs: 300_000,
    });
    expect(alert.firstSeen).toBe("2026-11-21T09:00:00.000Z");
    expect(alert.lastSeen).toBe("2026-11-21T09:02:00.000Z");
    expect(alert.eventIds).toEqual(["ev_1", "ev_2"]);
    // The same host in another case is one entity.
    expect(entitiesOf([event, second]).filter((e) => e.type === "host")).toHaveLength(1);
  });
});
