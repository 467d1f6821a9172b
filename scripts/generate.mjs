#!/usr/bin/env node
// The one pipeline step that turns spec/ into everything downstream:
//   packages/types/openapi.{yaml,json}        the bundled spec (mock, docs and tools read it)
//   packages/types/src/schema.ts              types, by openapi-typescript
//   packages/client/src/generated/operations.ts  the runtime operation table of the client
//   packages/client/src/generated/version.ts     the client's version (from its package.json)
//
//   node scripts/generate.mjs            write the files
//   node scripts/generate.mjs --check    write nothing; exit 1 if any committed file differs
//   node scripts/generate.mjs --spec other.yaml --out dir   generate from another spec into dir
import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import openapiTS, { astToString } from "openapi-typescript";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const HEADER = "This file is generated from spec/openapi.yaml by scripts/generate.mjs. Do not edit it by hand.";
const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** Bundles the multi-file spec into one document with Redocly (refs stay internal `#/components/...`). */
function bundle(specPath) {
  const dir = mkdtempSync(join(tmpdir(), "spec-bundle-"));
  try {
    const redocly = join(root, "node_modules", ".bin", "redocly");
    const run = (out) =>
      execFileSync(redocly, ["bundle", specPath, "--output", join(dir, out)], {
        cwd: root,
        stdio: ["ignore", "pipe", "pipe"],
        env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
      });
    run("openapi.yaml");
    run("openapi.json");
    return {
      yaml: readFileSync(join(dir, "openapi.yaml"), "utf8"),
      json: readFileSync(join(dir, "openapi.json"), "utf8"),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function typesFor(document) {
  const ast = await openapiTS(document, {
    rootTypes: true, // `ChatroomToken` next to components["schemas"]["ChatroomToken"]
    rootTypesNoSchemaPrefix: true,
    alphabetize: true, // stable output whatever the order in the spec
    silent: true,
  });
  return `/**\n * ${HEADER}\n */\n\n${astToString(ast)}`;
}

/**
 * The client's runtime view of each operation: which base URL it uses and whether it takes the
 * organization header. Path parameters are read from `path`; the named method is the operationId
 * with a lower-case first letter.
 */
export function operationTable(document) {
  const familyOfTag = new Map((document.tags ?? []).map((t) => [t.name, t["x-api"]]));
  const resolveParam = (p) => (p.$ref ? document.components.parameters[p.$ref.split("/").pop()] : p);
  const rows = [];
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!op) continue;
      if (!op.operationId) throw new Error(`${method.toUpperCase()} ${path}: operationId is missing`);
      const tag = op.tags?.[0];
      const api = familyOfTag.get(tag);
      if (!api) throw new Error(`${op.operationId}: tag "${tag}" has no x-api (blendvision | stackrox)`);
      const params = [...(item.parameters ?? []), ...(op.parameters ?? [])].map(resolveParam);
      rows.push({
        operationId: op.operationId,
        method: method.toUpperCase(),
        path,
        tag,
        api,
        orgHeader: params.some((p) => p.in === "header" && p.name.toLowerCase() === "x-bv-org-id"),
      });
    }
  }
  return rows.sort((a, b) => a.operationId.localeCompare(b.operationId));
}

function operationsModule(rows) {
  const body = rows.map((r) => `  ${JSON.stringify(r)},`).join("\n");
  return `// ${HEADER}\n\nexport const operations = [\n${body}\n] as const;\n`;
}

// A constant rather than a JSON import, so every bundler and runtime can load it.
function versionModule() {
  const { version } = JSON.parse(readFileSync(join(root, "packages/client/package.json"), "utf8"));
  const header = "This file is generated from packages/client/package.json by scripts/generate.mjs. Do not edit it by hand.";
  return `// ${header}\n\n/** This package's version. */\nexport const VERSION = ${JSON.stringify(version)};\n`;
}

export async function generate(specPath = join(root, "spec/openapi.yaml")) {
  const bundled = bundle(specPath);
  const document = JSON.parse(bundled.json);
  return {
    "packages/types/openapi.yaml": bundled.yaml,
    "packages/types/openapi.json": bundled.json,
    "packages/types/src/schema.ts": await typesFor(document),
    "packages/client/src/generated/operations.ts": operationsModule(operationTable(document)),
    "packages/client/src/generated/version.ts": versionModule(),
  };
}

async function main() {
  const { values } = parseArgs({
    options: { check: { type: "boolean" }, spec: { type: "string" }, out: { type: "string" } },
  });
  const outDir = values.out ? resolve(values.out) : root;
  const files = await generate(values.spec ? resolve(values.spec) : undefined);

  if (values.check) {
    const stale = Object.entries(files).filter(([file, text]) => {
      const onDisk = join(outDir, file);
      return !existsSync(onDisk) || readFileSync(onDisk, "utf8") !== text;
    });
    // Generating twice must give the same bytes, or the check above means nothing.
    const again = await generate(values.spec ? resolve(values.spec) : undefined);
    const unstable = Object.keys(files).filter((f) => files[f] !== again[f]);
    for (const f of unstable) console.error(`not reproducible: ${f} differs between two runs`);
    for (const [f] of stale) console.error(`out of date: ${f} (run \`pnpm generate\` and commit the result)`);
    if (stale.length || unstable.length) process.exit(1);
    console.log(`generated files are up to date (${Object.keys(files).length} files)`);
    return;
  }
  for (const [file, text] of Object.entries(files)) {
    const target = join(outDir, file);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
    console.log(`wrote ${relative(process.cwd(), target) || target}`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(err.stderr?.toString() || err.message);
    process.exit(1);
  });
}
