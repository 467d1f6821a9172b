import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Real processes (Prism, the linter) start in a few seconds; nothing should take longer.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
