import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Real processes (Prism, Chromium) start in a few seconds alone, but can take a minute when
    // the whole test run shares two cores with other work.
    testTimeout: 30_000,
    hookTimeout: 150_000,
  },
});
