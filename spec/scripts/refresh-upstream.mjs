#!/usr/bin/env node
// Replaces the vendored StackRox definition with a newer copy of the same file, byte for byte,
// records its commit in the README next to it, and runs the conformance check against it.
//
//   node spec/scripts/refresh-upstream.mjs path/to/api_token_service.swagger.json [--commit <sha>]
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { UPSTREAM } from "./upstream-conformance.mjs";

const { values, positionals } = parseArgs({ options: { commit: { type: "string" } }, allowPositionals: true });
const source = positionals[0];
if (!source) {
  console.error("usage: node spec/scripts/refresh-upstream.mjs <api_token_service.swagger.json> [--commit <sha>]");
  process.exit(2);
}
const bytes = readFileSync(resolve(source));
let document;
try {
  document = JSON.parse(bytes.toString("utf8"));
} catch (error) {
  console.error(`${source}: not JSON (${error.message})`);
  process.exit(1);
}
if (document.swagger !== "2.0" || !document.paths || !Object.keys(document.paths).some((p) => p.startsWith("/v1/apitokens"))) {
  console.error(`${source}: not the Swagger 2.0 definition of the APITokenService (no /v1/apitokens paths)`);
  process.exit(1);
}
if (values.commit !== undefined && !/^[0-9a-f]{40}$/.test(values.commit)) {
  console.error(`--commit must be a full 40-character commit id, got "${values.commit}"`);
  process.exit(1);
}
writeFileSync(UPSTREAM, bytes);
console.log(`updated ${UPSTREAM}`);
if (values.commit) {
  const readme = join(dirname(UPSTREAM), "README.md");
  writeFileSync(readme, readFileSync(readme, "utf8").replace(/^- commit: `[0-9a-f]{40}`$/m, `- commit: \`${values.commit}\``));
  console.log(`recorded commit ${values.commit} in ${readme}`);
}
const check = spawnSync(process.execPath, [join(dirname(fileURLToPath(import.meta.url)), "upstream-conformance.mjs")], { stdio: "inherit" });
process.exit(check.status ?? 1);
