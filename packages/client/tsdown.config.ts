// Dual build: dist/index.js (ESM) and dist/index.cjs (CommonJS), each with its own
// declaration file (index.d.ts, index.d.cts). Dependencies stay external,
// so openapi-fetch and @tokenkit/types resolve in the consumer's matching module format.
import { defineConfig, type Rolldown } from "tsdown";
import { tsgoExecutable } from "../../scripts/tsgo.mjs";

// Rolldown (tsdown 0.23) compiles a default import inside a "type": "module" package with Node's
// ESM-imports-CommonJS rule even in the CommonJS build, `__toESM(mod, 1)`: the default would be
// openapi-fetch's whole `module.exports` instead of its `exports.default` (marked `__esModule`),
// which is the function. Without the flag, `__toESM` honours `__esModule`. The edit stays on a
// line of Rolldown's own runtime code, so no mapping changes (`map: null`). Proven by
// the consumer tests, which `require` the packed client and call the mock.
const esModuleInterop: Rolldown.Plugin = {
  name: "tokenkit:cjs-esmodule-interop",
  renderChunk(code, _chunk, options) {
    if (options.format !== "cjs") return null;
    return { code: code.replace(/__toESM\((\w+), 1\)/g, "__toESM($1)"), map: null };
  },
};

export default defineConfig({
  entry: ["src/index.ts"],
  tsconfig: "tsconfig.build.json",
  format: ["esm", "cjs"],
  target: "es2022", // what Node 20 and current browsers run without down-levelling
  platform: "neutral", // the same build runs in Node and in browsers (fetch-based, no Node APIs)
  // The names package.json#exports gives ("type": "module"): .js/.d.ts for ESM, .cjs/.d.cts
  // for CommonJS.
  fixedExtension: false,
  // No source maps. The output is not minified: a stack trace already points at readable code
  // with the source's names. Maps carrying their sources would more than double the package,
  // and maps without them would point into a `src/` that is not shipped.
  sourcemap: false,
  dts: { sourcemap: false, generator: "tsgo", tsgo: { path: await tsgoExecutable(import.meta.url) } },
  // Both formats are deliberate (CommonJS users on Node 20 get a CommonJS build); build timings
  // are not worth a warning.
  checks: { legacyCjs: false, pluginTimings: false },
  plugins: [esModuleInterop],
  clean: true,
});
