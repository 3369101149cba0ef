import { describe, expect, it } from "vitest";
import type { ParseOutcome, ParsedEvent } from "../parser.js";
import { parseAuditRecord } from "./auditd.js";
import { AUDITD_FORMAT, MAX_EVENT_RECORDS } from "./auditd-format.js";

const GS = "\x1d";
const AUDITD = { product: "linux", service: "auditd", categories: [] };

/** An execve of `chmod 777 /tmp/x` as auditd writes it with log_format=ENRICHED (Linux audit documentation's record layout). */
const EXECVE_EVENT = [
  `type=SYSCALL msg=audit(1700000000.123:4567): arch=c000003e syscall=59 success=yes exit=0 a0=55d0c0a0 a1=55d0c0b0 a2=55d0c0c0 a3=0 items=2 ppid=1000 pid=4242 auid=1000 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=pts0 ses=3 comm="chmod" exe="/usr/bin/chmod" subj=unconfined key="perm_mod"${GS}ARCH=x86_64 SYSCALL=execve AUID="alice" UID="root" GID="root" EUID="root"`,
  'type=EXECVE msg=audit(1700000000.123:4567): argc=3 a0="chmod" a1="777" a2="/tmp/x"',
  'type=CWD msg=audit(1700000000.123:4567): cwd="/tmp"',
  'type=PATH msg=audit(1700000000.123:4567): item=0 name="/usr/bin/chmod" inode=1234 dev=fd:00 mode=0100755 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0',
  'type=PATH msg=audit(1700000000.123:4567): item=1 name="/lib64/ld-linux-x86-64.so.2" inode=99 dev=fd:00 mode=0100755 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL',
  "type=PROCTITLE msg=audit(1700000000.123:4567): proctitle=63686D6F6400373737002F746D702F78",
  "type=EOE msg=audit(1700000000.123:4567): ",
];

function outcomes(text: string): ParseOutcome[] {
  return [...AUDITD_FORMAT.parseText(text, { source: "audit.log" })];
}

function allEvents(text: string): ParsedEvent[] {
  return outcomes(text).flatMap((o) => (o.ok ? [...o.events] : []));
}

describe("auditd records", () => {
  it("reads the header (node, type, time, serial) and quoted, bare and hex values", () => {
    const r = parseAuditRecord(
      "node=web01 type=PATH msg=audit(1364481363.243:24287): item=0 name=2F746D702F6D792066696C65 objtype=NORMAL",
    );
    expect(r.ok && r.record).toMatchObject({
      node: "web01",
      type: "PATH",
      time: 1364481363243,
      serial: "24287",
      fields: { item: "0", name: "/tmp/my file", objtype: "NORMAL" },
    });
  });

  it("leaves (null) out, joins aN[i] pieces, decodes hex arguments and splits several keys", () => {
    const r = parseAuditRecord(
      'type=EXECVE msg=audit(1.5:9): argc=3 a0="bash" a1_len=10 a1[0]=3031323334 a1[1]=3536373839 a2=6563686F2022686922',
    );
    expect(r.ok && r.record.fields).toMatchObject({ a0: "bash", a1: "0123456789", a2: 'echo "hi"' });
    const s = parseAuditRecord('type=SYSCALL msg=audit(1.5:9): syscall=2 a0=7fffd19c5592 key=(null) comm="cat"');
    expect(s.ok && s.record.fields.key).toBeUndefined();
    // SYSCALL's a0..a3 are numbers in hex, not text: they stay as written.
    expect(s.ok && s.record.fields.a0).toBe("7fffd19c5592");
    const k = parseAuditRecord("type=SYSCALL msg=audit(1.5:9): syscall=2 key=6B31016B32");
    expect(k.ok && k.record.fields.key).toBe("k1,k2");
  });

  it("lifts a USER_* record's msg='...' pairs and keeps the enriched upper-case values", () => {
    const r = parseAuditRecord(
      `type=USER_LOGIN msg=audit(1700000100.000:5000): pid=1234 uid=0 auid=1000 ses=5 msg='op=login id=1000 exe="/usr/sbin/sshd" hostname=203.0.113.9 addr=203.0.113.9 terminal=/dev/pts/1 res=success'${GS}UID="root" AUID="alice" ID="alice"`,
    );
    expect(r.ok && r.record.fields).toMatchObject({
      pid: "1234",
      op: "login",
      exe: "/usr/sbin/sshd",
      addr: "203.0.113.9",
      res: "success",
      UID: "root",
      AUID: "alice",
    });
  });

  it("refuses a text that is not an audit record and one with too many pairs", () => {
    expect(parseAuditRecord("type=SYSCALL arch=c000003e").ok).toBe(false);
    const many = Array.from({ length: 1100 }, (_, i) => `k${i}=1`).join(" ");
    const r = parseAuditRecord(`type=SYSCALL msg=audit(1.5:9): ${many}`);
    expect(!r.ok && r.limit).toBe(true);
  });
});

