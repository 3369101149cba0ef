/**
 * The one interface through which every matcher reads an event's fields.
 * Implementations resolve Sigma field names (`Image`, `EventID`) or dotted paths
 * (`process.command_line`) against whatever shape the event arrived in.
 */
export interface Document {
  /** The value of a field, or `undefined` when the event has no such field. */
  get(name: string): unknown;
  /** Calls `visit` with every scalar value of the event, for keyword (field-less) searches. */
  forEachValue(visit: (value: unknown) => void): void;
  /**
   * Calls `visit` with every scalar value and the name `get` answers it under. Optional: it lets
   * keyword searches skip the fields an index has already read; without it they read every value.
   * `skip` names fields the caller has no use for: a document may leave them out, or visit them.
   */
  forEachField?(visit: (name: string, value: unknown) => void, skip?: ReadonlySet<string>): void;
  /**
   * One walk over the event for an index, which reads the same fields in every event and looks
   * for keywords in all the others. Hands `visitor.named` the value `get` answers for each name
   * of `named` that the event holds where `get` looks first, with that name's number; a name not
   * handed is read with `get`. When `visitor.texts`, hands `visitor.text` the text of every other
   * scalar value (numbers and booleans only when `scalars`). Optional: without it, the index reads
   * its fields with `get` and looks for keywords through forEachField.
   */
  forEachText?(visitor: TextVisitor, named: ReadonlyMap<string, number>, scalars: boolean): void;
}

/** What forEachText calls: an object with methods, which carries what the walk needs. */
export interface TextVisitor {
  /** Whether the walk hands out the texts of the values not named (a keyword search's). */
  readonly texts: boolean;
  text(text: string): void;
  /** The value of a named field, as `get` answers it, with the number `named` gives its name. */
  named(id: number, value: unknown): void;
}

/** The Sigma log source an event belongs to. An event may fall in several categories. */
export interface EventLogSource {
  readonly product?: string;
  readonly service?: string;
  readonly categories: readonly string[];
}

/** An event as the detection layer sees it: its log source, its time and its fields. */
export interface Event {
  readonly logsource: EventLogSource;
  /** ISO 8601 UTC time of the event, when it has one. */
  readonly timestamp?: string;
  readonly doc: Document;
  /** The record as it was read, kept for output and dead letters. */
  readonly raw: unknown;
  /**
   * The id a store gave the event, when it has been stored. Kept with correlation state, so an
   * alert raised after a restart can still point at the events before it.
   */
  readonly id?: string;
}

/**
 * The object's own value under the key, undefined when it has none. A text, a number or a boolean
 * found under the key is its own (what Object.prototype answers for a name, `constructor` or
 * `__proto__`, is a function or an object), so only those are asked about: asking for every key
 * cost about as much as reading the value, and every field of every event is read this way.
 */
export function ownValue(node: Readonly<Record<string, unknown>>, key: string): unknown {
  return ownOf(node, key, node[key]);
}

/** ownValue for a value already read as `node[key]` (in a walk over the node's keys, say). */
export function ownOf(node: Readonly<Record<string, unknown>>, key: string, value: unknown): unknown {
  if (value === undefined || (typeof value !== "object" && typeof value !== "function")) return value;
  return Object.hasOwn(node, key) ? value : undefined;
}

/**
 * Reads a dotted path (`a.b.c`) from nested objects. A literal key containing dots (`{"a.b": 1}`)
 * is tried before nesting, so flat and nested JSON are both served. Only own keys are read.
 */
export function getPath(root: unknown, name: string, start = 0): unknown {
  if (root === null || typeof root !== "object") return undefined;
  const node = root as Record<string, unknown>;
  const direct = ownValue(node, start === 0 ? name : name.slice(start));
  if (direct !== undefined) return direct;
  for (let dot = name.indexOf(".", start); dot !== -1; dot = name.indexOf(".", dot + 1)) {
    const found = getPath(ownValue(node, name.slice(start, dot)), name, dot + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Visits every scalar (string, number, boolean) inside a JSON-like value. */
export function forEachScalar(value: unknown, visit: (value: unknown) => void, depth = 0): void {
  if (value === null || value === undefined || depth > 64) return;
  if (typeof value !== "object") {
    visit(value);
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) forEachScalar(item, visit, depth + 1);
    return;
  }
  for (const key in value as Record<string, unknown>) {
    forEachScalar((value as Record<string, unknown>)[key], visit, depth + 1);
  }
}

/** Visits every scalar inside a JSON-like value with its dotted path (list elements share their list's path). */
export function forEachScalarField(
  value: unknown,
  path: string,
  visit: (name: string, value: unknown) => void,
  depth = 0,
): void {
  if (value === null || value === undefined || depth > 64) return;
  if (typeof value !== "object") {
    visit(path, value);
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) forEachScalarField(item, path, visit, depth + 1);
    return;
  }
  for (const key in value as Record<string, unknown>) {
    forEachScalarField((value as Record<string, unknown>)[key], path === "" ? key : `${path}.${key}`, visit, depth + 1);
  }
}

/** A document over a plain JSON object, with dotted-path lookups. */
export function jsonDocument(root: Record<string, unknown>): Document {
  return {
    get: (name) => getPath(root, name),
    forEachValue: (visit) => forEachScalar(root, visit),
    forEachField: (visit) => forEachScalarField(root, "", visit),
  };
}
