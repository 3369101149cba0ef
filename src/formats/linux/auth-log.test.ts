import { describe, expect, it } from "vitest";
import type { ParsedEvent } from "../parser.js";
import { LINUX_AUTH_FORMAT } from "./auth-log.js";

const NOW = Date.UTC(2026, 10, 29, 12, 0, 0);

function one(program: string, msg: string): ParsedEvent {
  const line = `Nov 29 10:00:00 web01 ${program}: ${msg}`;
  const [o] = [...LINUX_AUTH_FORMAT.parseText(line, { now: NOW, source: "auth.log" })];
  if (!o?.ok) throw new Error(o ? o.issues.map((i) => i.message).join("; ") : "no outcome");
  const e = o.events[0] as ParsedEvent;
  expect(e.event.timestamp).toBe("2026-11-29T10:00:00.000Z");
  expect(e.ecs["host.name"]).toBe("web01");
  expect(e.fields.msg).toBe(msg);
  return e;
}

const SSHD = { product: "linux", service: "sshd", categories: [] };
const SUDO = { product: "linux", service: "sudo", categories: [] };
const AUTH = { product: "linux", service: "auth", categories: [] };

describe("linux auth.log: sshd", () => {
  it.each([
    [
      "Accepted password for alice from 203.0.113.9 port 51122 ssh2",
      {
        "user.name": "alice",
        "source.ip": "203.0.113.9",
        "source.port": 51122,
        "event.action": "ssh_login",
        "event.outcome": "success",
      },
      { method: "password" },
    ],
    [
      "Accepted publickey for alice from 2001:db8::5 port 40022 ssh2: ED25519 SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s",
      {
        "user.name": "alice",
        "source.ip": "2001:db8::5",
        "event.outcome": "success",
        "event.category": "authentication",
      },
      { method: "publickey" },
    ],
    [
      "Failed password for root from 203.0.113.5 port 4242 ssh2",
      {
        "user.name": "root",
        "source.ip": "203.0.113.5",
        "source.port": 4242,
        "event.action": "ssh_login",
        "event.outcome": "failure",
      },
      { method: "password" },
    ],
    [
      "Failed password for invalid user admin from 203.0.113.5 port 4243 ssh2",
      { "user.name": "admin", "event.outcome": "failure" },
      { invalid_user: true },
    ],
    [
      "Invalid user oracle from 203.0.113.5 port 4244",
      {
        "user.name": "oracle",
        "source.ip": "203.0.113.5",
        "event.action": "ssh_invalid_user",
        "event.outcome": "failure",
      },
      { invalid_user: true },
    ],
    [
      "Connection closed by authenticating user root 203.0.113.5 port 4245 [preauth]",
      { "user.name": "root", "source.port": 4245, "event.action": "ssh_connection_closed" },
      {},
    ],
    [
      "Disconnected from user alice 203.0.113.9 port 51122",
      { "user.name": "alice", "source.ip": "203.0.113.9", "event.action": "ssh_disconnected" },
      {},
    ],
    [
      "pam_unix(sshd:session): session opened for user alice(uid=1000) by (uid=0)",
      { "user.name": "alice", "event.action": "session_opened", "event.category": "session" },
      { pam_service: "sshd" },
    ],
    [
      "pam_unix(sshd:session): session closed for user alice",
      { "user.name": "alice", "event.action": "session_closed" },
      {},
    ],
  ])("reads %s", (msg, ecs, fields) => {
    const e = one("sshd[1234]", msg);
    expect(e.event.logsource).toEqual(SSHD);
    expect(e.ecs).toMatchObject({ ...ecs, "process.name": "sshd", "process.pid": 1234 });
    expect(e.fields).toMatchObject(fields);
  });

  it("leaves the outcome out where the message does not tell it", () => {
    expect(
      one("sshd[1]", "Connection closed by authenticating user root 203.0.113.5 port 4245 [preauth]").ecs[
        "event.outcome"
      ],
    ).toBeUndefined();
  });

  it("keeps an unknown sshd message readable as msg and message, for keyword rules", () => {
    const e = one("sshd[9]", "error: buffer_get_ret: trying to get more bytes 1907 than in buffer 308 [preauth]");
    expect(e.event.logsource).toEqual(SSHD);
    expect(e.ecs.message).toBe("error: buffer_get_ret: trying to get more bytes 1907 than in buffer 308 [preauth]");
    expect(e.ecs["event.action"]).toBeUndefined();
  });

  it("reads OpenSSH 9.8's sshd-session like sshd", () => {
    expect(one("sshd-session[77]", "Accepted password for a from 10.0.0.1 port 1 ssh2").event.logsource).toEqual(SSHD);
  });
});

