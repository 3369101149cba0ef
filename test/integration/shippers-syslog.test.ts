// Syslog over UDP, TCP (octet counting and newlines) and TLS into a running server: every message
// is stored and listed by GET /api/v1/events, the SigmaHQ sshd rule fires on an sshd message, and
// hostile input (truncated frames, a 10 MB line, invalid UTF-8, a bad octet count, a slow client,
// a flood over the rate limit) is dead-lettered, dropped or waited out without stopping anyone else.
import { rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestServer, startTestServer } from "../support/server.js";
import { HAS_SHARED, SHARED } from "../support/shared.js";
import {
  type ListedEvent,
  alertsOf,
  allDeadLetters,
  allEvents,
  eventually,
  octetCounted,
  openTcp,
  selfSignedCert,
  sendTls,
  sendUdp,
  writeAndClose,
} from "../support/shippers.js";

const SSHD_ERROR = "e76b413a-83d0-4b94-8e4c-85db4a5b8bdc"; // linux/builtin/sshd: Suspicious OpenSSH Daemon Error
const raw = (e: ListedEvent) => (typeof e.raw === "string" ? e.raw : JSON.stringify(e.raw));
const line3164 = (host: string, text: string) => `<38>Nov 21 09:15:02 ${host} app[7]: ${text}`;

const cert = selfSignedCert();
if (!cert) console.warn("[tocsin tests] openssl is absent: the syslog TLS listener is not tested");

