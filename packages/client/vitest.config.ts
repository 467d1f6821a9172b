import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // One Prism on the default spec for the run, shared by the files that need just that one
    // (the mock package's own mechanism); files testing another spec start their own.
    globalSetup: ["../mock/test/shared-prism.ts"],
    // Real processes (Prism, the linter) start in a few seconds; nothing should take longer.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
