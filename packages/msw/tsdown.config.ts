// Two entries: the handlers (`.`) and the engine the mock server adapts (`./engine`), sharing one
// chunk. The private @tokenkit/spec-model (the repository's one reading of the spec) is bundled
// in, code and types, so nothing published depends on an unpublished package; it is a few
// hundred lines, and publishing it would make an internal module a public API to keep stable.
// ESM only: msw 3 and the browser bundlers that load handlers are ESM.
import { defineConfig } from "tsdown";
import { tsgoExecutable } from "../../scripts/tsgo.mjs";

export default defineConfig({
  entry: ["src/index.ts", "src/engine.ts"],
  tsconfig: "tsconfig.build.json",
  format: ["esm"],
  platform: "neutral",
  fixedExtension: false,
  deps: { alwaysBundle: ["@tokenkit/spec-model"] },
  dts: { sourcemap: false, generator: "tsgo", tsgo: { path: await tsgoExecutable(import.meta.url) } },
  checks: { pluginTimings: false },
  clean: true,
});
