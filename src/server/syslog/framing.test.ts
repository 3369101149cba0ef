import { describe, expect, it } from "vitest";
import { type Frame, SyslogFramer, decodeMessage } from "./framing.js";

const text = (frames: Frame[]) => frames.map((f) => `${f.kind}:${f.bytes.toString("utf8")}`);

describe("syslog stream framing (RFC 6587)", () => {
  it("reads octet-counted frames split anywhere across chunks, newlines inside a message included", () => {
    const framer = new SyslogFramer();
    const stream = Buffer.from("10 <13>1 a\nbc5 hello");
    const frames: Frame[] = [];
    for (let i = 0; i < stream.length; i++) frames.push(...framer.push(stream.subarray(i, i + 1)));
    expect(framer.framing).toBe("octet-counting");
    expect(text(frames)).toEqual(["message:<13>1 a\nbc", "message:hello"]);
  });

  it("reads newline-framed messages, dropping CR and blank lines, and keeps a last message without its newline", () => {
    const framer = new SyslogFramer();
    const frames = [...framer.push(Buffer.from("<13>one\r\n\n<13>tw")), ...framer.push(Buffer.from("o\n<13>three"))];
    expect(framer.framing).toBe("newline");
    expect(text(frames)).toEqual(["message:<13>one", "message:<13>two"]);
    expect(text(framer.end())).toEqual(["message:<13>three"]);
  });

  it("cuts a newline frame over the limit to its first bytes, skips the rest, and reads on", () => {
    const framer = new SyslogFramer({ max: 8 });
    const frames = [...framer.push(Buffer.from("<13>0123456789")), ...framer.push(Buffer.from("abcdef\n<13>ok\n"))];
    expect(text(frames)).toEqual(["oversize:<13>0123", "message:<13>ok"]);
  });

  it("holds at most the limit of a 10 MB line and still reads the message after it", () => {
    const framer = new SyslogFramer({ max: 64 * 1024 });
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const frames: Frame[] = [];
    for (let sent = 0; sent < 10 * 1024 * 1024; sent += chunk.length) frames.push(...framer.push(chunk));
    frames.push(...framer.push(Buffer.from("\n<13>after\n")));
    expect(frames.map((f) => f.kind)).toEqual(["oversize", "message"]);
    expect(frames[0]?.bytes.length).toBe(64 * 1024);
    expect(frames[1]?.bytes.toString()).toBe("<13>after");
  });

  it("cuts an octet-counted frame over the limit, names its declared size, and keeps the framing", () => {
    const framer = new SyslogFramer({ max: 4 });
    const frames = framer.push(Buffer.from("10 0123456789 2 ok"));
    expect(frames).toEqual([
      { kind: "oversize", bytes: Buffer.from("0123"), declared: 10 },
      { kind: "message", bytes: Buffer.from("ok") },
    ]);
  });

  it("reports a frame the connection ended inside as truncated with the count it announced", () => {
    const framer = new SyslogFramer();
    expect(framer.push(Buffer.from("20 <13>short"))).toEqual([]);
    expect(framer.end()).toEqual([{ kind: "truncated", bytes: Buffer.from("<13>short"), declared: 20 }]);
  });

  it("refuses a bad octet count and ignores the rest of the stream", () => {
    const framer = new SyslogFramer();
    const frames = framer.push(Buffer.from("5 hello12x <13>more"));
    expect(frames[0]).toMatchObject({ kind: "message" });
    expect(frames[1]).toMatchObject({ kind: "bad-frame" });
    expect(frames[1]?.kind === "bad-frame" && frames[1].reason).toMatch(/octet count/);
    expect(framer.isBroken).toBe(true);
    expect(framer.push(Buffer.from("3 abc"))).toEqual([]);
    const long = new SyslogFramer();
    expect(long.push(Buffer.from("1234567890123 x"))[0]).toMatchObject({ kind: "bad-frame" });
  });

  it("reads valid UTF-8, drops a leading BOM, and reads other bytes as Latin-1 so none is lost", () => {
    expect(decodeMessage(Buffer.from("<13>héllo €"))).toBe("<13>héllo €");
    expect(decodeMessage(Buffer.from([0xef, 0xbb, 0xbf, 0x68, 0x69]))).toBe("hi");
    expect(decodeMessage(Buffer.from([0x3c, 0x31, 0x3e, 0xff, 0xfe, 0x41]))).toBe("<1>ÿþA");
    // A BOM claims UTF-8: broken sequences after it are replaced.
    expect(decodeMessage(Buffer.from([0xef, 0xbb, 0xbf, 0x41, 0xff]))).toBe("A\uFFFD");
    // A multi-byte character split across two chunks is whole in its frame.
    const framer = new SyslogFramer();
    const euro = Buffer.from("<13>€\n");
    const frames = [...framer.push(euro.subarray(0, 5)), ...framer.push(euro.subarray(5))];
    expect(decodeMessage(frames[0]?.bytes ?? Buffer.alloc(0))).toBe("<13>€");
  });
});
