import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // One Prism for the files that need the default one, and one Chromium for the browser
    // files, instead of one start per file.
    globalSetup: ["test/shared-prism.ts", "test/shared-chromium.ts"],
    // Files reuse a worker and its loaded modules (the spec, its validators, msw) rather than
    // starting one each: every file stops what it starts in its own afterAll.
    isolate: false,
    // Real processes (Prism, Chromium) start in a few seconds alone, but can take a minute when
    // the whole test run shares two cores with other work.
    testTimeout: 30_000,
    hookTimeout: 150_000,
  },
});
