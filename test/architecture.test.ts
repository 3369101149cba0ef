import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO } from "./support/shared.js";

// The module map of ../shared/ARCHITECTURE.md, plus `sources/` (file and folder input
// adapters: walking, JSON and EVTX files, worker threads), an I/O layer beside store/ and bus/.
const LAYERS: Readonly<Record<string, number>> = {
  core: 0,
  evtx: 1,
  formats: 1,
  stix: 1,
  sigma: 2,
  detect: 2,
  intel: 2,
  analytics: 2,
  alerts: 2,
  cases: 2,
  respond: 2,
  hunt: 2,
  ingest: 2,
  store: 3,
  bus: 3,
  auth: 3,
  sources: 3,
  server: 4,
  cli: 4,
  app: 5,
};

const FORBIDDEN: readonly [string, string][] = [
  ["sigma", "detect"],
  ["evtx", "sigma"],
  ["detect", "alerts"],
  ["detect", "store"],
  ["detect", "server"],
];

const IO_MODULES =
  /^(node:)?(fs|fs\/promises|net|http|https|http2|dgram|tls|child_process|worker_threads|readline)$|^(pg|better-sqlite3|@nats-io\/.*|ioredis|redis)$/;

interface SourceFile {
  readonly path: string;
  readonly module: string;
  readonly text: string;
  readonly imports: string[];
}

function* walk(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else if (path.endsWith(".ts") && !path.endsWith(".test.ts")) yield path;
  }
}

function sources(): SourceFile[] {
  const src = join(REPO, "src");
  return [...walk(src)].map((path) => {
    const text = readFileSync(path, "utf8");
    const imports = [
      ...text.matchAll(
        /(?:^|\n)\s*(?:import|export)[^"'`;]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g,
      ),
    ].map((m) => (m[1] ?? m[2]) as string);
    return { path, module: relative(src, path).split(sep)[0] as string, text, imports };
  });
}

/** The module a relative import lands in, and the path inside it. */
function target(file: SourceFile, spec: string): { module: string; inner: string } | undefined {
  if (!spec.startsWith(".")) return undefined;
  const resolved = relative(join(REPO, "src"), join(file.path, "..", spec)).split(sep);
  return { module: resolved[0] as string, inner: resolved.slice(1).join("/") };
}

describe("rules of direction (ARCHITECTURE.md)", () => {
  const files = sources();

  it("knows the layer of every module, and sees their imports", () => {
    const crossing = files.flatMap((f) => f.imports.map((s) => target(f, s)).filter((t) => t && t.module !== f.module));
    expect(crossing.length).toBeGreaterThan(50);
    const unknown = [...new Set(files.map((f) => f.module))].filter((m) => !(m in LAYERS));
    expect(unknown).toEqual([]);
  });

  it("imports other modules only through their index.ts, and only from the same or lower layers", () => {
    const problems: string[] = [];
    for (const f of files) {
      for (const spec of f.imports) {
        const t = target(f, spec);
        if (!t || t.module === f.module) continue;
        if (t.inner !== "index.js")
          problems.push(`${relative(REPO, f.path)} imports ${spec}, not ${t.module}/index.js`);
        if ((LAYERS[t.module] ?? 99) > (LAYERS[f.module] ?? -1)) {
          problems.push(
            `${relative(REPO, f.path)} (layer ${LAYERS[f.module]}) imports ${t.module} (layer ${LAYERS[t.module]})`,
          );
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("has no cycles between modules", () => {
    const edges = new Map<string, Set<string>>();
    for (const f of files) {
      for (const spec of f.imports) {
        const t = target(f, spec);
        if (t && t.module !== f.module) edges.set(f.module, (edges.get(f.module) ?? new Set()).add(t.module));
      }
    }
    const visiting = new Set<string>();
    const done = new Set<string>();
    const cycles: string[] = [];
    const visit = (m: string, path: string[]) => {
      if (done.has(m)) return;
      if (visiting.has(m)) {
        cycles.push([...path, m].join(" → "));
        return;
      }
      visiting.add(m);
      for (const next of edges.get(m) ?? []) visit(next, [...path, m]);
      visiting.delete(m);
      done.add(m);
    };
    for (const m of edges.keys()) visit(m, []);
    expect(cycles).toEqual([]);
  });

  it("keeps the forbidden pairs apart", () => {
    const problems: string[] = [];
    for (const f of files) {
      for (const spec of f.imports) {
        const t = target(f, spec);
        if (t && FORBIDDEN.some(([from, to]) => from === f.module && to === t.module)) {
          problems.push(`${relative(REPO, f.path)} imports ${t.module}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("does no I/O and reads no environment in layers 0 to 2", () => {
    const problems: string[] = [];
    for (const f of files) {
      if ((LAYERS[f.module] ?? 99) > 2) continue;
      for (const spec of f.imports)
        if (IO_MODULES.test(spec)) problems.push(`${relative(REPO, f.path)} imports ${spec}`);
      if (/process\.env/.test(f.text)) problems.push(`${relative(REPO, f.path)} reads process.env`);
    }
    expect(problems).toEqual([]);
  });

  it("reads process.env only in app/", () => {
    const readers = files
      .filter((f) => f.module !== "app" && /process\.env/.test(f.text))
      .map((f) => relative(REPO, f.path));
    expect(readers).toEqual([]);
  });
});
