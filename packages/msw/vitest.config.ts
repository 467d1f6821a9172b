import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Packing and attw run npm tools; on two shared cores that can take a while.
    testTimeout: 60_000,
  },
});
