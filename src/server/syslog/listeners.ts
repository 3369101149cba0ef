import { type Socket as UdpSocket, createSocket } from "node:dgram";
import { type Server, type Socket, createServer } from "node:net";
import { isIPv6 } from "node:net";
import { type TLSSocket, createServer as createTlsServer } from "node:tls";
import type { IngestPipeline } from "../../ingest/index.js";
import type { ListenerMetrics } from "../listener-metrics.js";
import { SyslogBatcher } from "./batcher.js";
import { DEFAULT_MAX_FRAME } from "./framing.js";
import { syslogRecords } from "./parse.js";
import { TokenBuckets } from "./rate-limit.js";
import { type ListenerLog, type SyslogDeps, handleFrame, handleStream, trimEnd } from "./stream.js";

/** Where and how the syslog listeners run; a port left out is a listener not started. */
export interface SyslogListenerOptions {
  readonly host: string;
  readonly udpPort?: number;
  readonly tcpPort?: number;
  /** RFC 5425: syslog over TLS, with the server's certificate and key (PEM). */
  readonly tls?: { readonly port: number; readonly cert: string | Buffer; readonly key: string | Buffer };
  readonly pipeline: Pick<IngestPipeline, "ingestDecoded">;
  readonly metrics: ListenerMetrics;
  readonly log: ListenerLog;
  /** Largest frame in bytes (default 64 KiB). */
  readonly maxFrame?: number;
  /** Messages a second per peer IP (default 10,000) and the burst allowed (default twice that). */
  readonly ratePerSecond?: number;
  readonly burst?: number;
  /** Seconds a TCP or TLS connection may stay silent (default 300). */
  readonly idleSeconds?: number;
  /** Open TCP and TLS connections at most, each listener (default 1,024). */
  readonly maxConnections?: number;
  /** Batching into the ingest path (defaults: 1,000 messages or 200 ms; 50,000 waiting at most). */
  readonly maxBatch?: number;
  readonly intervalMs?: number;
  readonly maxQueued?: number;
}

/** Running syslog listeners. */
export interface SyslogListeners {
  /** The ports listened on (0 in the options picks a free one). */
  readonly ports: { readonly udp?: number; readonly tcp?: number; readonly tls?: number };
  /** Stores every message received so far. */
  flush(): Promise<void>;
  /** Stops listening, closes connections, stores what is queued. */
  close(): Promise<void>;
}

/**
 * Starts the syslog listeners the options ask for: UDP (one message a datagram), TCP (octet
 * counting or newline framing, RFC 6587) and TLS (RFC 5425). Messages are batched into the
 * durable ingest path. UDP and TCP cannot acknowledge: a message is safe once stored, and one
 * in a socket buffer or the queue is lost if the server dies.
 *
 * @example
 * const syslog = await startSyslogListeners({ host: "0.0.0.0", udpPort: 514, pipeline, metrics, log });
 */
export async function startSyslogListeners(options: SyslogListenerOptions): Promise<SyslogListeners> {
  const rate = options.ratePerSecond ?? 10_000;
  const deps: SyslogDeps = {
    batcher: new SyslogBatcher({
      pipeline: options.pipeline,
      metrics: options.metrics,
      parse: (text, index, source) => syslogRecords(text, index, source),
      onError: (error, messages) => options.log.error({ err: error, messages }, "syslog batch could not be stored"),
      ...(options.maxBatch !== undefined ? { maxBatch: options.maxBatch } : {}),
      ...(options.intervalMs !== undefined ? { intervalMs: options.intervalMs } : {}),
      ...(options.maxQueued !== undefined ? { maxQueued: options.maxQueued } : {}),
    }),
    limits: new TokenBuckets({ perSecond: rate, burst: options.burst ?? rate * 2 }),
    metrics: options.metrics,
    log: options.log,
    maxFrame: options.maxFrame ?? DEFAULT_MAX_FRAME,
    idleMs: (options.idleSeconds ?? 300) * 1000,
  };
  const sockets = new Set<Socket | TLSSocket>();
  const servers: Server[] = [];
  let udp: UdpSocket | undefined;
  const ports: { udp?: number; tcp?: number; tls?: number } = {};
  const track = (socket: Socket | TLSSocket, transport: "tcp" | "tls") => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
    handleStream(socket, transport, deps);
  };
  try {
    if (options.udpPort !== undefined) {
      udp = await listenUdp(options.host, options.udpPort, deps);
      ports.udp = udp.address().port;
    }
    if (options.tcpPort !== undefined) {
      const server = createServer((socket) => track(socket, "tcp"));
      ports.tcp = await listen(server, options.host, options.tcpPort, options.maxConnections);
      servers.push(server);
    }
    if (options.tls !== undefined) {
      const server = createTlsServer(
        { cert: options.tls.cert, key: options.tls.key, minVersion: "TLSv1.2", handshakeTimeout: 10_000 },
        (socket) => track(socket, "tls"),
      );
      server.on("tlsClientError", (error, socket) => {
        options.log.warn(
          { peer: socket.remoteAddress, code: (error as NodeJS.ErrnoException).code },
          "syslog TLS handshake failed",
        );
      });
      ports.tls = await listen(server, options.host, options.tls.port, options.maxConnections);
      servers.push(server);
    }
  } catch (error) {
    udp?.close();
    for (const s of servers) s.close();
    await deps.batcher.close();
    throw error;
  }
  for (const [transport, port] of Object.entries(ports)) {
    options.log.info({ transport, port }, "syslog listener started");
  }
  return {
    ports,
    flush: () => deps.batcher.flush(),
    close: async () => {
      const closing = servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve())));
      for (const socket of sockets) socket.destroy();
      if (udp) await new Promise<void>((resolve) => udp?.close(() => resolve()));
      await Promise.all(closing);
      await deps.batcher.close();
    },
  };
}

function listen(server: Server, host: string, port: number, maxConnections = 1024): Promise<number> {
  server.maxConnections = maxConnections;
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen({ host, port }, () => {
      server.off("error", reject);
      // Errors of a listening server (accept failures) are logged by the caller's sockets; never thrown.
      server.on("error", () => {});
      const address = server.address();
      resolve(typeof address === "object" && address ? address.port : port);
    });
  });
}

function listenUdp(host: string, port: number, deps: SyslogDeps): Promise<UdpSocket> {
  const socket = createSocket({ type: isIPv6(host) ? "udp6" : "udp4", recvBufferSize: 4 * 1024 * 1024 });
  socket.on("message", (datagram, rinfo) => {
    // One message a datagram (RFC 5426 §3.1); a trailing newline or NUL some senders add is not part of it.
    const end = trimEnd(datagram).length;
    if (end === 0) return;
    const bytes = datagram.subarray(0, Math.min(end, deps.maxFrame));
    const frame =
      end > deps.maxFrame ? { kind: "oversize" as const, bytes, declared: end } : { kind: "message" as const, bytes };
    handleFrame(frame, rinfo.address, "udp", deps);
  });
  return new Promise((resolve, reject) => {
    socket.once("error", reject);
    socket.bind({ address: host, port }, () => {
      socket.off("error", reject);
      socket.on("error", (error) => deps.log.warn({ err: error }, "syslog UDP socket error"));
      resolve(socket);
    });
  });
}
