// The package holds types only: declarations, no JavaScript (there is no code, so no source maps
// either). One declaration file per module format, so CommonJS consumers never resolve into an
// ES-module declaration. (The CommonJS pass still writes an empty index.cjs, which
// package.json#files leaves out.)
import { defineConfig } from "tsdown";
import { tsgoExecutable } from "../../scripts/tsgo.mjs";

export default defineConfig({
  entry: ["src/index.ts"],
  tsconfig: "tsconfig.build.json",
  format: ["esm", "cjs"],
  platform: "neutral",
  // The names package.json#exports gives ("type": "module"): index.d.ts for ESM, index.d.cts for CommonJS.
  fixedExtension: false,
  dts: { sourcemap: false, emitDtsOnly: true, generator: "tsgo", tsgo: { path: await tsgoExecutable(import.meta.url) } },
  // Both formats are deliberate (CommonJS users on Node 20 get CommonJS declarations); build
  // timings are not worth a warning.
  checks: { legacyCjs: false, pluginTimings: false },
  clean: true,
});
