import { describe, expect, it } from "vitest";
import { MemoryStore } from "../store/index.js";
import { TokenAuthority, generateToken, hashToken, roleAllows } from "./index.js";

describe("bearer tokens", () => {
  it("makes random 32-byte tokens and stores only their SHA-256", async () => {
    const store = new MemoryStore();
    const auth = await TokenAuthority.open(store);
    const { token, record } = await auth.create("ci", "analyst");
    expect(token).toMatch(/^tcs_[A-Za-z0-9_-]{43}$/);
    expect(generateToken()).not.toBe(generateToken());
    expect(record.hash).toBe(hashToken(token));
    expect(JSON.stringify(await store.getState("auth.tokens"))).not.toContain(token);
    expect(auth.verify(token)?.role).toBe("analyst");
    expect(auth.verify(`${token}x`)).toBeUndefined();
    expect(auth.verify(undefined)).toBeUndefined();
  });

  it("creates a new admin token once on first start and returns it to print", async () => {
    const store = new MemoryStore();
    const first = await (await TokenAuthority.open(store)).ensureAdmin();
    expect(first.created).toBe(true);
    expect(first.token).toBeDefined();
    const again = await TokenAuthority.open(store);
    expect(await again.ensureAdmin()).toEqual({ created: false });
    expect(again.verify(first.token)?.role).toBe("admin");
  });

  it("uses the configured admin token when there is one", async () => {
    const store = new MemoryStore();
    const auth = await TokenAuthority.open(store);
    expect(await auth.ensureAdmin("s3cret-admin-token")).toEqual({ created: true });
    expect(auth.verify("s3cret-admin-token")?.role).toBe("admin");
    expect(await auth.ensureAdmin("s3cret-admin-token")).toEqual({ created: false });
  });

  it("revokes tokens and ranks roles", async () => {
    const auth = await TokenAuthority.open(new MemoryStore());
    const { token, record } = await auth.create("r", "reader");
    expect(await auth.revoke(record.id)).toBe(true);
    expect(auth.verify(token)).toBeUndefined();
    expect(roleAllows("admin", "analyst")).toBe(true);
    expect(roleAllows("reader", "analyst")).toBe(false);
  });
});
