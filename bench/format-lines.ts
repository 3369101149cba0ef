// Line templates of the text formats for the formats benchmark (syslog, CEF, LEEF, Linux auth,
// auditd), varied record by record.
import { T0, USERS, epoch, ip, iso, pick, port } from "./sample-values.js";

const SYSLOG_HOSTS = ["web01", "db02", "fw-edge", "mail"];
const bsdTime = (i: number) => {
  const d = new Date((T0 + i) * 1000);
  return `May ${String(d.getUTCDate()).padStart(2, " ")} ${d.toISOString().slice(11, 19)}`;
};

/** Line templates of the text formats, by the id their parsers are registered under. */
export const LINE_TEMPLATES: Readonly<Record<string, (i: number) => string>> = {
  syslog: (i) =>
    i % 2 === 0
      ? `<34>1 ${iso(i)} ${pick(SYSLOG_HOSTS, i)} sshd ${1000 + (i % 500)} ID47 [origin ip="${ip(i)}"] Failed password for ${pick(USERS, i)} from ${ip(i, 203)} port ${port(i)} ssh2`
      : `<13>${bsdTime(i)} ${pick(SYSLOG_HOSTS, i)} nginx[${800 + (i % 50)}]: ${ip(i)} - - "GET /p/${i} HTTP/1.1" 200 512`,
  cef: (i) =>
    `CEF:0|Security|threatmanager|1.0|${100 + (i % 20)}|worm successfully stopped|${i % 11}|src=${ip(i)} dst=${ip(i, 198)} spt=${port(i)} dpt=443 act=blocked suser=${pick(USERS, i)} msg=file\\=a.exe blocked rt=${(T0 + i) * 1000}`,
  leef: (i) =>
    i % 2 === 0
      ? `LEEF:1.0|Microsoft|MSExchange|2013 SP1|15345|src=${ip(i)}\tdst=${ip(i, 198)}\tsev=${i % 10}\tusrName=${pick(USERS, i)}\tdevTime=${iso(i)}`
      : `LEEF:2.0|Lancope|StealthWatch|1.0|41|^|src=${ip(i)}^dst=${ip(i, 198)}^sev=5^cat=anomaly^msg=unusual traffic`,
  "linux-auth": (i) =>
    [
      `${bsdTime(i)} ${pick(SYSLOG_HOSTS, i)} sshd[${2000 + (i % 900)}]: Failed password for invalid user ${pick(USERS, i)} from ${ip(i, 203)} port ${port(i)} ssh2`,
      `${bsdTime(i)} ${pick(SYSLOG_HOSTS, i)} sshd[${2000 + (i % 900)}]: Accepted publickey for ${pick(USERS, i)} from ${ip(i)} port ${port(i)} ssh2: RSA SHA256:abcdef`,
      `${bsdTime(i)} ${pick(SYSLOG_HOSTS, i)} sudo:    ${pick(USERS, i)} : TTY=pts/0 ; PWD=/home/${pick(USERS, i)} ; USER=root ; COMMAND=/usr/bin/id`,
    ][i % 3] as string,
  auditd: (i) => {
    const id = `${epoch(i).slice(0, -3)}:${4000 + i}`;
    return [
      `type=SYSCALL msg=audit(${id}): arch=c000003e syscall=59 success=yes exit=0 a0=55d a1=55e a2=55f a3=0 items=2 ppid=${1000 + (i % 300)} pid=${2000 + i} auid=1000 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=pts0 ses=3 comm="id" exe="/usr/bin/id" key="exec"`,
      `type=EXECVE msg=audit(${id}): argc=2 a0="id" a1="-u"`,
      `type=CWD msg=audit(${id}): cwd="/home/alice"`,
      `type=PATH msg=audit(${id}): item=0 name="/usr/bin/id" inode=1234 dev=08:01 mode=0100755 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL`,
      `type=PROCTITLE msg=audit(${id}): proctitle=6964002D75`,
      `type=EOE msg=audit(${id}):`,
    ].join("\n");
  },
};
