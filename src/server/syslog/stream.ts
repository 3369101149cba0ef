import type { Socket } from "node:net";
import type { TLSSocket } from "node:tls";
import type { ListenerMetrics } from "../listener-metrics.js";
import type { SyslogBatcher } from "./batcher.js";
import { type Frame, SyslogFramer, decodeMessage } from "./framing.js";
import type { TokenBuckets } from "./rate-limit.js";

/** The transports syslog arrives by. */
export type SyslogTransport = "udp" | "tcp" | "tls";

/** The few logger methods listeners use (pino's). */
export interface ListenerLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** What every syslog listener shares. */
export interface SyslogDeps {
  readonly batcher: SyslogBatcher;
  readonly limits: TokenBuckets;
  readonly metrics: ListenerMetrics;
  readonly log: ListenerLog;
  /** Largest frame in bytes. */
  readonly maxFrame: number;
  /** Milliseconds a stream may stay silent before it is closed. */
  readonly idleMs: number;
}

/**
 * Handles one frame of any transport: a message is rate-limited per peer and queued; a frame
 * too large, truncated or badly counted is dead-lettered with the reason. Returns false when
 * the message was dropped for the queue being full (UDP only: streams queue with `force`).
 */
export function handleFrame(frame: Frame, peer: string, transport: SyslogTransport, deps: SyslogDeps): boolean {
  const { batcher, metrics } = deps;
  const source = `${transport}://${peer}`;
  // Bad frames take a token too, so a flood of them cannot fill the queue past the rate limit.
  if (!deps.limits.take(peer, Date.now())) {
    metrics.syslogRateLimited++;
    return true;
  }
  switch (frame.kind) {
    case "message": {
      metrics.syslogMessages[transport]++;
      const queued = batcher.add(decodeMessage(trimEnd(frame.bytes)), source, transport !== "udp");
      if (!queued) metrics.syslogDroppedBusy++;
      return queued;
    }
    case "oversize": {
      metrics.syslogOversize++;
      const size = frame.declared !== undefined ? `of ${frame.declared} bytes` : `of more than ${deps.maxFrame} bytes`;
      batcher.refuse(
        "SYSLOG_FRAME_TOO_LARGE",
        `a ${transport} frame from ${peer} ${size} is over the limit of ${deps.maxFrame} bytes; its start is kept here, the rest was skipped`,
        decodeMessage(frame.bytes),
      );
      return true;
    }
    case "truncated":
      batcher.refuse(
        "SYSLOG_FRAME_TRUNCATED",
        `the ${transport} connection from ${peer} ended after ${frame.bytes.length} of the ${frame.declared} bytes its octet count announced`,
        decodeMessage(frame.bytes),
      );
      return true;
    case "bad-frame":
      metrics.syslogBadFrames++;
      batcher.refuse("SYSLOG_BAD_FRAME", `${transport} from ${peer}: ${frame.reason}`, decodeMessage(frame.bytes));
      return true;
  }
}

/**
 * Reads syslog from one TCP or TLS connection: frames (octet counting or newlines, told by the
 * first byte), rate limits, an idle timeout, and backpressure (the socket pauses while the
 * ingest queue is full). Nothing the peer sends can throw out of here.
 */
export function handleStream(socket: Socket | TLSSocket, transport: "tcp" | "tls", deps: SyslogDeps): void {
  const peer = socket.remoteAddress ?? "unknown";
  const framer = new SyslogFramer({ max: deps.maxFrame });
  let ended = false;
  deps.metrics.syslogConnections++;
  const finish = () => {
    if (ended) return;
    ended = true;
    for (const frame of framer.end()) handleFrame(frame, peer, transport, deps);
  };
  socket.setTimeout(deps.idleMs, () => {
    deps.metrics.syslogIdleClosed++;
    finish();
    socket.destroy();
  });
  socket.on("data", (chunk: Buffer) => {
    if (ended) return;
    for (const frame of framer.push(chunk)) handleFrame(frame, peer, transport, deps);
    if (framer.isBroken) {
      ended = true;
      socket.destroySoon();
      return;
    }
    if (deps.batcher.full) {
      socket.pause();
      deps.batcher.onDrain(() => socket.resume());
    }
  });
  socket.on("end", () => {
    finish();
    socket.end();
  });
  socket.on("error", (error) => {
    // A reset or a failed handshake is the peer's affair, not the server's.
    deps.log.warn({ peer, transport, code: (error as NodeJS.ErrnoException).code }, "syslog connection error");
  });
  socket.on("close", () => {
    finish();
    deps.metrics.syslogConnections--;
  });
}

/**
 * A message without the line ends and NULs some senders put at the end of a frame (rsyslog's
 * RFC 5424 template ends in LF even inside an octet-counted frame); newlines within it stay.
 */
export function trimEnd(bytes: Buffer): Buffer {
  let end = bytes.length;
  while (end > 0 && (bytes[end - 1] === 0x0a || bytes[end - 1] === 0x0d || bytes[end - 1] === 0)) end--;
  return end === bytes.length ? bytes : bytes.subarray(0, end);
}
