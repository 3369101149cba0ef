import { describe, expect, it } from "vitest";
import { LOG_FORMATS } from "../registry/index.js";
import { createMappedJsonFormat, validateJsonMapping } from "./mapped.js";

const MAPPING = {
  logsource: { product: "acme", service: "gateway", category: "proxy" },
  timestamp: { field: "meta.t", format: "epoch_ms" },
  ecs: { "source.ip": "src_ip", "source.port": "src.port", "url.full": "req.url", "user.name": "who" },
  rename: { "req.url": "c-uri", ua: "c-useragent" },
};

function format() {
  const m = validateJsonMapping(MAPPING);
  if (!m.ok) throw new Error(JSON.stringify(m.issues));
  return createMappedJsonFormat(m.value);
}

describe("json-mapped", () => {
  it("gives the mapped log source, time, ECS fields and renamed fields", () => {
    const record = {
      meta: { t: 1714557600123 },
      src_ip: "10.0.0.9",
      src: { port: 51000 },
      req: { url: "http://x.example/a" },
      ua: "curl/8",
      who: "alice",
    };
    const [o] = [...format().parseText(JSON.stringify(record), { source: "gw.json" })];
    expect(o?.ok).toBe(true);
    const e = o?.ok ? o.events[0] : undefined;
    expect(e?.event.logsource).toEqual({ product: "acme", service: "gateway", categories: ["proxy"] });
    expect(e?.event.timestamp).toBe("2024-05-01T10:00:00.123Z");
    expect(e?.ecs).toEqual({
      "source.ip": "10.0.0.9",
      "source.port": 51000,
      "url.full": "http://x.example/a",
      "user.name": "alice",
    });
    expect(e?.event.doc.get("c-uri")).toBe("http://x.example/a");
    expect(e?.event.doc.get("c-useragent")).toBe("curl/8");
    expect(e?.fields.ua).toBeUndefined();
  });

  it("reads epoch seconds and ISO times in any zone", () => {
    for (const [format, value, iso] of [
      ["epoch_s", 1714557600.5, "2024-05-01T10:00:00.500Z"],
      ["epoch_s", "1714557600", "2024-05-01T10:00:00.000Z"],
      ["iso", "2024-05-01T12:00:00+02:00", "2024-05-01T10:00:00.000Z"],
    ] as const) {
      const m = validateJsonMapping({ timestamp: { field: "t", format } });
      if (!m.ok) throw new Error("mapping refused");
      const r = createMappedJsonFormat(m.value).parseValue?.({ t: value });
      expect(r?.ok && r.value[0]?.event.timestamp).toBe(iso);
    }
  });

  it("refuses a record whose mapped time is not a time, naming the field, and one that is not an object", () => {
    const f = format();
    const outcomes = [...f.parseText('{"meta":{"t":"soon"}}\n[1]\n{"meta":{"t":1}}', { source: "gw.json" })];
    expect(outcomes.map((o) => (o.ok ? "ok" : o.issues[0]?.code))).toEqual([
      "FORMAT_BAD_FIELD",
      "FORMAT_NOT_AN_OBJECT",
      "ok",
    ]);
    expect(outcomes[0]?.ok === false && outcomes[0].issues[0]?.place).toEqual({
      file: "gw.json",
      line: 1,
      field: "meta.t",
    });
  });

  it("leaves out ECS addresses and ports that are not ones", () => {
    const r = format().parseValue?.({ src_ip: "nope", src: { port: 0 } });
    expect(r?.ok && r.value[0]?.ecs).toEqual({});
  });

  it("validates a mapping with one clear issue per problem", () => {
    const r = validateJsonMapping({
      logsource: { product: "bad name!", vendor: "x" },
      timestamp: { field: "t", format: "epoch_ns" },
      ecs: { "Source.IP": "a", "user.name": 3 },
      rename: { a: "same", b: "same" },
      extra: true,
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.every((i) => i.code === "FORMAT_BAD_MAPPING")).toBe(true);
    expect(r.issues.map((i) => i.path).sort()).toEqual(
      [
        "extra",
        "logsource.product",
        "logsource.vendor",
        "timestamp.format",
        "ecs.Source.IP",
        "ecs.user.name",
        "rename.b",
      ].sort(),
    );
    expect(validateJsonMapping("nope")).toMatchObject({ ok: false, issues: [{ code: "FORMAT_BAD_MAPPING" }] });
  });

  it("is registered without a mapping: it maps nothing and says so", () => {
    const f = LOG_FORMATS["json-mapped"];
    expect(f?.title).toContain("no mapping configured");
    const r = f?.parseValue?.({ src_ip: "10.0.0.1", time: "2024-05-01T10:00:00Z" });
    expect(r?.ok && r.value[0]?.event.logsource).toEqual({ categories: [] });
    expect(r?.ok && r.value[0]?.ecs).toEqual({});
    expect(r?.ok && r.value[0]?.event.timestamp).toBeUndefined();
    expect(f?.sniff('{"a":1}')).toBe(false);
  });
});
