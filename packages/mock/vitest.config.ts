import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // One Prism for the files that need the default one, instead of one start per file.
    globalSetup: ["test/shared-prism.ts"],
    // Real processes (Prism, Chromium) start in a few seconds alone, but can take a minute when
    // the whole test run shares two cores with other work.
    testTimeout: 30_000,
    hookTimeout: 150_000,
  },
});
