#!/usr/bin/env node
// @ts-check
// Generates this package from spec/: the bundled spec and the types.
//   openapi.yaml, openapi.json   the spec bundled into one document (internal `#/components` refs)
//   src/schema.ts                types, by openapi-typescript
// The spec is checked first (the linter, then what the client needs of every operation); an
// invalid spec is refused with the file and line to fix, and nothing is written.
//
//   node scripts/generate.mjs [--check] [--spec spec/openapi.yaml] [--out dir]
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { validate } from "@tokenkit/spec-model";
import { generatedHeader, locate, runGenerator } from "@tokenkit/spec-model/files";
import { parse as parseYaml } from "yaml";

const require = createRequire(import.meta.url);
const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const root = resolve(packageDir, "../..");
const HEADER = generatedHeader("packages/types/scripts/generate.mjs", "spec/openapi.yaml");

/** Runs the Redocly CLI; resolves to its output, rejects with it when the command fails. */
async function redocly(/** @type {string[]} */ args) {
  const pkg = require.resolve("@redocly/cli/package.json");
  const cli = join(dirname(pkg), JSON.parse(await readFile(pkg, "utf8")).bin.redocly);
  const env = { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true", NO_COLOR: "1" };
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [cli, ...args, "--config", join(root, "redocly.yaml")], { cwd: root, env, maxBuffer: 64 << 20 });
    return stdout + stderr;
  } catch (err) {
    const { stdout = "", stderr = "" } = /** @type {{ stdout?: string, stderr?: string }} */ (err);
    throw Object.assign(new Error(withoutBanner(stdout + stderr)), { lint: true });
  }
}

// Redocly prints a framed notice about the Node version it runs on; it is not about the spec.
const withoutBanner = (/** @type {string} */ text) =>
  text
    .split("\n")
    .filter((line) => !/^\s*[╔║╚]/.test(line))
    .join("\n")
    .trim();

/**
 * Lints and bundles the spec (in parallel); throws with the linter's report when it finds problems.
 * One bundle, as YAML: Redocly writes its JSON bundle as `JSON.stringify(bundle, null, 2)` of the
 * same document, so reading the YAML back gives those bytes without a third Redocly process
 * (check:generated compares both files byte for byte).
 */
async function lintAndBundle(/** @type {string} */ specPath) {
  const dir = await mkdtemp(join(tmpdir(), "spec-bundle-"));
  try {
    const [lint, bundled] = await Promise.allSettled([
      redocly(["lint", specPath, "--format", "codeframe"]),
      redocly(["bundle", specPath, "--output", join(dir, "openapi.yaml")]).then(() => readFile(join(dir, "openapi.yaml"), "utf8")),
    ]);
    if (lint.status === "rejected") throw new Error(`the spec is invalid:\n${lint.reason.message}`);
    if (bundled.status === "rejected") throw new Error(`the spec could not be bundled:\n${bundled.reason.message}`);
    const yaml = bundled.value;
    const document = parseYaml(yaml);
    return { yaml, json: JSON.stringify(document, null, 2), document };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function typesFor(/** @type {object} */ document) {
  // Loaded only for a spec that passed: openapi-typescript brings the TypeScript compiler, about
  // a CPU-second to load, which a refused spec never needs.
  const { default: openapiTS, astToString } = await import("openapi-typescript");
  const ast = await openapiTS(/** @type {any} */ (document), {
    rootTypes: true, // `ChatroomToken` next to components["schemas"]["ChatroomToken"]
    rootTypesNoSchemaPrefix: true,
    alphabetize: true, // stable output whatever the order in the spec
    silent: true,
  });
  return `/**\n * ${HEADER}\n */\n\n${astToString(ast)}`;
}

/** The files of this package, from the spec at `specPath`. */
export async function generate(specPath = join(root, "spec/openapi.yaml")) {
  const { yaml, json, document } = await lintAndBundle(resolve(specPath));
  // What the linter cannot know: what the client needs of each operation, at the file and line to
  // fix, named from the repository root as the linter (run there) names its files.
  const problems = validate(document).map((p) => `${locate(specPath, p.pointer, root)}: ${p.message}`);
  if (problems.length) throw new Error(`the spec is invalid:\n${problems.map((p) => `  ${p}`).join("\n")}`);
  return {
    "openapi.yaml": yaml,
    "openapi.json": json,
    "src/schema.ts": await typesFor(document),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await runGenerator({ name: "@tokenkit/types", packageDir, defaultSpec: join(root, "spec/openapi.yaml"), generate });
}
