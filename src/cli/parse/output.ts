import type { DecodedRecord } from "../../ingest/index.js";

/**
 * ECS fields nested as ECS documents nest them: `source.ip` → `{ "source": { "ip": ... } }`.
 * A name that would clash with a value already there stays flat and dotted.
 */
export function nestEcs(ecs: Readonly<Record<string, string | number>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(ecs)) {
    const parts = name.split(".");
    let node: Record<string, unknown> = out;
    let clash = false;
    for (let i = 0; i < parts.length - 1; i++) {
      const key = parts[i] as string;
      const next = node[key];
      if (next === undefined) node = node[key] = {} as Record<string, unknown>;
      else if (typeof next === "object" && next !== null) node = next as Record<string, unknown>;
      else {
        clash = true;
        break;
      }
    }
    const leaf = parts[parts.length - 1] as string;
    if (clash || (node[leaf] !== undefined && typeof node[leaf] === "object")) out[name] = value;
    else node[leaf] = value;
  }
  return out;
}

/**
 * One event as `tocsin parse` prints it: `logsource`, `@timestamp`, the ECS fields nested, the
 * format's own fields under the format's id, and with `original` the record as it came.
 */
export function parsedLine(record: DecodedRecord & { ok: true }, original: boolean): string | undefined {
  const p = record.prepared;
  if (p === undefined) return undefined;
  const { logsource, timestamp } = p.event;
  const raw = p.event.raw;
  const fields = p.fields ?? (raw !== null && typeof raw === "object" ? raw : undefined);
  const out: Record<string, unknown> = {
    logsource: {
      ...(logsource.product !== undefined ? { product: logsource.product } : {}),
      ...(logsource.service !== undefined ? { service: logsource.service } : {}),
      ...(logsource.categories.length > 0 ? { category: logsource.categories.join(",") } : {}),
    },
    ...(timestamp !== undefined ? { "@timestamp": timestamp } : {}),
    ...nestEcs(p.ecs),
  };
  if (fields !== undefined) out[p.format] = fields;
  if (original) out.original = typeof raw === "string" ? raw : (record.text ?? raw);
  return JSON.stringify(out);
}
