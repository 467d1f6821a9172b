import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // esbuild bundles a few kilobytes in well under a second; a hang must fail, not stall the run.
    testTimeout: 30_000,
  },
});
