import { defineConfig } from "vitest/config";

// Tests that talk to PostgreSQL, NATS and Redis on this machine (see .ci/run).
export default defineConfig({
  test: {
    include: ["test/integration/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
