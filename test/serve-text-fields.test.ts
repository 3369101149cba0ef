import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestServer, startTestServer } from "./support/server.js";

describe("tocsin serve: events of text formats are searchable by their own fields", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it("finds an auth.log line by its program and user, and a Zeek TSV record by its query, and returns their fields", async () => {
    const auth = [
      "2026-11-20T09:36:01+00:00 jump-01 sshd[811]: Failed password for root from 203.0.113.77 port 50122 ssh2",
      "2026-11-20T09:36:05+00:00 jump-01 cron[812]: (root) CMD (run-parts /etc/cron.hourly)",
    ].join("\n");
    expect((await server.ingest(auth, "?format=syslog", "text/plain")).status).toBe(200);
    const zeek = [
      "#separator \\x09",
      "#path\tdns",
      "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tquery",
      "#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring",
      "1763631640.5\tC1\t10.20.1.57\t51000\t10.20.0.53\t53\tudp\tsso.c0rp.example",
    ].join("\n");
    expect((await server.ingest(zeek, "?format=zeek", "text/plain")).status).toBe(200);

    const find = async (query: string) =>
      (
        (await (await server.api(`/api/v1/events?${query}`)).json()) as {
          items: { format: string; raw: unknown; fields?: Record<string, unknown> }[];
        }
      ).items;
    const sshd = await find("appname=sshd");
    expect(sshd).toHaveLength(1);
    expect(sshd[0]?.format).toBe("linux-auth");
    expect(String(sshd[0]?.raw)).toContain("Failed password for root");
    expect(sshd[0]?.fields).toBeDefined();
    const dns = await find("query=sso.c0rp.example");
    expect(dns).toHaveLength(1);
    expect(dns[0]?.fields).toMatchObject({ "id.orig_h": "10.20.1.57" });
    expect(await find("appname=nothing-like-this")).toHaveLength(0);
    expect((await find("format=zeek")).map((e) => e.format)).toEqual(["zeek"]);
  });
});
