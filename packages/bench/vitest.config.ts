import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The files share no state: a worker runs one after another instead of starting a fresh
    // process (and loading vitest again) for each.
    isolate: false,
    // esbuild bundles a few kilobytes in well under a second; a hang must fail, not stall the run.
    testTimeout: 30_000,
  },
});
