import {
  baseName,
  type EcsFields,
  type FieldReader,
  presentText,
  putExecutable,
  putHashes,
  putIp,
  putNumber,
  putPort,
  putText,
  putUser,
} from "./values.js";

/** event.category and event.action of each Sysmon event id (Sysmon's event table). */
const KINDS: Readonly<Record<number, readonly [category: string | undefined, action: string]>> = {
  1: ["process", "process-created"],
  2: ["file", "file-creation-time-changed"],
  3: ["network", "network-connection"],
  5: ["process", "process-terminated"],
  6: ["driver", "driver-loaded"],
  7: ["library", "image-loaded"],
  8: ["process", "remote-thread-created"],
  9: ["file", "raw-access-read"],
  10: ["process", "process-accessed"],
  11: ["file", "file-created"],
  12: ["registry", "registry-object-added-or-deleted"],
  13: ["registry", "registry-value-set"],
  14: ["registry", "registry-key-renamed"],
  15: ["file", "file-stream-created"],
  17: [undefined, "pipe-created"],
  18: [undefined, "pipe-connected"],
  22: ["network", "dns-query"],
  23: ["file", "file-deleted"],
  24: [undefined, "clipboard-changed"],
  25: ["process", "process-tampering"],
  26: ["file", "file-delete-detected"],
  27: ["file", "file-block-executable"],
  28: ["file", "file-block-shredding"],
  29: ["file", "file-executable-detected"],
};

const FILE_EVENTS = new Set([2, 9, 11, 15, 23, 26, 27, 28, 29]);

/**
 * ECS entities of a Sysmon event, from its EventData names. The acting process is `Image`
 * (`SourceImage` for 8 and 10), the file is `TargetFilename` (`ImageLoaded` for 6 and 7).
 */
export function sysmonEntities(id: number, get: FieldReader, out: EcsFields): void {
  const kind = KINDS[id];
  if (kind !== undefined) {
    putText(out, "event.category", kind[0]);
    putText(out, "event.action", kind[1]);
  }
  if (id === 8 || id === 10) {
    putExecutable(out, "process", get("SourceImage"));
    putNumber(out, "process.pid", get("SourceProcessId"));
    putUser(out, "user", get("SourceUser"));
    return;
  }
  putExecutable(out, "process", get("Image"));
  putNumber(out, "process.pid", get("ProcessId"));
  putUser(out, "user", get("User"));
  if (id === 1) {
    putText(out, "process.command_line", get("CommandLine"));
    putExecutable(out, "process.parent", get("ParentImage"));
    putText(out, "process.parent.command_line", get("ParentCommandLine"));
    putNumber(out, "process.parent.pid", get("ParentProcessId"));
    putHashes(out, "process", get("Hashes"));
  } else if (id === 3) {
    putIp(out, "source.ip", get("SourceIp"));
    putPort(out, "source.port", get("SourcePort"));
    putIp(out, "destination.ip", get("DestinationIp"));
    putPort(out, "destination.port", get("DestinationPort"));
    putText(out, "destination.domain", get("DestinationHostname"));
    const protocol = presentText(get("Protocol"));
    if (protocol !== undefined) putText(out, "network.transport", protocol.toLowerCase());
  } else if (id === 6 || id === 7) {
    putFile(out, get("ImageLoaded"));
    putHashes(out, "file", get("Hashes"));
  } else if (FILE_EVENTS.has(id)) {
    putFile(out, get("TargetFilename"));
    putHashes(out, "file", get("Hashes"));
  } else if (id === 12 || id === 13 || id === 14) {
    const target = presentText(get("TargetObject"));
    putText(out, "registry.path", target);
    const type = presentText(get("EventType")) ?? "";
    // 13 and value deletions name a value as the last segment of TargetObject; keys have none.
    if (target !== undefined && (id === 13 || /value/i.test(type))) putText(out, "registry.value", baseName(target));
    if (id === 13) putText(out, "registry.data.strings", get("Details"));
  } else if (id === 22) {
    putText(out, "dns.question.name", get("QueryName"));
  }
}

function putFile(out: EcsFields, v: unknown): void {
  const path = presentText(v);
  if (path === undefined) return;
  putText(out, "file.path", path);
  putText(out, "file.name", baseName(path));
}
