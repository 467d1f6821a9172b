import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The two files reuse one worker rather than starting one each: each stops what it starts
    // in its own afterAll, and the modules they share (the build's functions) keep no state.
    isolate: false,
    // A headless Chromium starts in about a second and the page renders in a few; nothing
    // should take longer, and a hang must fail instead of stalling the run.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
