import { describe, expect, it } from "vitest";
import type { ParsedEvent } from "../parser.js";
import { parseSyslogMessage } from "./format.js";
import { parseSyslogHeader } from "./header.js";
import type { SyslogMessage } from "./message.js";

// 2026-11-29T12:00:00Z: the receiver's clock, which dates without a year are read against.
const NOW = Date.UTC(2026, 10, 29, 12, 0, 0);

function header(text: string, now = NOW): SyslogMessage {
  const r = parseSyslogHeader(text, now);
  if (!r.ok) throw new Error(r.reason);
  return r.message;
}

function one(text: string, now = NOW): ParsedEvent {
  const r = parseSyslogMessage(text, { now });
  if (!r.ok) throw new Error(r.issues.map((i) => i.message).join("; "));
  return r.value[0] as ParsedEvent;
}

describe("RFC 3164", () => {
  it("reads the example of section 5.4 with the year of the receiver's clock, in UTC", () => {
    const m = header("<34>Oct 11 22:14:15 mymachine su: 'su root' failed for lonvick on /dev/pts/8");
    expect(m).toMatchObject({
      protocol: "rfc3164",
      facility: 4,
      severity: 2,
      hostname: "mymachine",
      appname: "su",
      msg: "'su root' failed for lonvick on /dev/pts/8",
      timeText: "Oct 11 22:14:15",
    });
    expect(new Date(m.time!).toISOString()).toBe("2026-10-11T22:14:15.000Z");
  });

  it("rolls back a year when the date would be more than a day ahead, and not when it is within a day", () => {
    expect(new Date(header("<13>Dec 31 23:59:59 h app: x").time!).toISOString()).toBe("2025-12-31T23:59:59.000Z");
    expect(new Date(header("<13>Nov 30 11:00:00 h app: x").time!).toISOString()).toBe("2026-11-30T11:00:00.000Z");
    const newYearsEve = Date.UTC(2026, 11, 31, 23, 50);
    expect(new Date(header("<13>Jan  1 00:05:00 h app: x", newYearsEve).time!).toISOString()).toBe(
      "2027-01-01T00:05:00.000Z",
    );
    // Feb 29 exists only in leap years: the latest one before the clock.
    expect(new Date(header("<13>Feb 29 10:00:00 h app: x").time!).toISOString()).toBe("2024-02-29T10:00:00.000Z");
  });

  it("reads a single-digit day padded with a space, and one written without the pad", () => {
    expect(header("<13>Feb  5 17:32:18 10.0.0.99 app: x")).toMatchObject({
      hostname: "10.0.0.99",
      timeText: "Feb  5 17:32:18",
    });
    expect(new Date(header("<13>Feb 5 17:32:18 h app: x").time!).toISOString()).toBe("2026-02-05T17:32:18.000Z");
  });

  it("reads an RFC 3339 timestamp in place of the BSD one, with or without zone", () => {
    const zoned = header("<30>2024-01-15T10:00:00.123456+01:00 web.example.com nginx[77]: GET /");
    expect(zoned).toMatchObject({ hostname: "web.example.com", appname: "nginx", procid: "77", msg: "GET /" });
    expect(new Date(zoned.time!).toISOString()).toBe("2024-01-15T09:00:00.123Z");
    // rsyslog's RFC3339 file format on Debian 12: no PRI.
    const bare = header("2024-01-15T10:00:00.5 host sshd[9]: hello");
    expect(new Date(bare.time!).toISOString()).toBe("2024-01-15T10:00:00.500Z");
    expect(bare).toMatchObject({ priPresent: false, facility: 1, severity: 5, hostname: "host", appname: "sshd" });
  });

  it("tells hosts (with and without domain, IPv4, IPv6) from a missing host", () => {
    expect(header("<13>Jan 15 10:00:00 host.corp.example.com app: x").hostname).toBe("host.corp.example.com");
    expect(header("<13>Jan 15 10:00:00 2001:db8::1 app: x").hostname).toBe("2001:db8::1");
    const missing = header("<13>Jan 15 10:00:00 kernel: [  1.0] boot");
    expect(missing.hostname).toBeUndefined();
    expect(missing).toMatchObject({ appname: "kernel", msg: "[  1.0] boot" });
    const tagWithPid = header("<13>Jan 15 10:00:00 CRON[123]: job");
    expect(tagWithPid).toMatchObject({ appname: "CRON", procid: "123", msg: "job" });
    expect(tagWithPid.hostname).toBeUndefined();
  });

  it("reads tag[pid]:, tag: and no tag at all", () => {
    expect(header("<13>Jan 15 10:00:00 h postfix/smtpd[4242]: connect")).toMatchObject({
      appname: "postfix/smtpd",
      procid: "4242",
      msg: "connect",
    });
    expect(header("<13>Jan 15 10:00:00 h kernel: oops")).toMatchObject({ appname: "kernel", msg: "oops" });
    // Some relays forward `tag[pid]` without its colon.
    expect(header("<38>Jan 15 10:00:00 vm sshd[15748] Corrupted MAC on input.")).toMatchObject({
      appname: "sshd",
      procid: "15748",
      msg: "Corrupted MAC on input.",
    });
    expect(header("<13>Jan 15 10:00:00 h word[x]y z").appname).toBeUndefined();
    const none = header("<13>Jan 15 10:00:00 h just some words");
    expect(none.appname).toBeUndefined();
    expect(none.msg).toBe("just some words");
  });

  it("gives facility user and severity notice to a line without PRI (section 4.3.3)", () => {
    const e = one("Jan 15 10:00:00 h app: x");
    expect(e.fields).toMatchObject({ facility: "user", facility_code: 1, severity: "notice", severity_code: 5 });
    expect(e.event.logsource).toEqual({ product: "linux", service: "syslog", categories: [] });
  });

  it("takes a line without a timestamp as all content, without host (section 4.3.3)", () => {
    const m = header("<13>myapp: something happened");
    expect(m.time).toBeUndefined();
    expect(m.hostname).toBeUndefined();
    expect(m).toMatchObject({ appname: "myapp", msg: "something happened" });
  });

  it("skips Cisco's sequence number and unsynchronised-clock star, and does not take %FAC-SEV-MNEMONIC for a program", () => {
    const m = header("<189>123: *Mar  1 00:00:05.123: %SYS-5-CONFIG_I: Configured from console by vty0");
    expect(m.facility).toBe(23);
    expect(new Date(m.time!).toISOString()).toBe("2026-03-01T00:00:05.123Z");
    expect(m.appname).toBeUndefined();
    expect(m.msg).toBe("%SYS-5-CONFIG_I: Configured from console by vty0");
    const withYear = header("<189>45: Mar  1 2024 00:00:05 UTC: %LINK-3-UPDOWN: Interface up");
    expect(new Date(withYear.time!).toISOString()).toBe("2024-03-01T00:00:05.000Z");
  });

  it("gives a syslog event with the header's ECS fields", () => {
    const e = one("<30>Nov 29 09:00:00 web01 systemd[1]: Started Session 42 of user alice.");
    expect(e.event.logsource).toEqual({ product: "linux", service: "syslog", categories: [] });
    expect(e.event.timestamp).toBe("2026-11-29T09:00:00.000Z");
    expect(e.ecs).toMatchObject({
      "host.name": "web01",
      "process.name": "systemd",
      "process.pid": 1,
      "log.syslog.facility.name": "daemon",
      "log.syslog.severity.name": "info",
      message: "Started Session 42 of user alice.",
    });
  });

  it("reads an invalid date (Feb 30) as no time rather than a wrong one", () => {
    expect(header("<13>Feb 30 10:00:00 h app: x").time).toBeUndefined();
  });
});
