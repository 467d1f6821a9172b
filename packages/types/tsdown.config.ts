// The package holds types only. Its JS entries exist so that a value import of it still
// resolves; they are empty modules, so an application gains no bytes. No source maps: there is
// no code to map.
import { defineConfig } from "tsdown";

export default defineConfig({
  entry: ["src/index.ts"],
  tsconfig: "tsconfig.build.json",
  format: ["esm", "cjs"],
  platform: "neutral",
  // The names package.json#exports gives ("type": "module"): index.js and index.d.ts for ESM,
  // index.cjs and index.d.cts for CommonJS, so CommonJS consumers never resolve into an
  // ES-module declaration.
  fixedExtension: false,
  dts: { sourcemap: false },
  // Both formats are deliberate (CommonJS users on Node 20 get a CommonJS build); build timings
  // are not worth a warning.
  checks: { legacyCjs: false, pluginTimings: false },
  clean: true,
});
