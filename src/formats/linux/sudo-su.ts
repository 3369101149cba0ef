import { type AuthDetails, authDetails, putAction, putUser } from "./auth-details.js";

const SUDO_HEAD = /^\s{0,16}(\S{1,256}) : /;
const KEY = /^[A-Z_]{2,16}=/;

/**
 * What a sudo message says: `alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/bin/ls`,
 * with an optional reason first (`3 incorrect password attempts`, `user NOT in sudoers`,
 * `command not allowed`). The keys keep sudo's upper-case names (USER, TTY, PWD, COMMAND),
 * which Sigma's sudo rules use; everything after `COMMAND=` is the command, `;` included.
 */
export function sudoDetails(msg: string): AuthDetails | undefined {
  const head = SUDO_HEAD.exec(msg);
  if (!head) return undefined;
  const d = authDetails();
  putUser(d, "user", head[1], "user.name");
  let rest = msg.slice(head[0].length);
  const command = rest.indexOf("COMMAND=");
  if (command !== -1) {
    d.fields.COMMAND = rest.slice(command + 8);
    rest = rest.slice(0, command);
  }
  const reasons: string[] = [];
  for (const part of rest.split(" ; ")) {
    const p = part.trim();
    if (p === "") continue;
    if (KEY.test(p)) {
      const eq = p.indexOf("=");
      d.fields[p.slice(0, eq)] = p.slice(eq + 1);
    } else reasons.push(p);
  }
  if (typeof d.fields.USER === "string") putUser(d, "USER", d.fields.USER, "user.target.name");
  const reason = reasons.join("; ");
  if (reason === "") {
    putAction(d, "sudo_command", "success", "process");
    return d;
  }
  d.fields.reason = reason;
  const attempts = /^(\d{1,6}) incorrect password attempts?/.exec(reason);
  if (attempts) d.fields.incorrect_attempts = Number(attempts[1]);
  const action = attempts
    ? "sudo_auth_failure"
    : /NOT in sudoers/i.test(reason)
      ? "sudo_not_in_sudoers"
      : /command not allowed/i.test(reason)
        ? "sudo_command_not_allowed"
        : "sudo_command";
  putAction(d, action, "failure", action === "sudo_auth_failure" ? "authentication" : "process");
  return d;
}

const SU_TO = /^(FAILED SU )?\(to (\S{1,256})\) (\S{1,256}) on (\S{1,64})/;
const SU_QUOTED = /^'su (\S{1,256})' (failed|succeeded) for (\S{1,256}) on (\S{1,64})/;
const SU_WORDS = /^(Successful|FAILED) su for (\S{1,256}) by (\S{1,256})/;
const SU_SIGN = /^([+-]) (\S{1,64}) ([^\s:]{1,256}):(\S{1,256})$/;

function su(d: AuthDetails, ok: boolean, from: string | undefined, to: string | undefined, tty?: string): AuthDetails {
  putUser(d, "user", from, "user.name");
  putUser(d, "target_user", to, "user.target.name");
  if (tty !== undefined) d.fields.tty = tty;
  putAction(d, "su", ok ? "success" : "failure", "authentication");
  return d;
}

/**
 * What su says of a switch of user, in the forms util-linux, shadow and BSD su write:
 * `(to root) alice on pts/0`, `FAILED SU (to root) alice on pts/0`, `'su root' failed for lonvick
 * on /dev/pts/8` (RFC 3164's example), `Successful su for root by alice`, `+ pts/0 alice:root`.
 */
export function suDetails(msg: string): AuthDetails | undefined {
  const d = authDetails();
  let m = SU_TO.exec(msg);
  if (m) return su(d, m[1] === undefined, m[3], m[2], m[4]);
  if ((m = SU_QUOTED.exec(msg))) return su(d, m[2] === "succeeded", m[3], m[1], m[4]);
  if ((m = SU_WORDS.exec(msg))) return su(d, m[1] === "Successful", m[3], m[2]);
  if ((m = SU_SIGN.exec(msg))) return su(d, m[1] === "+", m[3], m[4], m[2]);
  return undefined;
}
