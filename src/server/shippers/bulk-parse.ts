/** The operations of an Elasticsearch `_bulk` body. */
export type BulkAction = "index" | "create" | "delete" | "update";

/** One operation: its action, metadata and (for index and create) its document or why it is bad. */
export interface BulkItem {
  readonly action: BulkAction;
  readonly index?: string;
  readonly id?: string;
  /** 1-based line of the action. */
  readonly line: number;
  /** The document of index and create: parsed, or the reason it is not a JSON object. */
  readonly doc?:
    | { readonly ok: true; readonly value: Record<string, unknown> }
    | { readonly ok: false; readonly reason: string };
}

const ACTIONS: readonly BulkAction[] = ["index", "create", "delete", "update"];

/** Operations allowed in one request: a bound on the work a body can cause. */
export const MAX_BULK_ITEMS = 100_000;

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/**
 * Reads a `_bulk` body (NDJSON: an action line, then a document line for index, create and
 * update; none for delete). A malformed action line, an unknown action, or an action whose
 * document line is missing refuses the whole request, as Elasticsearch does, since the lines
 * after it cannot be paired; a document that is not a JSON object fails only its own item.
 *
 * @example parseBulk('{"index":{"_index":"logs"}}\n{"message":"hi"}\n')
 */
export function parseBulk(body: string): { ok: true; items: BulkItem[] } | { ok: false; reason: string } {
  const items: BulkItem[] = [];
  let line = 0;
  let start = 0;
  const next = (): { text: string; line: number } | undefined => {
    while (start < body.length) {
      let end = body.indexOf("\n", start);
      if (end === -1) end = body.length;
      const text = body.slice(start, end).trim();
      start = end + 1;
      line++;
      if (text !== "") return { text, line };
    }
    return undefined;
  };
  for (let actionLine = next(); actionLine !== undefined; actionLine = next()) {
    if (items.length >= MAX_BULK_ITEMS)
      return { ok: false, reason: `more than ${MAX_BULK_ITEMS} operations in one request` };
    let parsed: unknown;
    try {
      parsed = JSON.parse(actionLine.text);
    } catch {
      return { ok: false, reason: `Malformed action/metadata line [${actionLine.line}], expected a JSON object` };
    }
    const keys = isObject(parsed) ? Object.keys(parsed) : [];
    const action = keys[0] as BulkAction | undefined;
    if (keys.length !== 1 || action === undefined || !ACTIONS.includes(action)) {
      return {
        ok: false,
        reason: `Malformed action/metadata line [${actionLine.line}], expected one of ${ACTIONS.join(", ")} as its only key`,
      };
    }
    const meta = (parsed as Record<string, unknown>)[action];
    if (!isObject(meta)) {
      return {
        ok: false,
        reason: `Malformed action/metadata line [${actionLine.line}], the ${action} metadata must be an object`,
      };
    }
    const base = {
      action,
      line: actionLine.line,
      ...(typeof meta._index === "string" ? { index: meta._index } : {}),
      ...(typeof meta._id === "string" || typeof meta._id === "number" ? { id: String(meta._id) } : {}),
    };
    if (action === "delete") {
      items.push(base);
      continue;
    }
    const docLine = next();
    if (docLine === undefined) {
      return { ok: false, reason: `the ${action} action at line ${actionLine.line} has no document line after it` };
    }
    let doc: BulkItem["doc"];
    try {
      const value: unknown = JSON.parse(docLine.text);
      doc = isObject(value)
        ? { ok: true, value }
        : { ok: false, reason: `the document at line ${docLine.line} is not a JSON object` };
    } catch (error) {
      doc = {
        ok: false,
        reason: `the document at line ${docLine.line} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
    items.push({ ...base, doc });
  }
  return { ok: true, items };
}
