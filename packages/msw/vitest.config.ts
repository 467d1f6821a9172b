import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Files reuse a worker and its loaded modules (the spec, its validators, msw) rather than
    // starting one each: the one file that patches fetch (msw's setupServer) closes it in afterAll.
    isolate: false,
    // Packing and attw run npm tools; on two shared cores that can take a while.
    testTimeout: 60_000,
  },
});
