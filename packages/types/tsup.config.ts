// The package holds types only. Its JS entries exist so that a value import of it still
// resolves; tree-shaking them leaves empty modules, so an application gains no bytes.
// No source maps: there is no code to map.
import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts"],
  tsconfig: "tsconfig.build.json",
  format: ["esm", "cjs"], // dist/index.js and dist/index.cjs
  // One self-contained declaration file per format (index.d.ts, index.d.cts), so CommonJS
  // consumers never resolve into an ES-module declaration.
  dts: true,
  treeshake: true,
  clean: true,
});
