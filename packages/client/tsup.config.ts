// Dual build: dist/index.js (ESM) and dist/index.cjs (CommonJS), each with its own
// declaration file (index.d.ts, index.d.cts) and source map. Dependencies stay external,
// so openapi-fetch and @tokenkit/types resolve in the consumer's matching module format.
import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts"],
  tsconfig: "tsconfig.build.json",
  format: ["esm", "cjs"],
  target: "es2022", // what Node 20 and current browsers run without down-levelling
  platform: "neutral", // the same build runs in Node and in browsers (fetch-based, no Node APIs)
  dts: true,
  sourcemap: true, // maps embed their sources, so `src/` need not be shipped
  // Rollup writes the CommonJS build: its interop honours `__esModule` in the CommonJS build of
  // openapi-fetch, so `require` gets the function (esbuild alone hands over the exports object).
  treeshake: true,
  clean: true,
});
