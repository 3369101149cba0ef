import { type EcsFields, type FieldReader, presentText, putNumber, putText, putUser } from "./values.js";

/** The `Key = Value` lines of a PowerShell 4103 ContextInfo block. */
function contextInfo(v: unknown): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
  const text = presentText(v);
  if (text === undefined) return out;
  for (const line of text.split(/\r?\n/)) {
    const eq = line.indexOf(" = ");
    if (eq > 0) out.set(line.slice(0, eq).trim(), line.slice(eq + 3).trim());
  }
  return out;
}

/**
 * ECS entities of a PowerShell Operational event (4103 module logging, 4104 script block
 * logging). The event is written by the PowerShell host itself, so System's
 * Execution_ProcessID is that process and Security_UserID the account running it.
 */
export function powershellEntities(id: number, get: FieldReader, out: EcsFields): void {
  if (id !== 4103 && id !== 4104) return;
  putText(out, "event.category", "process");
  putText(out, "event.action", id === 4104 ? "execute-script-block" : "execute-pipeline");
  putNumber(out, "process.pid", get("Execution_ProcessID"));
  putText(out, "user.id", get("Security_UserID"));
  if (id === 4104) {
    putText(out, "file.path", get("Path"));
    return;
  }
  const info = contextInfo(get("ContextInfo"));
  putText(out, "process.command_line", info.get("Host Application"));
  putUser(out, "user", info.get("User"));
  putText(out, "file.path", info.get("Script Name"));
}
