import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  // Recipes import the package as apps do; tests run it from source.
  resolve: { alias: { "@tokenkit/mock/msw": fileURLToPath(new URL("./src/msw.ts", import.meta.url)) } },
  test: {
    include: ["test/**/*.test.ts"],
    // Real processes (Prism, the linter) start in a few seconds; nothing should take longer.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
