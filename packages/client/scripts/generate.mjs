#!/usr/bin/env node
// Generates this package's files from the bundled spec of @tokenkit/types:
//   src/generated/operations.ts   the runtime operation table the named operations are built from
//   src/generated/version.ts      this package's version (from package.json)
//
//   node scripts/generate.mjs [--check] [--spec path/to/bundled/openapi.json] [--out dir]
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { operationTable } from "@tokenkit/spec-model";
import { generatedHeader, runGenerator } from "@tokenkit/spec-model/files";

const require = createRequire(import.meta.url);
const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const GENERATOR = "packages/client/scripts/generate.mjs";

function operationsModule(/** @type {ReturnType<typeof operationTable>} */ rows) {
  const body = rows.map((r) => `  ${JSON.stringify(r)},`).join("\n");
  return `// ${generatedHeader(GENERATOR, "spec/openapi.yaml")}\n\nexport const operations = [\n${body}\n] as const;\n`;
}

// A constant rather than a JSON import, so every bundler and runtime can load it.
function versionModule() {
  const { version } = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8"));
  return `// ${generatedHeader(GENERATOR, "packages/client/package.json")}\n\n/** This package's version. */\nexport const VERSION = ${JSON.stringify(version)};\n`;
}

/** The files of this package, from a bundled spec (JSON). */
export function generate(specPath = require.resolve("@tokenkit/types/openapi.json")) {
  const document = JSON.parse(readFileSync(specPath, "utf8"));
  return {
    "src/generated/operations.ts": operationsModule(operationTable(document)),
    "src/generated/version.ts": versionModule(),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await runGenerator({ name: "@tokenkit/client", packageDir, defaultSpec: require.resolve("@tokenkit/types/openapi.json"), generate });
}
