/**
 * Names of the audit record types by number (linux/audit.h and libaudit), for records the kernel
 * prints itself (`audit: type=1400 audit(...)` in the kernel log when no auditd listens): the
 * ones met there. Other numbers become `UNKNOWN[n]`, as ausearch names them.
 */
const AUDIT_TYPES: Readonly<Record<string, string>> = {
  "1006": "LOGIN",
  "1100": "USER_AUTH",
  "1101": "USER_ACCT",
  "1103": "CRED_ACQ",
  "1104": "CRED_DISP",
  "1105": "USER_START",
  "1106": "USER_END",
  "1107": "USER_AVC",
  "1110": "CRED_REFR",
  "1112": "USER_LOGIN",
  "1130": "SERVICE_START",
  "1131": "SERVICE_STOP",
  "1300": "SYSCALL",
  "1302": "PATH",
  "1303": "IPC",
  "1304": "SOCKETCALL",
  "1305": "CONFIG_CHANGE",
  "1306": "SOCKADDR",
  "1307": "CWD",
  "1309": "EXECVE",
  "1320": "EOE",
  "1321": "BPRM_FCAPS",
  "1322": "CAPSET",
  "1323": "MMAP",
  "1325": "NETFILTER_CFG",
  "1326": "SECCOMP",
  "1327": "PROCTITLE",
  "1330": "KERN_MODULE",
  "1334": "BPF",
  "1400": "AVC",
  "1401": "SELINUX_ERR",
};

/** The name of an audit record type: a name stays as it is, a number is looked up (`1400` → `AVC`). */
export function auditTypeName(type: string): string {
  const c = type.charCodeAt(0);
  if (c < 0x30 || c > 0x39) return type;
  return AUDIT_TYPES[type] ?? `UNKNOWN[${type}]`;
}
