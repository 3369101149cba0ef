// Values the formats benchmark varies record by record: times, addresses, ports, names.

/** 2024-05-01T10:00:00Z, the first generated record's time. */
export const T0 = 1714557600;
/** User names the records cycle through. */
export const USERS = ["alice", "bob", "carol", "svc_backup", "root", "admin@example.com"];
/** Domains the records cycle through (one a mining pool, so detections have something to find). */
export const DOMAINS = [
  "example.org",
  "cdn.example.net",
  "login.example.com",
  "updates.example.io",
  "xmr.pool.minergate.com",
];

/** An IPv4 address in `net`.0.0.0/8 varying with the record number. */
export const ip = (i: number, net = 10) => `${net}.${(i >> 16) & 255}.${(i >> 8) & 255}.${(i & 255) | 1}`;
/** A client port varying with the record number. */
export const port = (i: number) => 1024 + ((i * 7919) % 60000);
/** The element of a list for a record number, cycling. */
export const pick = <T>(list: readonly T[], i: number): T => list[i % list.length] as T;
/** ISO 8601 time of a record: four records a second from T0. */
export const iso = (i: number) => new Date((T0 + i * 0.25) * 1000).toISOString();
/** The same time as epoch seconds with six decimals, as Zeek writes it. */
export const epoch = (i: number) => (T0 + i * 0.25).toFixed(6);
/** A Zeek-like connection uid. */
export const uid = (i: number) => `C${(i * 2654435761).toString(36).slice(0, 17)}`;