describe("linux auth.log: sudo and su", () => {
  it("reads a sudo command under sudo's own names (USER, TTY, PWD, COMMAND)", () => {
    const e = one("sudo", "   alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/apt update ; echo x");
    expect(e.event.logsource).toEqual(SUDO);
    expect(e.fields).toMatchObject({
      user: "alice",
      TTY: "pts/0",
      PWD: "/home/alice",
      USER: "root",
      COMMAND: "/usr/bin/apt update ; echo x",
    });
    expect(e.ecs).toMatchObject({
      "user.name": "alice",
      "user.target.name": "root",
      "event.action": "sudo_command",
      "event.outcome": "success",
    });
  });

  it("reads incorrect password attempts and NOT in sudoers as failures", () => {
    const bad = one(
      "sudo",
      "   alice : 3 incorrect password attempts ; TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/bin/bash",
    );
    expect(bad.fields).toMatchObject({
      incorrect_attempts: 3,
      reason: "3 incorrect password attempts",
      COMMAND: "/bin/bash",
    });
    expect(bad.ecs).toMatchObject({
      "event.action": "sudo_auth_failure",
      "event.outcome": "failure",
      "user.target.name": "root",
    });
    const denied = one(
      "sudo",
      "mallory : user NOT in sudoers ; TTY=pts/1 ; PWD=/tmp ; USER=root ; COMMAND=/bin/cat /etc/shadow",
    );
    expect(denied.ecs).toMatchObject({
      "user.name": "mallory",
      "event.action": "sudo_not_in_sudoers",
      "event.outcome": "failure",
    });
  });

  it("reads sudo's pam session and authentication failure", () => {
    const s = one("sudo", "pam_unix(sudo:session): session opened for user root(uid=0) by alice(uid=1000)");
    expect(s.event.logsource).toEqual(SUDO);
    expect(s.ecs).toMatchObject({ "user.name": "alice", "user.target.name": "root", "event.action": "session_opened" });
    const f = one(
      "sudo",
      "pam_unix(sudo:auth): authentication failure; logname=alice uid=1000 euid=0 tty=/dev/pts/0 ruser=alice rhost=  user=alice",
    );
    expect(f.ecs).toMatchObject({
      "user.name": "alice",
      "event.action": "authentication_failure",
      "event.outcome": "failure",
    });
  });

  it.each([
    ["(to root) alice on pts/0", "success"],
    ["FAILED SU (to root) alice on pts/0", "failure"],
    ["'su root' failed for alice on /dev/pts/8", "failure"],
    ["Successful su for root by alice", "success"],
    ["+ pts/0 alice:root", "success"],
    ["- pts/0 alice:root", "failure"],
  ])("reads su's %s", (msg, outcome) => {
    const e = one("su[999]", msg);
    expect(e.event.logsource).toEqual(AUTH);
    expect(e.ecs).toMatchObject({
      "user.name": "alice",
      "user.target.name": "root",
      "event.action": "su",
      "event.outcome": outcome,
    });
  });

  it("reads su's pam failure with the target user", () => {
    const e = one(
      "su[999]",
      "pam_unix(su:auth): authentication failure; logname=alice uid=1000 euid=0 tty=pts/0 ruser=alice rhost=  user=root",
    );
    expect(e.ecs).toMatchObject({ "user.name": "root", "event.outcome": "failure" });
    expect(e.fields.ruser).toBe("alice");
  });
});

