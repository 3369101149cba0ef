/**
 * Hands out consecutive byte ranges of a stream of pieces, copying only when a range spans
 * pieces (into one reused scratch buffer). A piece is not read again once the next piece has
 * been requested, so sources may reuse their buffers.
 */
export class ByteWindow {
  private readonly it: AsyncIterator<Uint8Array> | undefined;
  private cur: Uint8Array;
  private curPos = 0;
  private readonly pushed: Uint8Array[] = [];
  private scratch = new Uint8Array(0);
  private done = false;
  /** File offset of the next byte `take` returns. */
  position = 0;

  constructor(source: AsyncIterable<Uint8Array> | Uint8Array) {
    if (source instanceof Uint8Array) {
      this.cur = source;
      this.it = undefined;
      this.done = true;
    } else {
      this.cur = new Uint8Array(0);
      this.it = source[Symbol.asyncIterator]();
    }
  }

  private async nextPiece(): Promise<boolean> {
    const pushed = this.pushed.pop();
    if (pushed) {
      this.cur = pushed;
      this.curPos = 0;
      return true;
    }
    if (this.done || !this.it) return false;
    for (;;) {
      const r = await this.it.next();
      if (r.done) {
        this.done = true;
        return false;
      }
      if (r.value.length > 0) {
        this.cur = r.value;
        this.curPos = 0;
        return true;
      }
    }
  }

  /** Returns the next `n` bytes (fewer only at the end of the stream), valid until the next call. */
  async take(n: number): Promise<Uint8Array> {
    let avail = this.cur.length - this.curPos;
    if (avail === 0 && (await this.nextPiece())) avail = this.cur.length - this.curPos;
    if (avail >= n) {
      const out = this.cur.subarray(this.curPos, this.curPos + n);
      this.curPos += n;
      this.position += n;
      return out;
    }
    if (this.scratch.length < n) this.scratch = new Uint8Array(n);
    let filled = 0;
    while (filled < n) {
      const have = this.cur.length - this.curPos;
      if (have === 0) {
        if (!(await this.nextPiece())) break;
        continue;
      }
      const k = Math.min(have, n - filled);
      this.scratch.set(this.cur.subarray(this.curPos, this.curPos + k), filled);
      this.curPos += k;
      filled += k;
    }
    this.position += filled;
    return this.scratch.subarray(0, filled);
  }

  /** Puts bytes back in front of the stream (a copy is kept), moving `position` back. */
  unread(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    const rest = this.cur.subarray(this.curPos);
    if (rest.length > 0) this.pushed.push(rest); // still valid: pushed pieces are read before the source is asked again
    this.pushed.push(bytes.slice());
    this.cur = new Uint8Array(0);
    this.curPos = 0;
    this.position -= bytes.length;
  }
}
