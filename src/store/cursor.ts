/** A position in a listing ordered newest first: the sort key and the id of the last item seen. */
export interface CursorPosition {
  readonly key: string;
  readonly id: string;
}

/** Encodes a position as an opaque, URL-safe cursor. */
export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.key, position.id]), "utf8").toString("base64url");
}

/** Decodes a cursor; undefined when it is not one this store made. */
export function decodeCursor(cursor: string | undefined): CursorPosition | undefined {
  if (!cursor) return undefined;
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(v) && typeof v[0] === "string" && typeof v[1] === "string") return { key: v[0], id: v[1] };
  } catch {
    // fall through: a bad cursor reads as none.
  }
  return undefined;
}

/** Whether a name is an ECS field (dotted, lower case: `host.name`), not a Sigma field. */
export function isEcsField(name: string): boolean {
  return /^[a-z_@][a-z0-9_]*(\.[a-z0-9_@]+)+$/.test(name);
}

/** Milliseconds of a UTC day. */
export const DAY_MS = 86_400_000;
