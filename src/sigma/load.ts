import { type Document as YamlDocument, LineCounter, isNode, parseAllDocuments } from "yaml";
import type { Placeholders } from "./detection-item.js";
import { safeParseDocument } from "./parse-document.js";
import type { SigmaDocument, SkippedRule } from "./rule.js";

/** Options for loading rules. */
export interface LoadOptions {
  /** Values for `%name%` placeholders under the `expand` modifier. */
  readonly placeholders?: Placeholders;
}

/** What a Sigma file held: the documents that loaded and the ones skipped with their reason. */
export interface LoadedFile {
  readonly documents: SigmaDocument[];
  readonly skipped: SkippedRule[];
}

function isMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** Deep-merges `over` onto `base`, as rule collections combine a global document with each rule. */
function merge(base: unknown, over: unknown): unknown {
  if (!isMap(base) || !isMap(over)) return over === undefined ? base : over;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) out[key] = merge(base[key], value);
  return out;
}

function lineFinder(doc: YamlDocument.Parsed, counter: LineCounter) {
  return (path: readonly (string | number)[]): number | undefined => {
    const node = path.length === 0 ? doc.contents : doc.getIn(path, true);
    if (!isNode(node) || !node.range) return undefined;
    return counter.linePos(node.range[0]).line;
  };
}

/**
 * Loads every Sigma document of a YAML text: single rules, multi-document files, rule
 * collections (`action: global`, `reset`, `repeat`), filters and correlations. A document that
 * cannot be loaded is skipped with its place and reason; the others still load.
 *
 * @example loadSigmaText(readFileSync(f, "utf8"), f).documents
 */
export function loadSigmaText(text: string, file: string, options: LoadOptions = {}): LoadedFile {
  const documents: SigmaDocument[] = [];
  const skipped: SkippedRule[] = [];
  const counter = new LineCounter();
  let docs: YamlDocument.Parsed[];
  try {
    docs = parseAllDocuments(text, { lineCounter: counter, uniqueKeys: false }) as YamlDocument.Parsed[];
  } catch (error) {
    skipped.push({ file, code: "SIGMA_BAD_YAML", reason: `cannot parse YAML: ${String(error)}` });
    return { documents, skipped };
  }
  if (!Array.isArray(docs)) docs = [];
  let global: unknown;
  let previous: unknown;
  let index = 0;
  for (const doc of docs) {
    const line = doc.contents?.range ? counter.linePos(doc.contents.range[0]).line : 1;
    const yamlError = doc.errors[0];
    if (yamlError) {
      const at = yamlError.linePos?.[0]?.line ?? line;
      skipped.push({
        file,
        line: at,
        code: "SIGMA_BAD_YAML",
        reason: `invalid YAML at line ${at}: ${yamlError.message.split("\n")[0]}`,
      });
      continue;
    }
    let raw: unknown;
    try {
      raw = doc.toJS({ maxAliasCount: 100 });
    } catch (error) {
      skipped.push({ file, line, code: "SIGMA_BAD_YAML", reason: `invalid YAML at line ${line}: ${String(error)}` });
      continue;
    }
    if (raw === null || raw === undefined) continue;
    if (isMap(raw) && typeof raw.action === "string") {
      const { action, ...rest } = raw;
      if (action === "global") {
        global = rest;
        continue;
      }
      if (action === "reset") {
        global = undefined;
        continue;
      }
      if (action === "repeat") {
        raw = merge(previous, rest);
      } else {
        skipped.push({ file, line, code: "SIGMA_BAD_RULE", reason: `unknown collection action '${String(action)}'` });
        continue;
      }
    } else {
      raw = global === undefined ? raw : merge(global, raw);
    }
    previous = raw;
    const result = safeParseDocument(
      raw,
      { file, line, lineOf: lineFinder(doc, counter), placeholders: options.placeholders ?? {} },
      index++,
    );
    if (result.ok) {
      documents.push(result.value);
    } else {
      for (const issue of result.issues) {
        const at = issue.place?.line ?? line;
        skipped.push({
          file,
          line: at,
          code: issue.code,
          reason: issue.message,
          ...(issue.place ? { place: issue.place } : {}),
        });
      }
    }
  }
  return { documents, skipped };
}
