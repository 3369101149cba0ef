import { promises as fs } from "node:fs";
import { type Event, type Place, TocsinError, formatPlace } from "../core/index.js";
import { readEvtxFile } from "./evtx-file.js";
import { readJsonFile } from "./json-file.js";
import { readLogFile, sniffFileFormat } from "./log-file.js";

/** One record of an input file, whatever its format, or a problem with its place. */
export type InputRecord =
  | {
      readonly ok: true;
      readonly value: unknown;
      /** 0-based index of the record in its file. */
      readonly record: number;
      /** The EVTX EventRecordID, for records read from `.evtx` files. */
      readonly recordId?: number;
      /** The event a log format made of the record (Zeek, syslog, CloudTrail...), ready to match. */
      readonly event?: Event;
      /** That log format's id. */
      readonly format?: string;
    }
  | {
      readonly ok: false;
      readonly code: string;
      readonly message: string;
      readonly place: Place;
      readonly fatal: boolean;
    };

/** The kinds of input file `readRecords` understands. */
export type InputKind = "evtx" | "json";

const EVTX_MAGIC = [0x45, 0x6c, 0x66]; // "Elf", as in ElfFile and ElfChnk

/** Tells an input file's kind from its first bytes: EVTX by its signature, anything else as JSON. */
export async function detectKind(path: string): Promise<InputKind> {
  const handle = await fs.open(path, "r");
  try {
    const head = Buffer.alloc(8);
    const { bytesRead } = await handle.read(head, 0, 8, 0);
    const text = head.subarray(0, bytesRead).toString("latin1");
    return EVTX_MAGIC.every((b, i) => head[i] === b) && (text === "ElfFile\0" || text === "ElfChnk\0")
      ? "evtx"
      : "json";
  } finally {
    await handle.close();
  }
}

function problem(error: unknown, file: string): InputRecord {
  if (error instanceof TocsinError) {
    return { ok: false, code: error.code, message: error.message, place: error.place ?? { file }, fatal: true };
  }
  return { ok: false, code: "INPUT_UNREADABLE", message: String(error), place: { file }, fatal: true };
}

/**
 * Reads the records of one input file as they come: EVTX; a registered log format told from the
 * first line (Zeek TSV or JSON, Suricata EVE, syslog, CEF, LEEF, auth.log, auditd, CloudTrail,
 * Okta, Entra ID), whose records come with their events; otherwise JSON. Bad records are yielded
 * as problems and reading goes on; a file that cannot be read at all yields one fatal problem.
 */
export async function* readRecords(path: string): AsyncGenerator<InputRecord> {
  let kind: InputKind;
  try {
    kind = await detectKind(path);
  } catch (error) {
    yield problem(
      new TocsinError("INPUT_UNREADABLE", `cannot read: ${String(error)}`, { place: { file: path } }),
      path,
    );
    return;
  }
  if (kind === "evtx") {
    let index = 0;
    let any = false;
    for await (const r of readEvtxFile(path)) {
      if (r.ok) {
        any = true;
        yield {
          ok: true,
          value: r.record.event,
          record: index++,
          recordId: eventRecordId(r.record.event) ?? r.record.recordId,
        };
      } else {
        const { file, chunk, record, offset } = r.issue.place;
        const place: Place = {
          file: file ?? path,
          ...(record === undefined ? {} : { record }),
          ...(offset === undefined ? {} : { offset }),
        };
        const where = chunk === undefined ? "" : ` (chunk ${chunk})`;
        yield { ok: false, code: r.issue.code, message: `${r.issue.message}${where}`, place, fatal: false };
      }
    }
    if (!any) {
      yield {
        ok: false,
        code: "EVTX_NO_RECORDS",
        message: "no record could be read",
        place: { file: path },
        fatal: true,
      };
    }
    return;
  }
  try {
    const format = await sniffFileFormat(path);
    if (format) {
      yield* readLogFile(path, format);
      return;
    }
    for await (const r of readJsonFile(path)) {
      if (r.ok) yield { ok: true, value: r.value, record: r.record };
      else
        yield {
          ok: false,
          code: r.issue.code,
          message: r.issue.message,
          place: r.issue.place ?? { file: path },
          fatal: false,
        };
    }
  } catch (error) {
    yield problem(error, path);
  }
}

/**
 * The EventRecordID inside a rendered event: what Event Viewer shows, and what survives export
 * into a new file, where the record header's own number restarts at 1.
 */
function eventRecordId(event: unknown): number | undefined {
  const system = (event as { Event?: { System?: { EventRecordID?: unknown } } } | undefined)?.Event?.System;
  const id = system?.EventRecordID;
  return typeof id === "number" && Number.isSafeInteger(id) ? id : undefined;
}

/** A problem as one line for people: place, message and code. */
export function describeProblem(p: Extract<InputRecord, { ok: false }>): string {
  return `${formatPlace(p.place)}: ${p.message} [${p.code}]`;
}
