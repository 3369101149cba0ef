/** The default largest syslog frame: 64 KiB. RFC 5425 §4.3.1 asks receivers to take at least 2 KiB. */
export const DEFAULT_MAX_FRAME = 64 * 1024;

/** The framings of syslog over a stream (RFC 6587 §3.4): octet counting, or a newline after each message. */
export type Framing = "octet-counting" | "newline";

/** What a framer cut out of a stream. */
export type Frame =
  | { readonly kind: "message"; readonly bytes: Buffer }
  /** A frame over the limit: its first `max` bytes; `declared` is the octet count when one was given. */
  | { readonly kind: "oversize"; readonly bytes: Buffer; readonly declared?: number }
  /** The stream ended inside an octet-counted frame. */
  | { readonly kind: "truncated"; readonly bytes: Buffer; readonly declared: number }
  /** An octet count that is not `LEN SP`: the stream cannot be resynchronised. */
  | { readonly kind: "bad-frame"; readonly reason: string; readonly bytes: Buffer };

const SPACE = 0x20;
const LF = 0x0a;
const CR = 0x0d;
// A frame of 64 KiB needs 5 digits; 9 still fits an int and refuses absurd counts early.
const MAX_COUNT_DIGITS = 9;

function isDigit(b: number): boolean {
  return b >= 0x30 && b <= 0x39;
}

/**
 * Cuts a syslog byte stream into messages. The framing is chosen by the first byte of the
 * connection (RFC 6587 §3.4.1: octet counting starts with a non-zero digit, a message with `<`)
 * and kept for the connection. Memory is bounded: at most `max` bytes of one frame are held;
 * a longer frame yields its first `max` bytes as `oversize` and the rest is skipped.
 *
 * @example
 * const framer = new SyslogFramer();
 * for (const frame of framer.push(chunk)) if (frame.kind === "message") handle(frame.bytes);
 */
export class SyslogFramer {
  private mode: Framing | undefined;
  private readonly max: number;
  /** Held bytes of the frame being read (at most max). */
  private parts: Buffer[] = [];
  private held = 0;
  /** Octet counting: the digits read so far, the declared length, the bytes of the body seen. */
  private digits = "";
  private declared = -1;
  private seen = 0;
  /** Newline framing: a frame over the limit is being skipped up to its newline. */
  private skipping = false;
  private broken = false;

  constructor(options: { readonly max?: number; readonly framing?: Framing } = {}) {
    this.max = Math.max(1, options.max ?? DEFAULT_MAX_FRAME);
    this.mode = options.framing;
  }

  /** The framing in use, once the first byte has told it. */
  get framing(): Framing | undefined {
    return this.mode;
  }

  /** True after a bad octet count: the rest of the stream is ignored and the caller should close it. */
  get isBroken(): boolean {
    return this.broken;
  }

  /** Frames completed by a chunk of the stream. */
  push(chunk: Buffer): Frame[] {
    const out: Frame[] = [];
    if (this.broken || chunk.length === 0) return out;
    if (this.mode === undefined)
      this.mode = chunk[0] !== undefined && chunk[0] >= 0x31 && chunk[0] <= 0x39 ? "octet-counting" : "newline";
    if (this.mode === "newline") this.pushLines(chunk, out);
    else this.pushCounted(chunk, out);
    return out;
  }

  /** The end of the stream: a message without its final newline, or a truncated counted frame. */
  end(): Frame[] {
    if (this.broken) return [];
    const bytes = this.take();
    if (this.mode === "octet-counting") {
      if (this.declared >= 0) {
        const declared = this.declared;
        this.declared = -1;
        return [{ kind: "truncated", bytes, declared }];
      }
      if (this.digits !== "") {
        const digits = this.digits;
        this.digits = "";
        return [{ kind: "truncated", bytes: Buffer.from(digits, "latin1"), declared: 0 }];
      }
      return [];
    }
    if (this.skipping) {
      this.skipping = false;
      return [];
    }
    const message = trimCr(bytes);
    return message.length > 0 ? [{ kind: "message", bytes: message }] : [];
  }

