import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // One release to one Verdaccio, one install per scratch app and one mock: every test file
    // shares them.
    globalSetup: ["test/setup.ts"],
    // The files mostly wait on processes they start (tsc, attw, npx, vitest, Chromium): more of
    // them at once than there are cores keeps the cores busy.
    maxWorkers: 4,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
