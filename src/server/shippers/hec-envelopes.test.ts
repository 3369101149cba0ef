import { describe, expect, it } from "vitest";
import { hecTime, parseHecEnvelopes } from "./hec-envelopes.js";
import { formatOfSourcetype, sourceName } from "./sourcetypes.js";

describe("HEC event envelopes", () => {
  it("reads envelopes one after another, with or without white space, string and object events", () => {
    const body =
      '{"time":1732180000.25,"host":"web-1","source":"/var/log/secure","sourcetype":"linux_secure","index":"main","event":"sshd[1]: hi","fields":{"env":"prod"}}' +
      '{"event":{"a":1}}\n\n  {"event":"x","time":"1732180001"}';
    const r = parseHecEnvelopes(body);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.envelopes).toHaveLength(3);
    expect(r.envelopes[0]).toEqual({
      event: "sshd[1]: hi",
      timeMs: 1732180000250,
      host: "web-1",
      source: "/var/log/secure",
      sourcetype: "linux_secure",
      index: "main",
      fields: { env: "prod" },
    });
    expect(r.envelopes[1]).toEqual({ event: { a: 1 } });
    expect(r.envelopes[2]?.timeMs).toBe(1732180001000);
  });

  it("refuses an empty body with code 5", () => {
    expect(parseHecEnvelopes("  \n")).toEqual({ ok: false, refusal: { code: 5, text: "No data" } });
  });

  it("refuses a broken envelope with code 6 and the number of the bad event", () => {
    expect(parseHecEnvelopes('{"event":"a"}{"event":')).toMatchObject({
      ok: false,
      refusal: { code: 6, text: "Invalid data format", invalidEvent: 1 },
    });
    expect(parseHecEnvelopes('{"event":"a"} 42')).toMatchObject({ ok: false, refusal: { code: 6, invalidEvent: 1 } });
  });

  it("refuses an envelope without an event (12) or with a blank one (13)", () => {
    expect(parseHecEnvelopes('{"time":1}')).toMatchObject({ ok: false, refusal: { code: 12, invalidEvent: 0 } });
    expect(parseHecEnvelopes('{"event":"a"}{"event":"  "}')).toMatchObject({
      ok: false,
      refusal: { code: 13, invalidEvent: 1 },
    });
  });

  it("refuses an array event nested too deeply to keep as text, and parses deep bodies without overflowing", () => {
    const deep = `{"event":${"[".repeat(100_000)}${"]".repeat(100_000)}}`;
    expect(parseHecEnvelopes(deep)).toMatchObject({ ok: false, refusal: { code: 6, invalidEvent: 0 } });
  });

  it("keeps numbers and arrays as their JSON text", () => {
    const r = parseHecEnvelopes('{"event":[1,2]}{"event":7}');
    expect(r.ok && r.envelopes.map((e) => e.event)).toEqual(["[1,2]", "7"]);
  });

  it("reads epoch seconds with fractions, numeric strings, and ignores what is not a time", () => {
    expect(hecTime(1732180000.5)).toBe(1732180000500);
    expect(hecTime("1732180000")).toBe(1732180000000);
    expect(hecTime("yesterday")).toBeUndefined();
    expect(hecTime(-5)).toBeUndefined();
    expect(hecTime(1e300)).toBeUndefined();
  });
});

describe("sourcetypes", () => {
  it("map to Tocsin formats where the sourcetype says plainly what it is", () => {
    expect(formatOfSourcetype("linux_secure")).toBe("linux-auth");
    expect(formatOfSourcetype("aws:cloudtrail")).toBe("cloudtrail");
    expect(formatOfSourcetype("zeek:dns:json")).toBe("zeek");
    expect(formatOfSourcetype("bro:conn")).toBe("zeek");
    expect(formatOfSourcetype("XmlWinEventLog:Security")).toBe("windows-xml");
    expect(formatOfSourcetype("_json")).toBe("json");
    expect(formatOfSourcetype("suricata")).toBe("suricata");
    expect(formatOfSourcetype("access_combined")).toBeUndefined();
  });

  it("name the Zeek log from the sourcetype when the source does not", () => {
    expect(sourceName("zeek:dns:json", undefined)).toBe("dns.log");
    expect(sourceName("bro:conn", "/opt/zeek/logs/conn.log")).toBe("/opt/zeek/logs/conn.log");
    expect(sourceName("syslog", undefined)).toBeUndefined();
  });
});