  private hold(bytes: Buffer): void {
    const room = this.max - this.held;
    if (room <= 0) return;
    const piece = bytes.length > room ? bytes.subarray(0, room) : bytes;
    // Copied, so a held piece does not pin the whole socket chunk in memory.
    this.parts.push(Buffer.from(piece));
    this.held += piece.length;
  }

  private take(): Buffer {
    const bytes = this.parts.length === 1 ? (this.parts[0] as Buffer) : Buffer.concat(this.parts, this.held);
    this.parts = [];
    this.held = 0;
    return bytes;
  }

  private pushLines(chunk: Buffer, out: Frame[]): void {
    let start = 0;
    while (start < chunk.length) {
      const lf = chunk.indexOf(LF, start);
      const end = lf === -1 ? chunk.length : lf;
      if (!this.skipping) {
        if (this.held + (end - start) > this.max) {
          this.hold(chunk.subarray(start, end));
          out.push({ kind: "oversize", bytes: this.take() });
          this.skipping = true;
        } else this.hold(chunk.subarray(start, end));
      }
      if (lf === -1) return;
      if (this.skipping) this.skipping = false;
      else {
        const message = trimCr(this.take());
        if (message.length > 0) out.push({ kind: "message", bytes: message });
      }
      start = lf + 1;
    }
  }

  private pushCounted(chunk: Buffer, out: Frame[]): void {
    let i = 0;
    while (i < chunk.length) {
      if (this.declared < 0) {
        const b = chunk[i] as number;
        if (this.digits === "" && (b === LF || b === CR || b === SPACE)) {
          // Some senders end octet-counted frames with a newline as well; it is not a frame.
          i++;
          continue;
        }
        if (isDigit(b) && this.digits.length < MAX_COUNT_DIGITS) {
          this.digits += String.fromCharCode(b);
          i++;
          continue;
        }
        const count = Number(this.digits);
        if (b !== SPACE || this.digits === "" || count === 0) {
          const head = Buffer.concat([Buffer.from(this.digits, "latin1"), chunk.subarray(i, i + 64)]);
          const why =
            this.digits.length >= MAX_COUNT_DIGITS
              ? `an octet count longer than ${MAX_COUNT_DIGITS} digits`
              : "a frame that does not start with an octet count and a space (RFC 6587 §3.4.1)";
          out.push({ kind: "bad-frame", reason: `${why}; the connection is closed`, bytes: head });
          this.broken = true;
          return;
        }
        this.declared = count;
        this.digits = "";
        this.seen = 0;
        i++;
        continue;
      }
      const want = this.declared - this.seen;
      const piece = chunk.subarray(i, i + want);
      this.hold(piece);
      this.seen += piece.length;
      i += piece.length;
      if (this.seen === this.declared) {
        const declared = this.declared;
        this.declared = -1;
        const bytes = this.take();
        out.push(declared > this.max ? { kind: "oversize", bytes, declared } : { kind: "message", bytes });
      }
    }
  }
}

function trimCr(bytes: Buffer): Buffer {
  return bytes.length > 0 && bytes[bytes.length - 1] === CR ? bytes.subarray(0, bytes.length - 1) : bytes;
}

const UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
const UTF8_LENIENT = new TextDecoder("utf-8", { fatal: false, ignoreBOM: false });
const LATIN1 = new TextDecoder("latin1");

/**
 * A message's bytes as text. UTF-8 when they are valid UTF-8 (a leading BOM dropped, RFC 5424
 * §6.4). Otherwise the message is in some other charset, which RFC 5424 allows without a BOM
 * and RFC 3164 senders often use: it is read as Latin-1, byte for byte, so nothing is lost and
 * the ASCII parts still match rules. A message that claims UTF-8 by its BOM but breaks it has
 * the bad sequences replaced by U+FFFD.
 */
export function decodeMessage(bytes: Uint8Array): string {
  try {
    return UTF8.decode(bytes);
  } catch {
    const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    return bom ? UTF8_LENIENT.decode(bytes) : LATIN1.decode(bytes);
  }
}
