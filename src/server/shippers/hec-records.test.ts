import { describe, expect, it } from "vitest";
import type { HecEnvelope } from "./hec-envelopes.js";
import { createMappedJsonFormat } from "../../formats/index.js";
import { hecRecords } from "./hec-records.js";

const SSHD = "Nov 21 09:15:02 bastion sshd[4242]: Failed password for root from 203.0.113.5 port 4242 ssh2";
const NOW = Date.parse("2026-11-29T10:00:00Z");

describe("HEC envelopes made into ingest records", () => {
  it("reads a string event with the format its sourcetype names", () => {
    const [r] = hecRecords([{ event: SSHD, sourcetype: "linux_secure" }], {}, {}, NOW);
    expect(r?.ok && r.prepared?.format).toBe("linux-auth");
    expect(r?.ok && r.prepared?.event.logsource).toMatchObject({ product: "linux", service: "sshd" });
    expect(r?.ok && r.prepared?.ecs).toMatchObject({ "user.name": "root", "source.ip": "203.0.113.5" });
  });

  it("reads an event whose sourcetype is a configured JSON format with that format's mapping", () => {
    const acme = createMappedJsonFormat(
      { logsource: { product: "acme" }, ecs: { "source.ip": "src" }, rename: {} },
      "acme:fw",
    );
    const [r] = hecRecords([{ event: { src: "10.0.0.9" }, sourcetype: "acme:fw" }], {}, {}, NOW, { "acme:fw": acme });
    expect(r?.ok && r.prepared?.format).toBe("acme:fw");
    expect(r?.ok && r.prepared?.event.logsource).toMatchObject({ product: "acme" });
    expect(r?.ok && r.prepared?.ecs).toMatchObject({ "source.ip": "10.0.0.9" });
  });

  it("names the Zeek log from a zeek:* sourcetype for JSON events without _path", () => {
    const event = {
      ts: 1763716800.5,
      uid: "C1",
      "id.orig_h": "10.0.0.5",
      "id.orig_p": 1,
      "id.resp_h": "10.0.0.1",
      "id.resp_p": 53,
      query: "a.example",
    };
    const [r] = hecRecords([{ event, sourcetype: "zeek:dns:json" }], {}, {}, NOW);
    expect(r?.ok && r.prepared?.event.logsource).toMatchObject({ product: "zeek", service: "dns" });
  });

  it("keeps text no format reads as a generic event with its metadata, at the envelope's time and host", () => {
    const env: HecEnvelope = { event: "hello world", timeMs: 1763716801500, host: "app-1", sourcetype: "myapp" };
    const [r] = hecRecords([env], {}, {}, NOW);
    expect(r).toMatchObject({ ok: true, index: 0, line: 1 });
    if (!r?.ok) return;
    expect(r.prepared?.format).toBe("json");
    expect(r.value).toEqual({ message: "hello world", host: "app-1", sourcetype: "myapp" });
    expect(r.prepared?.event.timestamp).toBe("2025-11-21T09:20:01.500Z");
    expect(r.prepared?.ecs["host.name"]).toBe("app-1");
  });

  it("keeps an event's own time and host over the envelope's", () => {
    const [r] = hecRecords([{ event: SSHD, sourcetype: "linux_secure", timeMs: 0, host: "other" }], {}, {}, NOW);
    expect(r?.ok && r.prepared?.event.timestamp).toMatch(/-11-21T09:15:02/);
    expect(r?.ok && r.prepared?.ecs["host.name"]).toBe("bastion");
  });

  it("numbers records by envelope, and dead-letters what the format refuses with its code", () => {
    const records = hecRecords(
      [{ event: { message: "ok" } }, { event: "not an audit record", sourcetype: "linux_audit" }],
      {},
      {},
      NOW,
    );
    expect(records.map((r) => [r.index, r.ok])).toEqual([
      [0, true],
      [1, false],
    ]);
    expect(records[1]).toMatchObject({ ok: false, format: "auditd", code: expect.stringMatching(/^FORMAT_/) });
  });

  it("takes a Tocsin format id as a sourcetype", () => {
    const [r] = hecRecords([{ event: SSHD, sourcetype: "Linux-Auth" }], {}, {}, NOW);
    expect(r?.ok && r.prepared?.format).toBe("linux-auth");
  });
});
