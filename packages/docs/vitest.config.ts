import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // A headless Chromium starts in about a second and the page renders in a few; nothing
    // should take longer, and a hang must fail instead of stalling the run.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
