import { type AuthDetails, authDetails, putAction, putSource, putUser } from "./auth-details.js";

const OPENED =
  /^pam_unix\(([^):\s]{1,64}):[a-z]{1,16}\): session opened for user ([^\s(]{1,256})(?:\(uid=\d{1,10}\))?(?: by ([^\s(]{0,256})\(uid=(\d{1,10})\))?/;
const CLOSED = /^pam_unix\(([^):\s]{1,64}):[a-z]{1,16}\): session closed for user ([^\s(]{1,256})/;
const AUTH_FAILURE = /^pam_unix\(([^):\s]{1,64}):[a-z]{1,16}\): authentication failure;(.{0,2048})$/;
const PASSWORD_CHANGED = /^pam_unix\(([^):\s]{1,64}):[a-z]{1,16}\): password changed for (\S{1,256})/;

/** `key=value` words of a pam_unix failure (`logname= uid=0 euid=0 tty=ssh ruser= rhost=10.0.0.5 user=root`). */
function words(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const word of text.trim().split(/\s+/)) {
    const eq = word.indexOf("=");
    if (eq > 0) out[word.slice(0, eq)] = word.slice(eq + 1);
  }
  return out;
}

/**
 * What a pam_unix message says (any program: sshd, sudo, su, login, cron): session opened or
 * closed for a user (by whom, when another user opened it), an authentication failure with its
 * remote host and user, a password changed. Undefined for other messages.
 */
export function pamDetails(msg: string): AuthDetails | undefined {
  const d = authDetails();
  let m = OPENED.exec(msg);
  if (m) {
    d.fields.pam_service = m[1];
    const by = m[3];
    if (by !== undefined && by !== "" && by !== m[2]) {
      putUser(d, "user", by, "user.name");
      putUser(d, "target_user", m[2], "user.target.name");
    } else putUser(d, "user", m[2], "user.name");
    putAction(d, "session_opened", "success", "session");
    return d;
  }
  if ((m = CLOSED.exec(msg))) {
    d.fields.pam_service = m[1];
    putUser(d, "user", m[2], "user.name");
    putAction(d, "session_closed", undefined, "session");
    return d;
  }
  if ((m = AUTH_FAILURE.exec(msg))) {
    d.fields.pam_service = m[1];
    const w = words(m[2] as string);
    putUser(d, "user", w.user, "user.name");
    if (w.ruser) d.fields.ruser = w.ruser;
    if (w.tty) d.fields.tty = w.tty;
    if (w.rhost) putSource(d, w.rhost);
    putAction(d, "authentication_failure", "failure", "authentication");
    return d;
  }
  if ((m = PASSWORD_CHANGED.exec(msg))) {
    d.fields.pam_service = m[1];
    putUser(d, "target_user", m[2], "user.target.name");
    putAction(d, "password_changed", "success", "iam");
    return d;
  }
  return undefined;
}
