import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { StateStore } from "../ingest/index.js";

/** What a token may do: `reader` reads, `analyst` also ingests and tests rules, `admin` everything. */
export type Role = "reader" | "analyst" | "admin";

const RANK: Readonly<Record<Role, number>> = { reader: 0, analyst: 1, admin: 2 };

/** Whether a role includes the rights of another. */
export function roleAllows(role: Role, needed: Role): boolean {
  return RANK[role] >= RANK[needed];
}

/** A token as stored: never the token itself, only its SHA-256 hash. */
export interface TokenRecord {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  /** Hex SHA-256 of the token. */
  readonly hash: string;
  readonly createdAt: string;
  /** ISO 8601 time after which the token is refused; absent, it never expires. */
  readonly expiresAt?: string;
}

/** A token record as shown to people: everything but the hash. */
export type TokenView = Omit<TokenRecord, "hash">;

/** The record without its hash, for listing. */
export function tokenView(record: TokenRecord): TokenView {
  const { hash: _hash, ...view } = record;
  return view;
}

/** A new random token: `tcs_` and 32 random bytes in base64url. Shown once, then only hashed. */
export function generateToken(): string {
  return `tcs_${randomBytes(32).toString("base64url")}`;
}

/** The hex SHA-256 of a token. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

const STATE_KEY = "auth.tokens";

/**
 * Bearer tokens kept as hashes in the state store. Checking a token hashes it and compares the
 * hash with every stored one in constant time.
 *
 * @example
 * const tokens = await TokenAuthority.open(store);
 * const first = await tokens.ensureAdmin(config.adminToken);
 * if (first.token) console.log("admin token:", first.token);
 */
export class TokenAuthority {
  private records: TokenRecord[];

  private constructor(
    private readonly state: StateStore,
    records: readonly TokenRecord[],
  ) {
    this.records = [...records];
  }

  /** Loads the stored tokens. */
  static async open(state: StateStore): Promise<TokenAuthority> {
    return new TokenAuthority(state, (await state.getState<TokenRecord[]>(STATE_KEY)) ?? []);
  }

  /** The token records (hashes only). */
  list(): readonly TokenRecord[] {
    return this.records;
  }

  /** The record of a presented token, or undefined (unknown or expired). */
  verify(token: string | undefined, now: number = Date.now()): TokenRecord | undefined {
    if (!token) return undefined;
    const presented = Buffer.from(hashToken(token), "hex");
    let found: TokenRecord | undefined;
    for (const r of this.records) {
      // Every record is compared, match or not, so timing tells nothing of which one matched.
      if (timingSafeEqual(presented, Buffer.from(r.hash, "hex")) && !found) found = r;
    }
    if (found?.expiresAt !== undefined && Date.parse(found.expiresAt) <= now) return undefined;
    return found;
  }

  /** Creates a token; returns it (to show once) and its record. */
  async create(
    name: string,
    role: Role,
    token = generateToken(),
    options: { expiresAt?: string } = {},
  ): Promise<{ token: string; record: TokenRecord }> {
    const record: TokenRecord = {
      id: `tk_${randomBytes(6).toString("hex")}`,
      name,
      role,
      hash: hashToken(token),
      createdAt: new Date().toISOString(),
      ...(options.expiresAt !== undefined ? { expiresAt: options.expiresAt } : {}),
    };
    this.records = [...this.records, record];
    await this.state.putState(STATE_KEY, this.records);
    return { token, record };
  }

  /** Deletes a token by id; false when there is none. */
  async revoke(id: string): Promise<boolean> {
    const rest = this.records.filter((r) => r.id !== id);
    if (rest.length === this.records.length) return false;
    this.records = rest;
    await this.state.putState(STATE_KEY, this.records);
    return true;
  }

  /**
   * On first start (no token yet) creates the admin token: the configured one, or a new one
   * returned to be printed once. A configured token that is not stored yet is added as admin.
   */
  async ensureAdmin(configured?: string): Promise<{ created: boolean; token?: string }> {
    if (configured) {
      if (this.verify(configured)) return { created: false };
      await this.create("admin (configured)", "admin", configured);
      return { created: true };
    }
    if (this.records.some((r) => r.role === "admin")) return { created: false };
    const { token } = await this.create("admin", "admin");
    return { created: true, token };
  }
}
