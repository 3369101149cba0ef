import { describe, expect, it } from "vitest";
import { MemoryStore } from "../store/index.js";
import { TokenAuthority } from "./tokens.js";

describe("token lifetimes", () => {
  it("refuses a token once its expiry has passed, and accepts it before", async () => {
    const tokens = await TokenAuthority.open(new MemoryStore());
    const { token } = await tokens.create("ci", "analyst", undefined, { expiresAt: "2030-01-01T00:00:00.000Z" });
    expect(tokens.verify(token, Date.parse("2029-12-31T23:59:59Z"))?.name).toBe("ci");
    expect(tokens.verify(token, Date.parse("2030-01-01T00:00:00Z"))).toBeUndefined();
  });
});
