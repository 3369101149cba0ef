// tocsin ingest against a running server, and tocsin parse, run as the built CLI would be (from
// the sources, as child processes that do not block the server in this process).
import { spawn } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempFiles } from "../support/cli.js";
import { TEST_TOKEN, type TestServer, startTestServer } from "../support/server.js";
import { REPO } from "../support/shared.js";
import { allDeadLetters, allEvents } from "../support/shippers.js";

function run(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", join(REPO, "src/cli/entry.ts"), ...args], {
      cwd: REPO,
      env: { ...process.env, NO_COLOR: "1", ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on("data", (c: Buffer) => {
      stderr += c.toString();
    });
    child.once("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** A port nothing listens on: one the system gave and took back. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const address = s.address();
      s.close(() => resolve(typeof address === "object" && address ? address.port : 9));
    });
  });
}

const ZEEK_HEADER = [
  "#separator \\x09",
  "#set_separator\t,",
  "#empty_field\t(empty)",
  "#unset_field\t-",
  "#path\tdns",
  "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tquery",
  "#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring",
];
const zeekLines = (n: number) =>
  Array.from(
    { length: n },
    (_, i) =>
      `17637168${String(i).padStart(2, "0")}.000000\tCcli${i}\t10.9.0.${i % 250}\t40000\t10.9.0.53\t53\tudp\thost-${i}.example`,
  );
const AUTH = [
  "Nov 21 09:15:02 bastion-cli sshd[4242]: Failed password for root from 203.0.113.5 port 4242 ssh2",
  "Nov 21 09:15:09 bastion-cli sshd[4243]: Accepted publickey for deploy from 10.0.0.9 port 50022 ssh2",
].join("\n");

describe("tocsin ingest and tocsin parse", () => {
  let server: TestServer;
  let dir: string;
  beforeAll(async () => {
    server = await startTestServer();
    dir = tempFiles({
      "zeek/dns.log.gz": gzipSync(`${[...ZEEK_HEADER, ...zeekLines(60)].join("\n")}\n`),
      "auth.log": `${AUTH}\n`,
    });
    writeFileSync(join(dir, "broken.log"), "#separator \\x09\n#fields\tts\n#types\ttime\nnot-a-time\n");
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("sends a folder in batches, Zeek headers carried into each, and prints a summary", async () => {
    const r = await run(
      ["ingest", join(dir, "zeek"), join(dir, "auth.log"), "--url", server.url, "--batch-bytes", "1024"],
      {
        TOCSIN_TOKEN: TEST_TOKEN,
      },
    );
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/2 files, \d+ batches: 62 records received, 62 stored, 0 dead-lettered/);
    expect(Number(/(\d+) batches/.exec(r.stdout)?.[1])).toBeGreaterThan(3);
    const events = await allEvents(server.url);
    const zeek = events.filter((e) => e.format === "zeek");
    expect(zeek).toHaveLength(60);
    expect(zeek.every((e) => e.logsource.service === "dns")).toBe(true);
    const auth = events.filter((e) => e.format === "linux-auth");
    expect(auth.map((e) => e.ecs["user.name"]).sort()).toEqual(["deploy", "root"]);
  });

  it("reports records the server dead-letters, with --format given", async () => {
    const r = await run([
      "ingest",
      join(dir, "broken.log"),
      "--format",
      "zeek",
      "--url",
      server.url,
      "--token",
      TEST_TOKEN,
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/1 dead-lettered/);
    expect((await allDeadLetters(server.url)).some((l) => l.record.includes("not-a-time"))).toBe(true);
  });

  it("exits 2 with a clear message on a refused connection, a bad token, an unknown format or a missing file", async () => {
    const refused = await run([
      "ingest",
      join(dir, "auth.log"),
      "--url",
      `http://127.0.0.1:${await closedPort()}`,
      "--token",
      "x",
    ]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/connection refused/);
    const token = await run(["ingest", join(dir, "auth.log"), "--url", server.url, "--token", "wrong"]);
    expect(token.code).toBe(2);
    expect(token.stderr).toMatch(/401/);
    const format = await run([
      "ingest",
      join(dir, "auth.log"),
      "--format",
      "csv",
      "--url",
      server.url,
      "--token",
      TEST_TOKEN,
    ]);
    expect(format.code).toBe(2);
    expect(format.stderr).toMatch(/unknown format "csv"; known: .*zeek/);
    const missing = await run(["ingest", join(dir, "nope.log"), "--url", server.url, "--token", TEST_TOKEN]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.log: cannot read/);
    const none = await run(["ingest", join(dir, "auth.log"), "--url", server.url], { TOCSIN_TOKEN: "" });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/a token is needed/);
  });

  it("parses files to one JSON object per event, refused records to stderr with file:line", async () => {
    const r = await run([
      "parse",
      join(dir, "zeek", "dns.log.gz"),
      join(dir, "auth.log"),
      join(dir, "broken.log"),
      "--original",
    ]);
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(62);
    expect(lines[0]).toMatchObject({
      logsource: { product: "zeek", service: "dns" },
      "@timestamp": "2025-11-21T09:20:00.000Z",
      source: { ip: "10.9.0.0" },
      zeek: { uid: "Ccli0", query: "host-0.example" },
    });
    expect(lines[0]?.original).toContain("Ccli0");
    expect(lines[60]).toMatchObject({ logsource: { product: "linux", service: "sshd" }, user: { name: "root" } });
    expect(r.stderr).toMatch(/broken\.log:4: FORMAT_\w+ /);
    const plain = await run(["parse", join(dir, "auth.log")]);
    expect(JSON.parse(plain.stdout.split("\n")[0] as string).original).toBeUndefined();
    const missing = await run(["parse", join(dir, "nope.log")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.log/);
  });
});
