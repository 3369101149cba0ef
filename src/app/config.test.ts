import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULTS, resolveConfig } from "./config.js";

describe("configuration", () => {
  it("starts from the defaults", () => {
    const c = resolveConfig();
    expect(c.data).toBe("./tocsin-data");
    expect(c.host).toBe("127.0.0.1");
    expect(c.port).toBe(8080);
    expect(c.retentionMs).toBe(30 * 86_400_000);
    expect(c.synchronous).toBe(DEFAULTS.synchronous);
  });

  it("takes a file over the defaults, the environment over the file, and flags over all", () => {
    const dir = mkdtempSync(join(tmpdir(), "tocsin-config-"));
    const file = join(dir, "tocsin.yml");
    writeFileSync(file, "port: 7000\nhost: 0.0.0.0\nretention: 7d\ndata: /from/file\n");
    const env = { TOCSIN_PORT: "7100", TOCSIN_RETENTION: "14d", TOCSIN_DEMO: "true", UNRELATED: "x" };
    const c = resolveConfig({ file, env, flags: { port: 7200, rules: ["a", "b"] } });
    expect(c.port).toBe(7200);
    expect(c.retention).toBe("14d");
    expect(c.retentionMs).toBe(14 * 86_400_000);
    expect(c.host).toBe("0.0.0.0");
    expect(c.data).toBe("/from/file");
    expect(c.demo).toBe(true);
    expect(c.rules).toEqual(["a", "b"]);
    rmSync(dir, { recursive: true, force: true });
  });

  it("reads the admin token and lists from the environment", () => {
    const c = resolveConfig({ env: { TOCSIN_ADMIN_TOKEN: "tok", TOCSIN_RULES: "x,y", TOCSIN_SYNCHRONOUS: "normal" } });
    expect(c.adminToken).toBe("tok");
    expect(c.rules).toEqual(["x", "y"]);
    expect(c.synchronous).toBe("NORMAL");
  });

  it("leaves the syslog listeners off by default and takes their ports, files and limits", () => {
    const off = resolveConfig();
    expect([off.syslogUdp, off.syslogTcp, off.syslogTls]).toEqual([undefined, undefined, undefined]);
    expect(off.syslogMaxFrame).toBe(64 * 1024);
    const c = resolveConfig({
      env: { TOCSIN_SYSLOG_UDP: "5514", TOCSIN_TLS_CERT: "/c.pem", TOCSIN_SYSLOG_RATE: "50" },
      flags: { syslogTcp: 5515, syslogTls: 6514, tlsKey: "/k.pem" },
    });
    expect(c).toMatchObject({ syslogUdp: 5514, syslogTcp: 5515, syslogTls: 6514, tlsCert: "/c.pem", tlsKey: "/k.pem" });
    expect(c.syslogRate).toBe(50);
    expect(() => resolveConfig({ flags: { syslogTls: 6514 } })).toThrow(/syslogTls needs tlsCert and tlsKey/);
    expect(() => resolveConfig({ flags: { syslogUdp: 70000 } })).toThrow(/syslogUdp must be at most 65535/);
    expect(() => resolveConfig({ flags: { syslogMaxFrame: 100 } })).toThrow(/at least 480/);
  });

  it("refuses bad values with the setting's name", () => {
    expect(() => resolveConfig({ env: { TOCSIN_PORT: "eighty" } })).toThrow(/port must be a whole number/);
    expect(() => resolveConfig({ flags: { retention: "forever" } })).toThrow(/retention must be a duration/);
    expect(() => resolveConfig({ flags: { colour: "red" } })).toThrow(/unknown setting colour/);
  });
});
