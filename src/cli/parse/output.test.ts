import { describe, expect, it } from "vitest";
import { jsonDocument } from "../../core/index.js";
import { nestEcs, parsedLine } from "./output.js";

describe("tocsin parse output", () => {
  it("nests ECS fields as ECS documents do, keeping a clashing name flat", () => {
    expect(nestEcs({ "source.ip": "10.0.0.1", "source.port": 22, "event.action": "x", "user.name": "bob" })).toEqual({
      source: { ip: "10.0.0.1", port: 22 },
      event: { action: "x" },
      user: { name: "bob" },
    });
    expect(nestEcs({ host: "h", "host.name": "n" })).toEqual({ host: "h", "host.name": "n" });
  });

  it("prints the log source, time, nested ECS, the format's fields under its id, and the original on request", () => {
    const record = {
      ok: true as const,
      index: 0,
      line: 1,
      value: "line",
      text: "line",
      prepared: {
        event: {
          logsource: { product: "linux", service: "sshd", categories: [] },
          timestamp: "2026-11-21T09:00:00.000Z",
          doc: jsonDocument({}),
          raw: "line",
        },
        format: "linux-auth",
        ecs: { "user.name": "root" },
        fields: { user: "root" },
      },
    };
    expect(JSON.parse(parsedLine(record, false) as string)).toEqual({
      logsource: { product: "linux", service: "sshd" },
      "@timestamp": "2026-11-21T09:00:00.000Z",
      user: { name: "root" },
      "linux-auth": { user: "root" },
    });
    expect(JSON.parse(parsedLine(record, true) as string).original).toBe("line");
  });
});
