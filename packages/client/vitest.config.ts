import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // One Prism on the default spec for the run, shared by the files that need just that one
    // (the mock package's own mechanism); files testing another spec start their own.
    globalSetup: ["../mock/test/shared-prism.ts"],
    // Files reuse a worker and its loaded modules (the client, the spec and its validators)
    // rather than starting one each: every file stops what it starts in its own afterAll.
    isolate: false,
    // Real processes (Prism, the linter) start in a few seconds; nothing should take longer.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
