import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  // Recipes import the package as apps do; tests run it from source.
  resolve: { alias: { "@tokenkit/mock/msw": fileURLToPath(new URL("./src/msw.ts", import.meta.url)) } },
  test: {
    include: ["test/**/*.test.ts"],
    // Real processes (Prism, Chromium) start in a few seconds alone, but can take a minute when
    // the whole test run shares two cores with other work.
    testTimeout: 30_000,
    hookTimeout: 150_000,
  },
});
