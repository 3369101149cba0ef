import { describe, expect, it } from "vitest";
import { LOG_FORMATS } from "../formats/index.js";
import { DEMO_FORMATS, type DemoFormat, timedRecords } from "./demo-retime.js";

const LATER = Date.parse("2027-03-04T05:06:07.089Z");

function format(id: string): DemoFormat {
  const f = DEMO_FORMATS[id];
  if (!f) throw new Error(`no demo format ${id}`);
  return f;
}

/** The times of the events a log format makes of a text. */
function parsedTimes(id: string, text: string): (string | undefined)[] {
  const parser = LOG_FORMATS[id];
  if (!parser) throw new Error(`no log format ${id}`);
  return [...parser.parseText(text)].flatMap((o) => {
    if (!o.ok) throw new Error(o.issues.map((i) => i.message).join("; "));
    return o.events.map((e) => e.event.timestamp);
  });
}

describe("re-timing the demo's records", () => {
  it("moves a Zeek record's ts, in epoch seconds or ISO 8601 as it came", () => {
    const line = '{"_path":"dns","ts":1795165240.812,"id.orig_h":"10.20.1.57","query":"sso.c0rp.example"}';
    const r = format("zeek").read(line);
    expect(r?.time).toBe(1795165240812);
    const moved = r?.at(LATER) ?? "";
    expect(JSON.parse(moved).ts).toBe(LATER / 1000);
    expect(parsedTimes("zeek", moved)).toEqual(["2027-03-04T05:06:07.089Z"]);
    const iso = format("zeek").read('{"_path":"conn","ts":"2026-11-20T09:04:06.086Z","id.orig_h":"10.20.1.57"}');
    expect(iso?.time).toBe(Date.parse("2026-11-20T09:04:06.086Z"));
    expect(JSON.parse(iso?.at(LATER) ?? "").ts).toBe("2027-03-04T05:06:07.089Z");
  });

  it("moves an Entra sign-in's time, createdDateTime and MFA step times by the same amount", () => {
    const line = JSON.stringify({
      time: "2026-11-20T09:52:31.0000000Z",
      category: "SignInLogs",
      operationName: "Sign-in activity",
      properties: {
        createdDateTime: "2026-11-20T09:52:31.0000000+00:00",
        userPrincipalName: "j.doe@corp.example",
        status: { errorCode: 0 },
        authenticationDetails: [{ authenticationStepDateTime: "2026-11-20T09:52:29.0000000+00:00" }],
      },
    });
    const r = format("entra").read(line);
    expect(r?.time).toBe(Date.parse("2026-11-20T09:52:31Z"));
    const moved = JSON.parse(r?.at(LATER) ?? "");
    expect(moved.time).toBe("2027-03-04T05:06:07.089Z");
    expect(moved.properties.createdDateTime).toBe("2027-03-04T05:06:07.089Z");
    expect(moved.properties.authenticationDetails[0].authenticationStepDateTime).toBe("2027-03-04T05:06:05.089Z");
    expect(moved.properties.userPrincipalName).toBe("j.doe@corp.example");
    expect(parsedTimes("entra", JSON.stringify(moved))).toEqual(["2027-03-04T05:06:07.089Z"]);
    // The original is left as it was, so the record can be replayed again.
    expect(JSON.parse(line).time).toBe("2026-11-20T09:52:31.0000000Z");
  });

  it("reads a Graph signIn object's createdDateTime at the top", () => {
    const r = format("entra").read(
      '{"createdDateTime":"2026-11-20T10:11:01Z","userPrincipalName":"j.doe@corp.example"}',
    );
    expect(JSON.parse(r?.at(LATER) ?? "").createdDateTime).toBe("2027-03-04T05:06:07.089Z");
  });

  it("moves a CEF record's syslog header and rt together, rt deciding the event time", () => {
    const line =
      "<134>1 2026-11-20T10:08:32.500Z fw-edge-01.corp.example CEF - - - CEF:0|Tocsin Demo|Edge Firewall|9.1.4|" +
      "traffic-allow|Traffic allowed|3|rt=1795169312500 src=10.20.1.57 dst=198.51.100.23 dpt=8443 act=allow " +
      "request=https://198.51.100.23/u/?rt=1795169312500 end=1795169312400";
    const r = format("cef").read(line);
    expect(r?.time).toBe(1795169312500);
    const moved = r?.at(LATER) ?? "";
    expect(moved.startsWith("<134>1 2027-03-04T05:06:07.089Z fw-edge-01.corp.example CEF")).toBe(true);
    expect(moved).toContain(`|rt=${LATER} `);
    expect(moved).toContain(`end=${LATER - 100}`);
    // A value that merely looks like a time key inside another value stays as it is.
    expect(moved).toContain("request=https://198.51.100.23/u/?rt=1795169312500 ");
    expect(parsedTimes("cef", moved)).toEqual(["2027-03-04T05:06:07.089Z"]);
  });

  it("uses the syslog header's time for a CEF record without rt", () => {
    const r = format("cef").read(
      "<134>1 2026-11-20T09:32:02.900+01:00 fw CEF - - - CEF:0|V|Edge Firewall|1|100|Allowed|3|src=10.20.1.57",
    );
    expect(r?.time).toBe(Date.parse("2026-11-20T08:32:02.900Z"));
    expect(r?.at(LATER)).toBe(
      "<134>1 2027-03-04T05:06:07.089Z fw CEF - - - CEF:0|V|Edge Firewall|1|100|Allowed|3|src=10.20.1.57",
    );
  });

  it("moves an RFC 3339 stamped auth.log line and leaves a yearless RFC 3164 one out", () => {
    const line =
      "2026-11-20T09:41:07.412345+00:00 jump-01 sshd[4121]: Accepted password for deploy from 203.0.113.99 port 50522 ssh2";
    const r = format("linux-auth").read(line);
    expect(r?.time).toBe(Date.parse("2026-11-20T09:41:07.412Z"));
    const moved = r?.at(LATER) ?? "";
    expect(moved).toBe(`2027-03-04T05:06:07.089Z${line.slice("2026-11-20T09:41:07.412345+00:00".length)}`);
    expect(parsedTimes("linux-auth", moved)).toEqual(["2027-03-04T05:06:07.089Z"]);
    expect(format("linux-auth").read("Nov 20 09:41:07 jump-01 sshd[4121]: Accepted password for deploy")).toBe(
      undefined,
    );
  });

  it("skips blank lines and records without a time it knows, and never throws on bad JSON", () => {
    const text = '{"_path":"dns","ts":1795165240.812}\n\n{not json\n{"_path":"dns"}\n[1,2]\n';
    expect(timedRecords(text, format("zeek")).map((r) => r.time)).toEqual([1795165240812]);
    expect(timedRecords("{bad\n", format("entra"))).toEqual([]);
    expect(timedRecords('{"Event":{}}\n', format("evtx-json"))).toEqual([]);
  });
});
