import {
  type EcsFields,
  type FieldReader,
  presentText,
  putExecutable,
  putIp,
  putNumber,
  putPort,
  putText,
  putUser,
} from "./values.js";

/** event.category and event.action of the Security audit events mapped here. */
const KINDS: Readonly<Record<number, readonly [category: string, action: string]>> = {
  1102: ["iam", "audit-log-cleared"],
  4624: ["authentication", "logged-in"],
  4625: ["authentication", "logon-failed"],
  4634: ["authentication", "logged-out"],
  4648: ["authentication", "logged-in-explicit"],
  4672: ["iam", "logged-in-special"],
  4688: ["process", "created-process"],
  4697: ["configuration", "service-installed"],
  4698: ["configuration", "scheduled-task-created"],
  4720: ["iam", "added-user-account"],
  4726: ["iam", "deleted-user-account"],
  4732: ["iam", "added-member-to-group"],
  4768: ["authentication", "kerberos-authentication-ticket-requested"],
  4769: ["authentication", "kerberos-service-ticket-requested"],
  4771: ["authentication", "kerberos-preauth-failed"],
  4776: ["authentication", "credential-validated"],
  5140: ["network", "network-share-object-accessed"],
  5145: ["network", "network-share-object-access-checked"],
  5156: ["network", "network-connection-permitted"],
};

// Events whose outcome is fixed by their id; 4768/4769/4776 carry a status instead.
const FIXED_OUTCOME: Readonly<Record<number, "success" | "failure">> = {
  4624: "success",
  4625: "failure",
  4634: "success",
  4648: "success",
  4771: "failure",
  5156: "success",
};

// Subject* is the account acting; Target* the account acted upon or logging on.
const SUBJECT_ACTS = new Set([1102, 4648, 4672, 4688, 4697, 4698, 4720, 4726, 4732, 5140, 5145]);

// IANA protocol numbers of the Windows Filtering Platform events (5156).
const TRANSPORT: Readonly<Record<string, string>> = { "1": "icmp", "6": "tcp", "17": "udp", "58": "ipv6-icmp" };

function outcome(id: number, get: FieldReader, keywords: unknown): "success" | "failure" | undefined {
  const fixed = FIXED_OUTCOME[id];
  if (fixed !== undefined) return fixed;
  if (id === 4768 || id === 4769 || id === 4776) {
    // Status (ResultCode in some renderings) is 0x0 when the request succeeded.
    const status = presentText(get("Status")) ?? presentText(get("ResultCode"));
    if (status !== undefined) return /^(0x0+|0)$/i.test(status) ? "success" : "failure";
  }
  // Audit keywords: bit 0x0020000000000000 is Audit Success, 0x0010000000000000 Audit Failure.
  const k = presentText(keywords);
  if (k !== undefined && /^0x[0-9a-f]{16}$/i.test(k)) {
    const high = Number.parseInt(k.slice(2, 6), 16);
    if (high & 0x0020) return "success";
    if (high & 0x0010) return "failure";
  }
  return undefined;
}

/** ECS entities of a Security audit event, from its EventData (or UserData for 1102) names. */
export function securityEntities(id: number, get: FieldReader, out: EcsFields): void {
  const kind = KINDS[id];
  if (kind !== undefined) {
    putText(out, "event.category", kind[0]);
    putText(out, "event.action", kind[1]);
  }
  putText(out, "event.outcome", outcome(id, get, get("Keywords")));
  if (SUBJECT_ACTS.has(id)) {
    putUser(out, "user", get("SubjectUserName"), get("SubjectDomainName"));
    // For 4732 TargetUserName names the group; the member is given by SID and DN only.
    if (id !== 4732) putUser(out, "user.target", get("TargetUserName"), get("TargetDomainName"));
  } else {
    putUser(out, "user", get("TargetUserName"), get("TargetDomainName"));
  }
  putIp(out, "source.ip", get("IpAddress"));
  putPort(out, "source.port", get("IpPort"));
  switch (id) {
    case 4624:
    case 4625:
    case 4648:
      putExecutable(out, "process", get("ProcessName"));
      putNumber(out, "process.pid", get("ProcessId"));
      if (id === 4648) putText(out, "destination.domain", get("TargetServerName"));
      break;
    case 4688:
      putExecutable(out, "process", get("NewProcessName"));
      putNumber(out, "process.pid", get("NewProcessId"));
      putText(out, "process.command_line", get("CommandLine"));
      putExecutable(out, "process.parent", get("ParentProcessName"));
      putNumber(out, "process.parent.pid", get("ProcessId"));
      break;
    case 4697:
    case 4769:
      putText(out, "service.name", get("ServiceName"));
      break;
    case 4732:
      putText(out, "group.name", get("TargetUserName"));
      putText(out, "group.domain", get("TargetDomainName"));
      break;
    case 5156: {
      putIp(out, "source.ip", get("SourceAddress"));
      putPort(out, "source.port", get("SourcePort"));
      putIp(out, "destination.ip", get("DestAddress"));
      putPort(out, "destination.port", get("DestPort"));
      putExecutable(out, "process", get("Application"));
      putNumber(out, "process.pid", get("ProcessID"));
      const protocol = presentText(get("Protocol"));
      if (protocol !== undefined && Object.hasOwn(TRANSPORT, protocol)) {
        putText(out, "network.transport", TRANSPORT[protocol]);
      }
      break;
    }
  }
}
