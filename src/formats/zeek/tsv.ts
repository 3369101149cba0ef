import { MAX_ZEEK_FIELDS } from "./json.js";
import { containerElement, decodeZeekEscapes, zeekScalar, zeekText } from "./values.js";

/** What a TSV header block says: separators, markers, path, field names and types. */
export interface ZeekTsvHeader {
  separator: string;
  setSeparator: string;
  emptyField: string;
  unsetField: string;
  path: string | undefined;
  fields: readonly string[] | undefined;
  /** Per field: its element type when it is a container, else undefined; and its scalar type. */
  types: readonly { readonly scalar: string; readonly container: boolean }[] | undefined;
}

/** The defaults of Zeek's ASCII writer, in force until a header line says otherwise. */
export function newZeekHeader(): ZeekTsvHeader {
  return {
    separator: "\t",
    setSeparator: ",",
    emptyField: "(empty)",
    unsetField: "-",
    path: undefined,
    fields: undefined,
    types: undefined,
  };
}

function headerValue(text: string): string | undefined {
  const v = decodeZeekEscapes(text, true);
  return v === "" || v.length > 16 ? undefined : v;
}

/**
 * Applies one `#` header line to the header state (Zeek's ASCII writer: `#separator \x09`,
 * `#set_separator`, `#empty_field`, `#unset_field`, `#path`, `#open`, `#fields`, `#types`,
 * `#close`). A `#separator` line starts a new block. Returns a reason when the line is
 * malformed; unknown `#` lines are comments.
 */
export function readZeekHeader(header: ZeekTsvHeader, line: string): string | undefined {
  if (line.startsWith("#separator")) {
    const sep = headerValue(line.slice("#separator".length).trim());
    if (sep === undefined) return "#separator names no separator";
    Object.assign(header, newZeekHeader(), { separator: sep });
    return undefined;
  }
  const cut = line.indexOf(header.separator);
  const key = cut === -1 ? line.slice(1) : line.slice(1, cut);
  const rest = cut === -1 ? "" : line.slice(cut + header.separator.length);
  switch (key) {
    case "set_separator":
    case "empty_field":
    case "unset_field": {
      const v = headerValue(rest);
      if (v === undefined) return `#${key} is empty or too long`;
      if (key === "set_separator") header.setSeparator = v;
      else if (key === "empty_field") header.emptyField = v;
      else header.unsetField = v;
      return undefined;
    }
    case "path":
      header.path = /^[A-Za-z0-9_-]{1,64}$/.test(rest) ? rest : undefined;
      return header.path === undefined ? `#path ${JSON.stringify(rest.slice(0, 80))} is not a log name` : undefined;
    case "fields": {
      const names = rest.split(header.separator, MAX_ZEEK_FIELDS + 1);
      if (names.length > MAX_ZEEK_FIELDS) return `#fields lists more than ${MAX_ZEEK_FIELDS} fields`;
      if (names.some((n) => n === "")) return "#fields has an empty field name";
      header.fields = names;
      header.types = undefined;
      return undefined;
    }
    case "types": {
      const types = rest.split(header.separator, MAX_ZEEK_FIELDS + 1);
      if (header.fields === undefined) return "#types comes before #fields";
      if (types.length !== header.fields.length) {
        return `#types lists ${types.length} types for ${header.fields.length} fields`;
      }
      header.types = types.map((t) => {
        const element = containerElement(t);
        return element === undefined ? { scalar: t, container: false } : { scalar: element, container: true };
      });
      return undefined;
    }
    case "close":
      header.fields = undefined;
      header.types = undefined;
      return undefined;
    default:
      return undefined;
  }
}

/** A TSV data line read into fields, or why it cannot be, naming the field when one is bad. */
export type ZeekTsvRecord =
  | { readonly ok: true; readonly fields: Record<string, unknown> }
  | { readonly ok: false; readonly message: string; readonly field?: string };

/**
 * Reads one TSV data line under its header: values typed by `#types` (text when there are no
 * types), escapes decoded, containers split on the set separator, unset and empty values left out.
 */
export function readZeekTsvLine(header: ZeekTsvHeader, line: string): ZeekTsvRecord {
  const names = header.fields;
  if (names === undefined) return { ok: false, message: "a data line before any #fields header line" };
  const values = line.split(header.separator, names.length + 1);
  if (values.length !== names.length) {
    return { ok: false, message: `${values.length} values for ${names.length} fields` };
  }
  const types = header.types;
  const fields: Record<string, unknown> = {};
  for (let i = 0; i < names.length; i++) {
    const text = values[i] as string;
    if (text === header.unsetField || text === header.emptyField) continue;
    const name = names[i] as string;
    const type = types?.[i];
    if (type === undefined) {
      fields[name] = zeekText(text, true);
      continue;
    }
    if (type.container) {
      const items: unknown[] = [];
      for (const element of text.split(header.setSeparator, MAX_ZEEK_FIELDS + 1)) {
        if (element === header.unsetField) continue;
        const v = zeekScalar(element, type.scalar);
        if (v === undefined)
          return { ok: false, message: `${JSON.stringify(element)} is not a ${type.scalar}`, field: name };
        if (v !== "") items.push(v);
      }
      if (items.length > MAX_ZEEK_FIELDS) return { ok: false, message: "too many elements", field: name };
      if (items.length > 0) fields[name] = items;
      continue;
    }
    const v = zeekScalar(text, type.scalar);
    if (v === undefined) {
      return { ok: false, message: `${JSON.stringify(text.slice(0, 80))} is not a ${type.scalar}`, field: name };
    }
    if (v !== "") fields[name] = v;
  }
  return { ok: true, fields };
}