describe("linux auth.log: accounts", () => {
  it("reads useradd's new user and new group", () => {
    const u = one(
      "useradd[2001]",
      "new user: name=bob, UID=1001, GID=1001, home=/home/bob, shell=/bin/bash, from=/dev/pts/0",
    );
    expect(u.event.logsource).toEqual(AUTH);
    expect(u.fields).toMatchObject({ name: "bob", UID: "1001", GID: "1001", home: "/home/bob", shell: "/bin/bash" });
    expect(u.ecs).toMatchObject({ "user.target.name": "bob", "event.action": "user_created", "event.category": "iam" });
    const g = one("groupadd[2004]", "group added to /etc/group: name=dev, GID=1002");
    expect(g.ecs).toMatchObject({ "group.name": "dev", "event.action": "group_created" });
  });

  it.each([
    [
      "usermod[2002]",
      "add 'bob' to group 'sudo'",
      "user_added_to_group",
      { "user.target.name": "bob", "group.name": "sudo" },
    ],
    ["usermod[2002]", "add 'bob' to shadow group 'sudo'", "user_added_to_group", { "group.name": "sudo" }],
    [
      "usermod[2002]",
      "change user 'bob' shell from '/bin/sh' to '/bin/bash'",
      "user_changed",
      { "user.target.name": "bob" },
    ],
    ["userdel[2003]", "delete user 'bob'", "user_deleted", { "user.target.name": "bob" }],
    ["groupdel[2006]", "group 'dev' removed", "group_deleted", { "group.name": "dev" }],
    [
      "passwd[2005]",
      "pam_unix(passwd:chauthtok): password changed for bob",
      "password_changed",
      { "user.target.name": "bob" },
    ],
    [
      "passwd[2005]",
      "password for 'bob' changed by 'root'",
      "password_changed",
      { "user.target.name": "bob", "user.name": "root" },
    ],
  ])("reads %s %s", (program, msg, action, ecs) => {
    const e = one(program, msg);
    expect(e.event.logsource).toEqual(AUTH);
    expect(e.ecs).toMatchObject({ ...ecs, "event.action": action });
  });
});

describe("linux auth.log: the file", () => {
  it("gives every line an auth event, other programs under service auth, and refuses a bad PRI", () => {
    const text = [
      "Nov 29 10:00:00 web01 CRON[5]: pam_unix(cron:session): session opened for user root(uid=0) by (uid=0)",
      "<999>Nov 29 10:00:00 web01 sshd[1]: x",
      "2026-11-29T10:00:01.123456+01:00 web01 sshd[1]: Accepted password for a from 10.0.0.1 port 22 ssh2",
    ].join("\n");
    const out = [...LINUX_AUTH_FORMAT.parseText(text, { now: NOW, source: "auth.log" })];
    expect(out.map((o) => o.ok)).toEqual([true, false, true]);
    const cron = out[0]!.ok ? out[0]!.events[0]! : undefined;
    expect(cron?.event.logsource).toEqual(AUTH);
    expect(cron?.ecs["event.action"]).toBe("session_opened");
    expect(!out[1]!.ok && out[1]!.issues[0]).toMatchObject({
      code: "FORMAT_BAD_HEADER",
      place: { file: "auth.log", line: 2 },
    });
    const iso = out[2]!.ok ? out[2]!.events[0]! : undefined;
    expect(iso?.event.timestamp).toBe("2026-11-29T09:00:01.123Z");
  });

  it("sniffs auth.log lines and not other syslog", () => {
    expect(
      LINUX_AUTH_FORMAT.sniff("Nov 29 10:00:00 web01 sshd[1]: Accepted password for a from 10.0.0.1 port 22 ssh2"),
    ).toBe(true);
    expect(LINUX_AUTH_FORMAT.sniff("2026-11-29T10:00:00.1+00:00 web01 sudo:  a : TTY=pts/0")).toBe(true);
    expect(LINUX_AUTH_FORMAT.sniff("Nov 29 10:00:00 web01 nginx[1]: GET /")).toBe(false);
  });
});
