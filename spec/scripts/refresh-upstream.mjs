#!/usr/bin/env node
// @ts-check
// Replaces a provider's vendored definition with one taken from a newer upstream file, records the
// upstream commit in the README next to it, and runs the conformance check against it.
//
//   node spec/scripts/refresh-upstream.mjs stackrox path/to/api_token_service.swagger.json [--commit <sha>]
//   node spec/scripts/refresh-upstream.mjs blendvision path/to/api-index.json [--commit <sha>]
//
// Central's file is vendored whole, byte for byte. BlendVision's index has 324 operations: the
// slice keeps the operations of the token and group families (BLENDVISION_FAMILIES) and the
// definitions they reach, each exactly as in the source, in source order. `--out <file>` writes
// the result elsewhere (and records no commit), to try a file before taking it.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { BLENDVISION_FAMILIES, definitionsReached, inFamilies, PROVIDERS } from "./upstream-conformance.mjs";

/** @typedef {Record<string, any>} Json */

/**
 * The slice of BlendVision's compiled index that is vendored: `info` as it is, the families'
 * operations and the transitive closure of the definitions they reference, both in source order.
 * Re-serialised compactly, which reproduces the source's own text of each part.
 * @param {Json} index
 */
export function blendvisionSlice(index) {
  const operations = index.operations.filter((/** @type {Json} */ op) => inFamilies(BLENDVISION_FAMILIES, op.path));
  const reached = definitionsReached(index, operations);
  const definitions = Object.fromEntries(Object.entries(index.definitions).filter(([name]) => reached.has(name)));
  return `${JSON.stringify({ info: index.info, operations, definitions })}\n`;
}

/**
 * What each provider's refresh makes of the upstream file, after checking it is the right one.
 * @type {Record<string, (bytes: Buffer, document: Json, source: string) => Buffer | string>}
 */
const REFRESH = {
  stackrox(bytes, document, source) {
    if (document.swagger !== "2.0" || !Object.keys(document.paths ?? {}).some((p) => p.startsWith("/v1/apitokens"))) {
      throw new Error(`${source}: not the Swagger 2.0 definition of the APITokenService (no /v1/apitokens paths)`);
    }
    return bytes;
  },
  blendvision(_bytes, document, source) {
    if (!Array.isArray(document.operations) || typeof document.definitions !== "object" || !document.definitions) {
      throw new Error(`${source}: not BlendVision's compiled API index (no operations list and definitions)`);
    }
    const slice = blendvisionSlice(document);
    if (!JSON.parse(slice).operations.length) throw new Error(`${source}: no operation of the token and group families`);
    return slice;
  },
};

function main() {
  const { values, positionals } = parseArgs({ options: { commit: { type: "string" }, out: { type: "string" } }, allowPositionals: true });
  const [providerName = "", source] = positionals;
  const provider = PROVIDERS[providerName];
  const refresh = REFRESH[providerName];
  if (!provider || !refresh || !source) {
    console.error(`usage: node spec/scripts/refresh-upstream.mjs <${Object.keys(REFRESH).join("|")}> <upstream file> [--commit <sha>] [--out <file>]`);
    process.exit(2);
  }
  if (values.commit !== undefined && !/^[0-9a-f]{40}$/.test(values.commit)) {
    console.error(`--commit must be a full 40-character commit id, got "${values.commit}"`);
    process.exit(1);
  }
  const bytes = readFileSync(resolve(source));
  let result;
  try {
    result = refresh(bytes, JSON.parse(bytes.toString("utf8")), source);
  } catch (error) {
    console.error(error instanceof SyntaxError ? `${source}: not JSON (${error.message})` : String(error instanceof Error ? error.message : error));
    process.exit(1);
  }
  const target = resolve(values.out ?? provider.file);
  writeFileSync(target, result);
  console.log(`updated ${target}`);
  if (values.commit && !values.out) {
    const readme = join(dirname(provider.file), "README.md");
    writeFileSync(readme, readFileSync(readme, "utf8").replace(/^- commit: `[0-9a-f]{40}`$/im, `- commit: \`${values.commit}\``));
    console.log(`recorded commit ${values.commit} in ${readme}`);
  }
  const script = join(dirname(fileURLToPath(import.meta.url)), "upstream-conformance.mjs");
  const check = spawnSync(process.execPath, [script, "--provider", providerName, "--upstream", target], { stdio: "inherit" });
  process.exit(check.status ?? 1);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
