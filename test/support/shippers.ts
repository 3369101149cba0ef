import { execFileSync } from "node:child_process";
import { createSocket } from "node:dgram";
import { mkdtempSync } from "node:fs";
import { type Socket, connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect as tlsConnect } from "node:tls";
import { authed } from "./server.js";

/** A stored event as GET /api/v1/events gives it. */
export interface ListedEvent {
  readonly id: string;
  readonly timestamp: string;
  readonly format: string;
  readonly logsource: { product?: string; service?: string; categories: string[] };
  readonly ecs: Record<string, string | number>;
  readonly raw: unknown;
}

/** Every stored event (newest first), paging through /api/v1/events. */
export async function allEvents(url: string, query = ""): Promise<ListedEvent[]> {
  const out: ListedEvent[] = [];
  let cursor: string | undefined;
  do {
    const res = await authed(
      `${url}/api/v1/events?limit=1000${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
    );
    const page = (await res.json()) as { items: ListedEvent[]; next?: string };
    out.push(...page.items);
    cursor = page.next;
  } while (cursor);
  return out;
}

/** Every dead letter stored. */
export async function allDeadLetters(url: string): Promise<{ code: string; reason: string; record: string }[]> {
  const res = await authed(`${url}/api/v1/dead-letters?limit=1000`);
  return ((await res.json()) as { items: { code: string; reason: string; record: string }[] }).items;
}

/** Alerts of one rule. */
export async function alertsOf(url: string, ruleId: string): Promise<{ eventIds: string[] }[]> {
  const res = await authed(`${url}/api/v1/alerts?rule_id=${ruleId}&limit=1000`);
  return ((await res.json()) as { items: { eventIds: string[] }[] }).items;
}

/** Polls `check` until it returns a value other than undefined, or fails after `ms`. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  ms = 15_000,
  what = "the condition",
): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Sends each message as one UDP datagram. */
export async function sendUdp(port: number, messages: readonly (string | Buffer)[]): Promise<void> {
  const socket = createSocket("udp4");
  for (const m of messages) {
    await new Promise<void>((resolve, reject) =>
      socket.send(typeof m === "string" ? Buffer.from(m) : m, port, "127.0.0.1", (e) => (e ? reject(e) : resolve())),
    );
  }
  socket.close();
}

/** Opens a TCP connection to the syslog port. */
export function openTcp(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port }, () => resolve(socket));
    socket.once("error", reject);
  });
}

/** Writes bytes and closes the stream, resolving once the server has closed its side too. */
export function writeAndClose(socket: Socket, bytes: Buffer | string): Promise<void> {
  return new Promise((resolve) => {
    socket.on("error", () => {});
    socket.once("close", () => resolve());
    socket.end(bytes);
  });
}

/** Octet-counting framing (RFC 6587 §3.4.1) of messages. */
export function octetCounted(messages: readonly string[]): Buffer {
  return Buffer.concat(
    messages.map((m) => {
      const body = Buffer.from(m);
      return Buffer.concat([Buffer.from(`${body.length} `), body]);
    }),
  );
}

/** A self-signed certificate and key made with openssl, or undefined when openssl is absent. */
export function selfSignedCert(): { cert: string; key: string } | undefined {
  const dir = mkdtempSync(join(tmpdir(), "tocsin-tls-"));
  const cert = join(dir, "cert.pem");
  const key = join(dir, "key.pem");
  try {
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        key,
        "-out",
        cert,
        "-days",
        "1",
        "-subj",
        "/CN=localhost",
      ],
      { stdio: "ignore" },
    );
  } catch {
    return undefined;
  }
  return { cert, key };
}

/** Sends bytes over TLS (the test's own self-signed certificate trusted) and closes. */
export function sendTls(port: number, ca: string, bytes: Buffer | string): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ host: "127.0.0.1", port, ca, servername: "localhost" }, () => {
      socket.end(bytes);
    });
    socket.once("error", reject);
    socket.once("close", () => resolve());
    socket.resume();
  });
}
