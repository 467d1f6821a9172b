import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The files share no state: a worker runs one after another instead of starting a fresh
    // process (and loading vitest again) for each.
    isolate: false,
    // Real processes (Prism, the linter) start in a few seconds; nothing should take longer.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
