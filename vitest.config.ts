import { defineConfig } from "vitest/config";

// Unit, conformance and CLI tests. Integration tests against services have their own config.
export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    exclude: ["test/integration/**", "node_modules/**", "dist/**"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
