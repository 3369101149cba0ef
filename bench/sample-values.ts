// Values the formats benchmark varies record by record: times, addresses, ports, names.

/** 2024-05-01T10:00:00Z, the first generated record's time. */
export const T0 = 1714557600;
export const USERS = ["alice", "bob", "carol", "svc_backup", "root", "admin@example.com"];
export const DOMAINS = [
  "example.org",
  "cdn.example.net",
  "login.example.com",
  "updates.example.io",
  "xmr.pool.minergate.com",
];

export const ip = (i: number, net = 10) => `${net}.${(i >> 16) & 255}.${(i >> 8) & 255}.${(i & 255) | 1}`;
export const port = (i: number) => 1024 + ((i * 7919) % 60000);
export const pick = <T>(list: readonly T[], i: number): T => list[i % list.length] as T;
export const iso = (i: number) => new Date((T0 + i * 0.25) * 1000).toISOString();
export const epoch = (i: number) => (T0 + i * 0.25).toFixed(6);
export const uid = (i: number) => `C${(i * 2654435761).toString(36).slice(0, 17)}`;
