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
    // The files share nothing but the provided context, so a worker runs one file after another
    // instead of starting a fresh process (and loading vitest again) for each.
    isolate: false,
    // attw's verdict and report come from its CLI's modules, which import its engine: through
    // vitest's resolver that is the engine's build; loaded by Node in a worker (which vitest starts
    // with the `development` condition) it would be the engine's TypeScript sources.
    server: { deps: { inline: ["@arethetypeswrong/cli"] } },
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
