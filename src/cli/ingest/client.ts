/** What the server made of one batch. */
export interface BatchCounts {
  readonly received: number;
  readonly accepted: number;
  readonly deadLettered: number;
  readonly alerts: number;
}

/** The outcome of posting one batch: its counts, or why it failed and whether the run must stop. */
export type PostOutcome =
  | { readonly ok: true; readonly counts: BatchCounts }
  | { readonly ok: false; readonly fatal: boolean; readonly message: string };

/** Where and how batches are sent. */
export interface IngestTarget {
  readonly url: string;
  readonly token: string;
  /** Retries of a batch answered 429 or 503 (default 8). */
  readonly retries?: number;
  /** Waits between retries, in ms, when the server gives no Retry-After (default 500). */
  readonly backoffMs?: number;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function connectionProblem(url: string, error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? "";
  if (code === "ECONNREFUSED") return `cannot connect to ${url}: connection refused (is tocsin serve running there?)`;
  if (code === "ENOTFOUND") return `cannot connect to ${url}: no such host`;
  return `cannot reach ${url}: ${cause?.message ?? (error instanceof Error ? error.message : String(error))}`;
}

/**
 * Posts one batch to `POST /api/v1/ingest` (the server sniffs the format when none is named),
 * retrying when the server is busy (429, 503, honouring Retry-After). A refused connection, a
 * refused token or an unknown format stops the run; a batch the server cannot take (413) does not.
 */
export async function postBatch(target: IngestTarget, body: string, format: string | undefined): Promise<PostOutcome> {
  const endpoint = `${target.url.replace(/\/+$/, "")}/api/v1/ingest${format ? `?format=${encodeURIComponent(format)}` : ""}`;
  const retries = target.retries ?? 8;
  for (let attempt = 0; ; attempt++) {
    let res: Response;
    try {
      res = await fetch(endpoint, {
        method: "POST",
        body,
        headers: { authorization: `Bearer ${target.token}`, "content-type": "text/plain; charset=utf-8" },
      });
    } catch (error) {
      return { ok: false, fatal: true, message: connectionProblem(target.url, error) };
    }
    const text = await res.text();
    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // Not JSON: the status says enough.
    }
    const error = (json.error ?? {}) as { code?: string; message?: string; details?: unknown[] };
    if (res.ok) {
      const n = (k: string) => (typeof json[k] === "number" ? (json[k] as number) : 0);
      return {
        ok: true,
        counts: {
          received: n("received"),
          accepted: n("accepted"),
          deadLettered: n("deadLettered"),
          alerts: n("alerts"),
        },
      };
    }
    if ((res.status === 429 || res.status === 503) && attempt < retries) {
      const after = Number(res.headers.get("retry-after"));
      await sleep(Number.isFinite(after) && after > 0 ? after * 1000 : (target.backoffMs ?? 500) * (attempt + 1));
      continue;
    }
    if (error.code === "INGEST_NO_VALID_RECORDS") {
      const received = Number(/none of the (\d+)/.exec(error.message ?? "")?.[1] ?? error.details?.length ?? 0);
      return { ok: true, counts: { received, accepted: 0, deadLettered: received, alerts: 0 } };
    }
    if (error.code === "INGEST_EMPTY")
      return { ok: true, counts: { received: 0, accepted: 0, deadLettered: 0, alerts: 0 } };
    const why = `${res.status} ${error.code ?? ""} ${error.message ?? text.slice(0, 200)}`.replace(/\s+/g, " ").trim();
    const fatal = res.status === 401 || res.status === 403 || error.code === "INGEST_UNKNOWN_FORMAT";
    return { ok: false, fatal, message: `the server answered ${why}` };
  }
}
