import { setField } from "../syslog/message.js";
import { type AuthDetails, authDetails, putAction, putUser } from "./auth-details.js";

/** `name=bob, UID=1001, GID=1001, home=/home/bob, shell=/bin/bash, from=/dev/pts/0` → its pairs. */
function pairs(text: string, d: AuthDetails): void {
  for (const part of text.split(", ", 32)) {
    const eq = part.indexOf("=");
    if (eq > 0 && eq < 32) setField(d.fields, part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
}

// shadow-utils messages (useradd, userdel, usermod, groupadd, groupdel, groupmod, passwd, gpasswd).
const PATTERNS: readonly (readonly [RegExp, string, "user" | "group" | "member"])[] = [
  [/^new user: (.{1,1024})$/, "user_created", "user"],
  [/^(?:new group|group added to \S{1,256}): (.{1,1024})$/, "group_created", "group"],
  [/^delete user '([^']{1,256})'/, "user_deleted", "user"],
  [/^(?:group '([^']{1,256})' removed|removed group '([^']{1,256})')/, "group_deleted", "group"],
  [/^(?:add|adding user) '([^']{1,256})' to (?:shadow )?group '([^']{1,256})'/, "user_added_to_group", "member"],
  [/^(?:delete|removed) '([^']{1,256})' from (?:shadow )?group '([^']{1,256})'/, "user_removed_from_group", "member"],
  [/^change user '([^']{1,256})' (.{1,256})$/, "user_changed", "user"],
  [/^(?:lock|unlock) user '([^']{1,256})' password/, "user_changed", "user"],
  [/^password for '([^']{1,256})' changed by '([^']{1,256})'/, "password_changed", "user"],
];

/**
 * What shadow-utils say of account changes: users and groups created or deleted, a user added
 * to or removed from a group, a user changed, a password changed. The account acted on is
 * `target_user` / `group` (ECS user.target.name, group.name); whoever acted, when the message
 * says it, is `user`.
 */
export function accountDetails(msg: string): AuthDetails | undefined {
  for (const [re, action, kind] of PATTERNS) {
    const m = re.exec(msg);
    if (!m) continue;
    const d = authDetails();
    if (action === "user_created" || action === "group_created") {
      pairs(m[1] as string, d);
      const name = typeof d.fields.name === "string" ? d.fields.name : undefined;
      if (kind === "user") putUser(d, "target_user", name, "user.target.name");
      else if (name !== undefined) d.ecs["group.name"] = name;
    } else if (kind === "member") {
      putUser(d, "target_user", m[1], "user.target.name");
      d.fields.group = m[2];
      d.ecs["group.name"] = m[2] as string;
    } else if (kind === "group") {
      const group = m[1] ?? m[2];
      if (group !== undefined) {
        d.fields.group = group;
        d.ecs["group.name"] = group;
      }
    } else {
      putUser(d, "target_user", m[1], "user.target.name");
      if (action === "user_changed" && m[2] !== undefined) d.fields.change = m[2];
      if (action === "password_changed") putUser(d, "user", m[2], "user.name");
    }
    putAction(d, action, "success", "iam");
    return d;
  }
  return undefined;
}
