import type { EventQuery } from "../../ingest/index.js";
import { isEcsField } from "../cursor.js";

/** Columns that hold ECS fields directly, and are indexed. */
const COLUMNS: Readonly<Record<string, string>> = { "host.name": "host", "user.name": "user" };

// Where Sigma names of Windows System fields live in an evtx-JSON original.
const SYSTEM_PATHS: Readonly<Record<string, string>> = {
  EventID: "$.Event.System.EventID",
  Channel: "$.Event.System.Channel",
  Computer: "$.Event.System.Computer",
  Provider_Name: '$.Event.System.Provider."#attributes".Name',
  EventRecordID: "$.Event.System.EventRecordID",
};

const SAFE_NAME = /^[A-Za-z0-9_@.-]{1,128}$/;

/** `a.b.c` as a JSON path through nested objects: `$."a"."b"."c"`. */
function nestedPath(name: string): string {
  return `$.${name
    .split(".")
    .map((part) => `"${part}"`)
    .join(".")}`;
}

/** A WHERE clause and its parameters for an event query (the cursor is added by the caller). */
export function eventWhere(q: EventQuery): { sql: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (q.from !== undefined) {
    parts.push("ts >= ?");
    params.push(q.from);
  }
  if (q.to !== undefined) {
    parts.push("ts < ?");
    params.push(q.to);
  }
  if (q.product !== undefined) {
    parts.push("product = ?");
    params.push(q.product);
  }
  if (q.service !== undefined) {
    parts.push("service = ?");
    params.push(q.service);
  }
  if (q.category !== undefined) {
    parts.push("instr(categories, ?) > 0");
    params.push(`,${q.category.replace(/,/g, "")},`);
  }
  if (q.format !== undefined) {
    parts.push("format = ?");
    params.push(q.format);
  }
  for (const [name, value] of Object.entries(q.fields ?? {})) {
    if (!SAFE_NAME.test(name)) {
      parts.push("0");
      continue;
    }
    const column = COLUMNS[name];
    if (column) {
      parts.push(`${column} = ?`);
      params.push(value);
    } else {
      // An ECS field first (for names shaped like one); then a field a log format read from a
      // text record (by its literal or its nested name); then a Sigma field: EventData, then
      // System, then Winlogbeat's event_data, then a top-level key.
      const ecsPaths = isEcsField(name) ? [`$."${name}"`] : [];
      const fieldPaths = [`$."${name}"`, ...(name.includes(".") ? [nestedPath(name)] : [])];
      const system = SYSTEM_PATHS[name];
      const paths = [
        `$.Event.EventData."${name}"`,
        ...(system ? [system] : []),
        `$.winlog.event_data."${name}"`,
        `$."${name}"`,
      ];
      const reads = [
        ...ecsPaths.map(() => "json_extract(ecs, ?)"),
        ...fieldPaths.map(() => "json_extract(fields, ?)"),
        ...paths.map(() => "json_extract(raw, ?)"),
      ].join(", ");
      parts.push(`lower(CAST(coalesce(${reads}) AS TEXT)) = lower(?)`);
      params.push(...ecsPaths, ...fieldPaths, ...paths, value);
    }
  }
  return { sql: parts.length > 0 ? parts.join(" AND ") : "1", params };
}
