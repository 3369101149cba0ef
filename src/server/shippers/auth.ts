import { type Role, type TokenAuthority, roleAllows } from "../../auth/index.js";

/** Why a shipper's credentials were refused, or that they were accepted. */
export type ShipperAuth =
  | { readonly ok: true }
  | { readonly ok: false; readonly why: "missing" | "malformed" | "invalid" | "forbidden" };

/**
 * The token a shipper presents, by the schemes shippers use: `Splunk <token>` (HEC),
 * `Bearer <token>`, `Basic` with the token as password (any user; or as user with no password),
 * and `ApiKey` (the token itself, or base64 of `id:token` as Elasticsearch clients send it).
 * Undefined when the header is missing; null when it is malformed.
 */
export function presentedTokens(header: string | undefined): string[] | undefined | null {
  if (header === undefined || header.trim() === "") return undefined;
  const space = header.indexOf(" ");
  if (space <= 0) return null;
  const scheme = header.slice(0, space).toLowerCase();
  const value = header.slice(space + 1).trim();
  if (value === "") return null;
  switch (scheme) {
    case "splunk":
    case "bearer":
      return [value];
    case "basic": {
      const decoded = Buffer.from(value, "base64").toString("utf8");
      const colon = decoded.indexOf(":");
      if (colon < 0) return null;
      const user = decoded.slice(0, colon);
      const password = decoded.slice(colon + 1);
      return password !== "" ? [password] : user !== "" ? [user] : null;
    }
    case "apikey": {
      const decoded = Buffer.from(value, "base64").toString("utf8");
      const colon = decoded.indexOf(":");
      return colon > 0 && colon < decoded.length - 1 ? [value, decoded.slice(colon + 1)] : [value];
    }
    default:
      return null;
  }
}

/** Checks a shipper's Authorization header against Tocsin's tokens and the role a route needs. */
export function authoriseShipper(tokens: TokenAuthority, header: string | undefined, needed: Role): ShipperAuth {
  const presented = presentedTokens(header);
  if (presented === undefined) return { ok: false, why: "missing" };
  if (presented === null) return { ok: false, why: "malformed" };
  for (const token of presented) {
    const record = tokens.verify(token);
    if (record) return roleAllows(record.role, needed) ? { ok: true } : { ok: false, why: "forbidden" };
  }
  return { ok: false, why: "invalid" };
}
