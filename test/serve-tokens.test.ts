import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_TOKEN, type TestServer, startTestServer } from "./support/server.js";

interface Created {
  token: string;
  record: { id: string; name: string; role: string; expiresAt?: string };
}

describe("tocsin serve: API tokens", () => {
  let server: TestServer;
  const as = (token: string, path: string, init: RequestInit = {}) =>
    fetch(`${server.url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string> | undefined) },
    });
  const create = async (body: unknown) =>
    server.api("/api/v1/tokens", {
      method: "POST",
      body: JSON.stringify(body),
      headers: { "content-type": "application/json" },
    });

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it("creates a token whose secret is shown once and never listed, with the role it was given", async () => {
    const res = await create({ name: "soc dashboard", role: "reader" });
    expect(res.status).toBe(201);
    const created = (await res.json()) as Created;
    expect(created.token).toMatch(/^tcs_/);
    expect(created.record).toMatchObject({ name: "soc dashboard", role: "reader" });
    const list = await (await server.api("/api/v1/tokens")).text();
    expect(list).toContain(created.record.id);
    expect(list).not.toContain(created.token);
    expect(list).not.toContain("hash");

    expect((await as(created.token, "/api/v1/alerts")).status).toBe(200);
    expect(await (await as(created.token, "/api/v1/me")).json()).toMatchObject({
      id: created.record.id,
      role: "reader",
    });
    // A reader may neither ingest nor manage tokens.
    const ingest = await as(created.token, "/api/v1/ingest", { method: "POST", body: "{}" });
    expect(ingest.status).toBe(403);
    expect((await as(created.token, "/api/v1/tokens")).status).toBe(403);
  });

  it("revokes a token so that it is refused at once", async () => {
    const created = (await (await create({ name: "temp", role: "analyst" })).json()) as Created;
    expect((await as(created.token, "/api/v1/events")).status).toBe(200);
    const del = await server.api(`/api/v1/tokens/${created.record.id}`, { method: "DELETE" });
    expect(del.status).toBe(204);
    expect((await as(created.token, "/api/v1/events")).status).toBe(401);
    expect((await server.api(`/api/v1/tokens/${created.record.id}`, { method: "DELETE" })).status).toBe(404);
  });

  it("gives a token a lifetime and refuses bad bodies with a clear error", async () => {
    const created = (await (await create({ name: "ci", role: "analyst", expiresIn: "1h" })).json()) as Created;
    const expires = Date.parse(created.record.expiresAt ?? "");
    expect(expires - Date.now()).toBeGreaterThan(59 * 60_000);
    expect(expires - Date.now()).toBeLessThanOrEqual(60 * 60_000);
    expect((await create({ name: "x", role: "root" })).status).toBe(400);
    expect((await create({ name: "x", role: "reader", expiresIn: "soon" })).status).toBe(400);
    expect((await create({ name: "", role: "reader" })).status).toBe(400);
  });

  it("will not revoke the last admin token", async () => {
    const list = (await (await server.api("/api/v1/tokens")).json()) as { items: { id: string; role: string }[] };
    const admins = list.items.filter((t) => t.role === "admin");
    expect(admins).toHaveLength(1);
    const res = await server.api(`/api/v1/tokens/${admins[0]?.id}`, { method: "DELETE" });
    expect(res.status).toBe(409);
    expect((await as(TEST_TOKEN, "/api/v1/tokens")).status).toBe(200);
  });
});
