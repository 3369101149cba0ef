import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { HAS_SHARED, SHARED } from "../../../test/support/shared.js";
import { createEngine } from "../../detect/index.js";
import { loadSigmaText } from "../../sigma/index.js";
import type { ParsedEvent } from "../parser.js";
import { parseSyslogMessage } from "../syslog/format.js";
import { LINUX_AUTH_FORMAT } from "./auth-log.js";
import { AUDITD_FORMAT } from "./auditd-format.js";

// Real rules of the Sigma repository, read in place from ../shared: they must fire on the events
// these parsers make of matching records, and stay quiet on benign ones.
const RULES = resolve(SHARED, "sigma");

function engineFor(...files: string[]) {
  const documents = files.flatMap((f) => {
    const loaded = loadSigmaText(readFileSync(resolve(RULES, f), "utf8"), f);
    expect(loaded.skipped).toEqual([]);
    return loaded.documents;
  });
  const engine = createEngine({ documents });
  expect(engine.skipped).toEqual([]);
  return engine;
}

function titlesFiring(engine: ReturnType<typeof createEngine>, events: readonly ParsedEvent[]): string[] {
  return events.flatMap((e) => engine.match(e.event).map((d) => d.rule.title)).sort();
}

function auditEvents(lines: readonly string[]): ParsedEvent[] {
  return [...AUDITD_FORMAT.parseText(lines.join("\n"))].flatMap((o) => (o.ok ? [...o.events] : []));
}

function execve(serial: number, exe: string, args: readonly string[], paths: readonly string[] = [exe]): string[] {
  const at = `msg=audit(1700000000.000:${serial}):`;
  return [
    `type=SYSCALL ${at} arch=c000003e syscall=59 success=yes exit=0 a0=1 a1=2 a2=3 a3=0 items=${paths.length} ppid=1 pid=${serial} uid=0 euid=0 comm="${exe.split("/").pop()}" exe="${exe}" key=(null)`,
    `type=EXECVE ${at} argc=${args.length} ${args.map((a, i) => `a${i}="${a}"`).join(" ")}`,
    `type=CWD ${at} cwd="/root"`,
    ...paths.map((p, i) => `type=PATH ${at} item=${i} name="${p}" nametype=NORMAL`),
    `type=EOE ${at}`,
  ];
}

describe.skipIf(!HAS_SHARED)("Sigma's linux rules on parsed events", () => {
  it("fires auditd rules (suspicious commands, ld.so.preload, account creation) on matching events only", () => {
    const engine = engineFor(
      "rules/linux/auditd/execve/lnx_auditd_susp_cmds.yml",
      "rules/linux/auditd/path/lnx_auditd_ld_so_preload_mod.yml",
      "rules/linux/auditd/syscall/lnx_auditd_create_account.yml",
    );
    const bad = auditEvents([
      ...execve(10, "/usr/bin/chmod", ["chmod", "777", "/tmp/x"]),
      ...execve(11, "/usr/bin/tee", ["tee", "-a", "/etc/ld.so.preload"], ["/usr/bin/tee", "/etc/ld.so.preload"]),
      "type=ADD_USER msg=audit(1700000001.000:12): pid=9 uid=0 auid=1000 msg='op=add-user id=1001 exe=\"/usr/sbin/useradd\" res=success'",
    ]);
    expect(bad).toHaveLength(3);
    expect(titlesFiring(engine, bad)).toEqual([
      "Creation Of An User Account",
      "Modification of ld.so.preload",
      "Suspicious Commands Linux",
    ]);
    const benign = auditEvents([
      ...execve(20, "/usr/bin/chmod", ["chmod", "644", "/tmp/x"]),
      ...execve(21, "/usr/bin/cat", ["cat", "/etc/hosts"], ["/usr/bin/cat", "/etc/hosts"]),
      "type=USER_LOGIN msg=audit(1700000002.000:22): pid=9 uid=0 msg='op=login acct=\"alice\" res=success'",
    ]);
    expect(titlesFiring(engine, benign)).toEqual([]);
  });

  it("fires auditd rules on records arriving one per syslog message when one record is enough", () => {
    const engine = engineFor("rules/linux/auditd/path/lnx_auditd_ld_so_preload_mod.yml");
    const r = parseSyslogMessage(
      '<14>Nov 29 10:00:00 h audisp-syslog: type=PATH msg=audit(1700000000.000:11): item=1 name="/etc/ld.so.preload" nametype=CREATE',
    );
    expect(r.ok && titlesFiring(engine, r.value)).toEqual(["Modification of ld.so.preload"]);
  });

  it("fires the sshd and sudo exploit rules (keywords over msg, sudo's USER field) on matching lines only", () => {
    const engine = engineFor(
      "rules-emerging-threats/2018/Exploits/CVE-2018-15473/lnx_sshd_exploit_cve_2018_15473.yml",
      "rules-emerging-threats/2019/Exploits/CVE-2019-14287/lnx_sudo_exploit_cve_2019_14287.yml",
      "rules-emerging-threats/2021/Exploits/CVE-2021-4034/lnx_auth_exploit_cve_2021_4034_pwnkit_lpe.yml",
    );
    const parse = (lines: string[]) =>
      [...LINUX_AUTH_FORMAT.parseText(lines.join("\n"), { now: Date.UTC(2026, 10, 29) })].flatMap((o) =>
        o.ok ? [...o.events] : [],
      );
    const bad = parse([
      "Nov 28 10:00:00 h sshd[7]: error: buffer_get_ret: trying to get more bytes 1907 than in buffer 308 [preauth]",
      "Nov 28 10:00:01 h sudo:    alice : TTY=pts/0 ; PWD=/home/alice ; USER=#-1 ; COMMAND=/bin/bash",
      "Nov 28 10:00:02 h pkexec[9]: alice: The value for environment variable XAUTHORITY contains suspicious content [USER=root] [TTY=/dev/pts/0] [CWD=/home/alice] [COMMAND=GCONV_PATH=./pwnkit.so:.]",
    ]);
    expect(titlesFiring(engine, bad)).toHaveLength(3);
    const benign = parse([
      "Nov 28 10:00:00 h sshd[7]: Accepted publickey for alice from 10.0.0.1 port 5000 ssh2",
      "Nov 28 10:00:01 h sudo:    alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/bin/bash",
      "Nov 28 10:00:02 h pkexec[9]: pam_unix(polkit-1:session): session opened for user root(uid=0) by alice(uid=1000)",
    ]);
    expect(titlesFiring(engine, benign)).toEqual([]);
  });
});