describe("syslog listeners", () => {
  let server: TestServer;
  const ports = () => server.tocsin.syslog as { udp: number; tcp: number; tls?: number };
  const stored = (marker: string, what = marker) =>
    eventually(
      async () => {
        await server.tocsin.flushSyslog();
        return (await allEvents(server.url)).find((e) => raw(e).includes(marker));
      },
      15_000,
      what,
    );
  const letter = (code: string, marker: string) =>
    eventually(
      async () => {
        await server.tocsin.flushSyslog();
        return (await allDeadLetters(server.url)).find((l) => l.code === code && l.record.includes(marker));
      },
      15_000,
      `a ${code} dead letter`,
    );

  beforeAll(async () => {
    server = await startTestServer({
      syslogUdp: 0,
      syslogTcp: 0,
      ...(cert ? { syslogTls: 0, tlsCert: cert.cert, tlsKey: cert.key } : {}),
      ...(HAS_SHARED ? { rules: [join(SHARED, "sigma", "rules", "linux", "builtin", "sshd")] } : {}),
    });
  });
  afterAll(async () => {
    await server?.close();
    if (cert) rmSync(dirname(cert.cert), { recursive: true, force: true });
  });

  it("stores a message a UDP datagram, RFC 3164 and RFC 5424 alike", async () => {
    await sendUdp(ports().udp, [
      line3164("udp-host", "marker-udp-3164"),
      "<165>1 2026-11-21T09:15:03.120Z udp-host-5424 evntslog 77 ID47 - marker-udp-5424\n",
    ]);
    const a = await stored("marker-udp-3164");
    // PRI 38 is the auth facility: the message is stored as the linux-auth event it was read as.
    expect(a.format).toBe("linux-auth");
    expect(a.ecs["host.name"]).toBe("udp-host");
    const b = await stored("marker-udp-5424");
    expect(b.timestamp).toBe("2026-11-21T09:15:03.120Z");
    expect(b.ecs["host.name"]).toBe("udp-host-5424");
  });

  it("reads TCP with octet counting and with newlines, told apart per connection", async () => {
    const counted = await openTcp(ports().tcp);
    await writeAndClose(
      counted,
      octetCounted([line3164("tcp-oc", "marker-tcp-oc-1"), line3164("tcp-oc", "marker-tcp-oc-2 line one\nline two")]),
    );
    const lines = await openTcp(ports().tcp);
    await writeAndClose(
      lines,
      `${line3164("tcp-nl", "marker-tcp-nl-1")}\r\n${line3164("tcp-nl", "marker-tcp-nl-2")}\n`,
    );
    for (const m of ["marker-tcp-oc-1", "marker-tcp-oc-2", "marker-tcp-nl-1", "marker-tcp-nl-2"]) await stored(m);
    expect(raw(await stored("marker-tcp-oc-2"))).toContain("line one\nline two");
    // A frame that ends in a newline (rsyslog's RFC 5424 template) is stored without it.
    const trailing = await openTcp(ports().tcp);
    await writeAndClose(trailing, octetCounted([`${line3164("tcp-oc", "marker-tcp-oc-lf")}\n`]));
    expect(raw(await stored("marker-tcp-oc-lf")).endsWith("marker-tcp-oc-lf")).toBe(true);
  });

  it.skipIf(!cert)("reads syslog over TLS (RFC 5425, octet counting)", async () => {
    const ca = (await import("node:fs")).readFileSync(cert?.cert as string, "utf8");
    await sendTls(ports().tls as number, ca, octetCounted([line3164("tls-host", "marker-tls-1")]));
    expect((await stored("marker-tls-1")).ecs["host.name"]).toBe("tls-host");
  });

  it.skipIf(!HAS_SHARED)("raises the SigmaHQ sshd rule on an sshd message received over syslog", async () => {
    await sendUdp(ports().udp, ["<38>Nov 21 09:15:02 bastion-9 sshd[4242]: Corrupted MAC on input. [preauth]"]);
    const event = await stored("bastion-9 sshd[4242]");
    expect(event.logsource).toMatchObject({ product: "linux", service: "sshd" });
    const alerts = await eventually(async () => {
      const found = await alertsOf(server.url, SSHD_ERROR);
      return found.some((a) => a.eventIds.includes(event.id)) ? found : undefined;
    });
    expect(alerts.length).toBeGreaterThan(0);
  });

  it("dead-letters a frame the connection ended inside, with the count it announced", async () => {
    const socket = await openTcp(ports().tcp);
    await writeAndClose(socket, `200 ${line3164("trunc", "marker-truncated")}`);
    const l = await letter("SYSLOG_FRAME_TRUNCATED", "marker-truncated");
    expect(l.reason).toMatch(/of the 200 bytes/);
  });

  it("cuts a 10 MB line off at the frame limit, dead-letters it, and reads the next message", async () => {
    const socket = await openTcp(ports().tcp);
    const big = `${line3164("big", "marker-big ")}${"A".repeat(10 * 1024 * 1024)}\n`;
    await writeAndClose(socket, `${big}${line3164("big", "marker-after-big")}\n`);
    const l = await letter("SYSLOG_FRAME_TOO_LARGE", "marker-big");
    expect(l.reason).toMatch(/over the limit of 65536 bytes/);
    expect(l.record.length).toBeLessThan(10_000);
    await stored("marker-after-big");
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it("keeps a message that is not valid UTF-8, its bytes read as Latin-1", async () => {
    const head = Buffer.from(line3164("utf8", "marker-utf8 "));
    await sendUdp(ports().udp, [Buffer.concat([head, Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from(" tail")])]);
    expect(raw(await stored("marker-utf8"))).toContain("marker-utf8 ÿþÃ tail");
  });

  it("closes a connection whose octet count is bad, after storing the frames before it", async () => {
    const socket = await openTcp(ports().tcp);
    await writeAndClose(
      socket,
      Buffer.concat([octetCounted([line3164("badcount", "marker-before-bad")]), Buffer.from("abc marker-bad-count\n")]),
    );
    await stored("marker-before-bad");
    await letter("SYSLOG_BAD_FRAME", "abc marker-bad-count");
  });

  it("lets other clients through while a slow client holds a connection with half a message", async () => {
    const slow = await openTcp(ports().tcp);
    slow.on("error", () => {});
    slow.write(line3164("slow", "marker-slow-partial"));
    for (let i = 0; i < 3; i++) {
      const fast = await openTcp(ports().tcp);
      await writeAndClose(fast, `${line3164("fast", `marker-fast-${i}`)}\n`);
      await stored(`marker-fast-${i}`);
    }
    expect(slow.destroyed).toBe(false);
    // The slow client's message is whole when it ends its stream.
    await writeAndClose(slow, " and the rest\n");
    expect(raw(await stored("marker-slow-partial"))).toContain("and the rest");
    const metrics = await (await server.api("/metrics")).text();
    expect(metrics).toMatch(/tocsin_syslog_messages_total\{transport="tcp"\} [1-9]/);
  });
});

describe("syslog limits: per-source rate limit and idle timeout", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      syslogUdp: 0,
      syslogTcp: 0,
      syslogRate: 5,
      syslogIdleSeconds: 1,
      syslogMaxFrame: 1024,
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  // Before the flood below, which empties this peer's bucket.
  it("dead-letters a datagram over the frame limit with its size", async () => {
    const ports = server.tocsin.syslog as { udp: number };
    await sendUdp(ports.udp, [`${line3164("big-udp", "marker-big-udp ")}${"B".repeat(3000)}`]);
    const l = await eventually(async () => {
      await server.tocsin.flushSyslog();
      return (await allDeadLetters(server.url)).find((d) => d.code === "SYSLOG_FRAME_TOO_LARGE");
    });
    expect(l.reason).toMatch(/udp frame from 127\.0\.0\.1 of 30\d\d bytes is over the limit of 1024 bytes/);
    expect(l.record).toContain("marker-big-udp");
  });

  it("drops messages over a source's rate and counts them in /metrics", async () => {
    const ports = server.tocsin.syslog as { udp: number };
    await sendUdp(
      ports.udp,
      Array.from({ length: 40 }, (_, i) => line3164("flood", `marker-flood-${i}`)),
    );
    const dropped = await eventually(async () => {
      const text = await (await server.api("/metrics")).text();
      const m = /tocsin_syslog_dropped_total\{reason="rate_limit"\} (\d+)/.exec(text);
      return m && Number(m[1]) > 0 ? Number(m[1]) : undefined;
    });
    await server.tocsin.flushSyslog();
    const kept = (await allEvents(server.url)).filter((e) => raw(e).includes("marker-flood-")).length;
    // About a burst (twice the rate, less the token the datagram above took) passes; the rest is dropped.
    expect(kept).toBeGreaterThanOrEqual(8);
    expect(kept).toBeLessThan(40);
    expect(kept + dropped).toBeLessThanOrEqual(40);
  });

  it("closes a connection that stays silent past the idle timeout", async () => {
    const ports = server.tocsin.syslog as { tcp: number };
    const socket = await openTcp(ports.tcp);
    socket.on("error", () => {});
    const closed = await new Promise<boolean>((resolve) => {
      const t = setTimeout(() => resolve(false), 10_000);
      socket.once("close", () => {
        clearTimeout(t);
        resolve(true);
      });
      socket.resume();
    });
    expect(closed).toBe(true);
    const metrics = await (await server.api("/metrics")).text();
    expect(metrics).toMatch(/tocsin_syslog_closed_total\{reason="idle"\} [1-9]/);
  });
});