describe("the auditd format", () => {
  it("joins the records of one serial into one event when EOE arrives, on the EOE's outcome", () => {
    const out = outcomes(EXECVE_EVENT.join("\n"));
    expect(out).toHaveLength(7);
    expect(out.slice(0, 6).every((o) => o.ok && o.events.length === 0)).toBe(true);
    const last = out[6]!;
    expect(last.ok && last.line).toBe(7);
    const e = last.ok ? last.events[0]! : undefined;
    expect(e?.event.logsource).toEqual(AUDITD);
    expect(e?.event.timestamp).toBe("2023-11-14T22:13:20.123Z");
    expect(e?.fields).toMatchObject({
      type: ["SYSCALL", "EXECVE", "CWD", "PATH", "PROCTITLE"],
      syscall: "59",
      SYSCALL: "execve",
      exe: "/usr/bin/chmod",
      comm: "chmod",
      key: "perm_mod",
      a0: ["55d0c0a0", "chmod"],
      a1: ["55d0c0b0", "777"],
      cwd: "/tmp",
      name: ["/usr/bin/chmod", "/lib64/ld-linux-x86-64.so.2"],
      nametype: "NORMAL",
      proctitle: "chmod 777 /tmp/x",
      UID: "root",
      serial: "4567",
    });
    expect(e?.ecs).toMatchObject({
      "process.executable": "/usr/bin/chmod",
      "process.name": "chmod",
      "process.pid": 4242,
      "process.parent.pid": 1000,
      "process.command_line": "chmod 777 /tmp/x",
      "process.working_directory": "/tmp",
      "user.id": "0",
      "user.name": "root",
      "event.action": "execve",
      "event.outcome": "success",
    });
    expect(e?.ecs["file.path"]).toBeUndefined();
    expect(e?.event.doc.get("type")).toContain("PATH");
    expect(String(e?.event.raw).split("\n")).toHaveLength(6);
  });

  it("gives a standalone record (USER_LOGIN, ADD_USER) its event at once", () => {
    const out = outcomes(
      [
        "type=ADD_USER msg=audit(1700000200.000:5001): pid=2001 uid=0 auid=1000 ses=5 msg='op=add-user id=1001 exe=\"/usr/sbin/useradd\" hostname=web01 addr=? terminal=pts/0 res=success'",
        'type=USER_LOGIN msg=audit(1700000100.000:5000): pid=1234 uid=0 auid=1000 ses=5 msg=\'op=login acct="alice" exe="/usr/sbin/sshd" hostname=? addr=203.0.113.9 terminal=/dev/pts/1 res=failed\'',
      ].join("\n"),
    );
    const add = out[0]!.ok ? out[0]!.events[0] : undefined;
    expect(add?.fields).toMatchObject({ type: "ADD_USER", op: "add-user", id: "1001", exe: "/usr/sbin/useradd" });
    expect(add?.ecs).toMatchObject({ "event.action": "add_user", "event.outcome": "success" });
    expect(add?.ecs["source.ip"]).toBeUndefined();
    const login = out[1]!.ok ? out[1]!.events[0] : undefined;
    expect(login?.ecs).toMatchObject({ "source.ip": "203.0.113.9", "user.name": "alice", "event.outcome": "failure" });
  });

  it("flushes what is pending when the text ends without EOE, on the last line's outcome", () => {
    const out = outcomes(EXECVE_EVENT.slice(0, 3).join("\n"));
    expect(out.map((o) => (o.ok ? o.events.length : -1))).toEqual([0, 0, 1]);
    const e = out[2]!.ok ? out[2]!.events[0] : undefined;
    expect(e?.fields.type).toEqual(["SYSCALL", "EXECVE", "CWD"]);
  });

  it("keeps interleaved serials apart", () => {
    const a = (t: string, s: number, body: string) => `type=${t} msg=audit(1700000000.000:${s}): ${body}`;
    const events = allEvents(
      [
        a("SYSCALL", 1, 'syscall=59 comm="id" exe="/usr/bin/id"'),
        a("SYSCALL", 2, 'syscall=59 comm="ls" exe="/usr/bin/ls"'),
        a("EXECVE", 2, 'argc=1 a0="ls"'),
        a("EXECVE", 1, 'argc=1 a0="id"'),
        a("EOE", 2, ""),
        a("EOE", 1, ""),
      ].join("\n"),
    );
    expect(events.map((e) => [e.fields.serial, e.fields.comm, e.ecs["process.command_line"]])).toEqual([
      ["2", "ls", "ls"],
      ["1", "id", "id"],
    ]);
  });

  it("refuses a malformed line and goes on; reads node= and syslog-carried records", () => {
    const out = outcomes(
      [
        "type=SYSCALL this is not audit",
        'node=web01 type=SERVICE_STOP msg=audit(1700000300.000:6000): pid=1 uid=0 msg=\'unit=firewalld comm="systemd" exe="/usr/lib/systemd/systemd" res=success\'',
        "Nov 29 10:00:00 web01 audisp-syslog: type=SERVICE_START msg=audit(1700000301.000:6001): pid=1 msg='unit=sshd res=success'",
      ].join("\n"),
    );
    expect(!out[0]!.ok && out[0]!.issues[0]).toMatchObject({
      code: "FORMAT_BAD_HEADER",
      place: { file: "audit.log", line: 1 },
    });
    const stop = out[1]!.ok ? out[1]!.events[0] : undefined;
    expect(stop?.fields).toMatchObject({ type: "SERVICE_STOP", unit: "firewalld", node: "web01" });
    expect(stop?.ecs["host.name"]).toBe("web01");
    const start = out[2]!.ok ? out[2]!.events[0] : undefined;
    expect(start?.fields).toMatchObject({ type: "SERVICE_START", unit: "sshd" });
  });

  it("still gives unfinished events when the text ends on a refused line", () => {
    const out = outcomes(`${EXECVE_EVENT.slice(0, 2).join("\n")}\ngarbage`);
    expect(out.map((o) => o.ok)).toEqual([true, true, false, true]);
    const tail = out[3]!;
    expect(tail.ok && tail.line).toBe(2);
    expect(tail.ok && tail.events[0]?.fields.type).toEqual(["SYSCALL", "EXECVE"]);
  });

  it("reads the (null) of a PATH name as absent, so the event has no name", () => {
    const [e] = allEvents(
      'type=SYSCALL msg=audit(1.0:3): syscall=2 comm="x"\ntype=PATH msg=audit(1.0:3): item=0 name=(null) nametype=UNKNOWN\ntype=EOE msg=audit(1.0:3):',
    );
    expect(e?.fields.name).toBeUndefined();
    expect(e?.fields.nametype).toBe("UNKNOWN");
  });

  it("gives out an event of more than MAX_EVENT_RECORDS records in parts, so no event grows without bound", () => {
    const lines = Array.from(
      { length: MAX_EVENT_RECORDS + 44 },
      (_, i) => `type=PATH msg=audit(1.0:5): item=${i} name="/tmp/f${i}" nametype=CREATE`,
    );
    const events = allEvents(["type=SYSCALL msg=audit(1.0:5): syscall=2", ...lines].join("\n"));
    expect(events.map((e) => (e.fields.name as string[]).length)).toEqual([MAX_EVENT_RECORDS - 1, 45]);
  });

  it("reads the records the kernel prints itself (type numbers, no msg=) from a kernel log line", () => {
    const out = outcomes(
      'Nov 29 10:00:00 web01 kernel: [ 1234.567890] audit: type=1400 audit(1700000000.250:88): apparmor="DENIED" operation="open" profile="/usr/sbin/cupsd" name="/etc/shadow" pid=812 comm="cupsd" requested_mask="r" denied_mask="r" fsuid=0 ouid=0',
    );
    const e = out[0]!.ok ? out[0]!.events[0] : undefined;
    expect(e?.fields).toMatchObject({ type: "AVC", apparmor: "DENIED", name: "/etc/shadow", comm: "cupsd" });
    expect(e?.event.timestamp).toBe("2023-11-14T22:13:20.250Z");
    expect(parseAuditRecord("audit: type=1131 audit(1.0:2): pid=1 msg='unit=ufw res=success'")).toMatchObject({
      ok: true,
      record: { type: "SERVICE_STOP", fields: { unit: "ufw" } },
    });
    expect(parseAuditRecord("audit: type=9999 audit(1.0:2): x=1")).toMatchObject({ record: { type: "UNKNOWN[9999]" } });
  });
});
