import { type AuthDetails, authDetails, putAction, putSource, putUser } from "./auth-details.js";

// OpenSSH's auth.c and sshd.c messages (OpenSSH 7 to 9); every quantifier is bounded or on a
// class that cannot overlap what follows it, so no input makes them backtrack.
const ACCEPTED = /^Accepted (\S{1,64}) for (\S{1,256}) from (\S{1,64}) port (\d{1,5})/;
const FAILED = /^Failed (\S{1,64}) for (invalid user )?(\S{0,256}) from (\S{1,64}) port (\d{1,5})/;
const INVALID = /^Invalid user (\S{0,256}) from (\S{1,64})(?: port (\d{1,5}))?/;
const CLOSED = /^Connection closed by (?:(authenticating|invalid) user (\S{0,256}) )?(\S{1,64}) port (\d{1,5})/;
const DISCONNECTED =
  /^Disconnected from (?:(authenticating|invalid) user (\S{0,256}) |user (\S{1,256}) )?(\S{1,64}) port (\d{1,5})/;
const RECEIVED_DISCONNECT = /^Received disconnect from (\S{1,64}) port (\d{1,5})/;
const MAX_AUTH =
  /^(?:error: )?maximum authentication attempts exceeded for (invalid user )?(\S{0,256}) from (\S{1,64}) port (\d{1,5})/;

/**
 * What an sshd message says: logins accepted or failed (with the method), invalid users,
 * connections closed or disconnected before or after authentication, too many attempts.
 * Undefined for messages it does not know (they stay readable through `msg`).
 */
export function sshdDetails(msg: string): AuthDetails | undefined {
  const d = authDetails();
  let m = ACCEPTED.exec(msg);
  if (m) {
    d.fields.method = m[1];
    putUser(d, "user", m[2], "user.name");
    putSource(d, m[3], m[4]);
    putAction(d, "ssh_login", "success", "authentication");
    return d;
  }
  if ((m = FAILED.exec(msg))) {
    d.fields.method = m[1];
    if (m[2] !== undefined) d.fields.invalid_user = true;
    putUser(d, "user", m[3], "user.name");
    putSource(d, m[4], m[5]);
    putAction(d, "ssh_login", "failure", "authentication");
    return d;
  }
  if ((m = INVALID.exec(msg))) {
    d.fields.invalid_user = true;
    putUser(d, "user", m[1], "user.name");
    putSource(d, m[2], m[3]);
    putAction(d, "ssh_invalid_user", "failure", "authentication");
    return d;
  }
  if ((m = MAX_AUTH.exec(msg))) {
    if (m[1] !== undefined) d.fields.invalid_user = true;
    putUser(d, "user", m[2], "user.name");
    putSource(d, m[3], m[4]);
    putAction(d, "ssh_max_auth_attempts", "failure", "authentication");
    return d;
  }
  if ((m = CLOSED.exec(msg))) {
    if (m[1] === "invalid") d.fields.invalid_user = true;
    putUser(d, "user", m[2], "user.name");
    putSource(d, m[3], m[4]);
    // Closed by the client while authenticating: neither a success nor, for sure, a failure.
    putAction(d, "ssh_connection_closed", undefined, "authentication");
    return d;
  }
  if ((m = DISCONNECTED.exec(msg))) {
    if (m[1] === "invalid") d.fields.invalid_user = true;
    putUser(d, "user", m[2] ?? m[3], "user.name");
    putSource(d, m[4], m[5]);
    putAction(d, "ssh_disconnected", undefined, "session");
    return d;
  }
  if ((m = RECEIVED_DISCONNECT.exec(msg))) {
    putSource(d, m[1], m[2]);
    putAction(d, "ssh_disconnected", undefined, "session");
    return d;
  }
  return undefined;
}
