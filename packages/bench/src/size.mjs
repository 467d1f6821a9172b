// What an application pays in bytes for a package: esbuild bundles a one-line entry for the
// browser (ESM, minified, tree-shaken), the way an app bundler would, and the result is gzipped.
// The metafile says how many of those bytes each input file contributed.
//   node src/size.mjs            sizes of the client, openapi-fetch and the alternatives
//   node src/size.mjs --inputs   also the minified bytes each input file adds to the client
import { build } from "esbuild";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { operations } from "@tokenkit/spec-model";
import { dirname, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const packageDir = resolve(here, "..");

/**
 * The budget of the client's browser bundle, min+gzip, in bytes, for a spec of `operations`
 * operations: a fixed part plus a share per operation, since the client carries one row of its
 * operation table per operation. Both were measured: 7424 B at 9 operations and 7634 B at 26
 * (12.4 B each), then 8176 B at 26 with paged lists (`.all`, 542 B), then 7519 B at 26 once the
 * client built its requests with its own serializers instead of openapi-fetch's runtime, then
 * 7492 B at 26 with one JSON parse per response and nothing left behind by tree-shaking, then
 * 7635 B at 26 with credentials a server echoes in a response header masked (64 B), a `baseUrl`
 * key that is no API family refused (57 B) and three fixes of option handling and the refresh
 * reason (22 B), then 7949 B at 26 (28 B of it so that a call's `METHOD url` is masked only when its path holds the token, keeping that work off every other call) with the credentials a request carried masked however a server
 * echoes them (JSON-escaped, a Basic password decoded, a cookie, Proxy-Authorization: 59 B plus
 * 28 B), the token masked in an error's `METHOD url` (45 B), a `baseUrl` holding credentials
 * refused (37 B), long strings no longer quoted in refusals (23 B) and only the request id
 * kept of the headers of a paged walk's repeated-token error (31 B), plus about 1 % (7974 B since a `baseUrl`'s credentials are read from the parsed URL and a provider's token is hidden in an aborted call's line, 25 B), so any
 * growth of the client's own code has to be argued for.
 * The fixed bytes pay
 * for checking every option and argument before the network (each refusal names its field),
 * token providers (their wait bounded by the time limit and the caller's abort, refreshed after
 * a 401), the typed failures of every kind with echoed credentials masked, openapi-fetch's
 * middleware contract and query styles, which the client runs itself, and walking paged lists;
 * BENCHMARKS.md says where the bytes go.
 * @param {number} operations
 */
export const clientBudget = (operations) => CLIENT_FIXED_BYTES + CLIENT_BYTES_PER_OPERATION * operations;
/** The part of the budget that does not grow with the spec. */
export const CLIENT_FIXED_BYTES = 7690;
/**
 * What each operation may add. Ours cost 12.4 B each; the synthetic specs of the scale test repeat
 * the same path strings, which gzip packs tighter (about 7 B there).
 */
export const CLIENT_BYTES_PER_OPERATION = 13;
/** The operations of the bundled spec the client is built from. */
export const specOperationCount = () =>
  operations(JSON.parse(readFileSync(resolve(packageDir, "../types/openapi.json"), "utf8"))).length;
/** The size the client aims for, reported next to the budget. */
export const CLIENT_GOAL = 4500;

/**
 * Entries measured. Each re-exports a whole package, so nothing it exports is shaken out: this
 * is the most an application can pay for it.
 */
export const ENTRIES = {
  "@tokenkit/client": 'export * from "@tokenkit/client";',
  "openapi-fetch": 'export { default } from "openapi-fetch"; export * from "openapi-fetch";',
  ofetch: 'export * from "ofetch";',
  ky: 'export { default } from "ky"; export * from "ky";',
  axios: 'export { default } from "axios"; export * from "axios";',
};

/**
 * @typedef {object} BundleSize
 * @property {number} minified bytes of the minified bundle
 * @property {number} gzip bytes of the minified bundle after gzip -9
 * @property {Record<string, number>} inputs minified bytes each input file adds, keyed by path
 * @property {string} code the minified bundle
 */

/**
 * Bundles `contents` for the browser and measures it.
 * @param {string} contents source of the entry module
 * @param {string} [resolveDir] where its imports resolve from; default: this package
 * @returns {Promise<BundleSize>}
 */
export async function measure(contents, resolveDir = packageDir) {
  const result = await build({
    stdin: { contents, resolveDir, loader: "js" },
    absWorkingDir: packageDir, // metafile paths are relative to it
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  const output = Object.values(result.metafile.outputs)[0];
  /** @type {Record<string, number>} */
  const inputs = {};
  for (const [path, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) inputs[shortPath(path)] = bytesInOutput;
  return { minified: code.byteLength, gzip: gzipSync(code, { level: 9 }).byteLength, inputs, code: new TextDecoder().decode(code) };
}

/**
 * Bytes that the files of one package contribute to a bundle. pnpm resolves workspace
 * packages to their own folder and registry packages into node_modules/.pnpm/<name>@<version>.
 * @param {BundleSize} size
 * @param {string} name package name
 */
export function bytesFrom(size, name) {
  const workspaceDir = `packages/${name.replace("@tokenkit/", "")}/`;
  const storeDir = `/${name.replace("/", "+")}@`;
  const pnpmDir = `node_modules/${name}/`;
  return Object.entries(size.inputs)
    .filter(([path]) => (name.startsWith("@tokenkit/") ? path.startsWith(workspaceDir) : path.includes(storeDir) || path.includes(pnpmDir)))
    .reduce((sum, [, bytes]) => sum + bytes, 0);
}

/**
 * Input paths relative to the repository root, so they read the same on every machine.
 * @param {string} path as esbuild reports it: relative to this package, or virtual
 */
function shortPath(path) {
  if (path.startsWith("<stdin>") || path.startsWith("virtual:")) return path;
  return relative(resolve(packageDir, "../.."), resolve(packageDir, path));
}

/** Measures every entry in ENTRIES. */
export async function measureAll() {
  /** @type {Record<string, BundleSize>} */
  const sizes = {};
  for (const [name, contents] of Object.entries(ENTRIES)) sizes[name] = await measure(contents);
  return sizes;
}

/** @param {number} bytes */
const kB = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;

/**
 * The table the bench and this script print.
 * @param {Record<string, BundleSize>} sizes
 */
export function formatSizes(sizes) {
  const lines = ["bundle (browser, esm, minified)   min+gzip   minified"];
  for (const [name, size] of Object.entries(sizes)) {
    lines.push(`${name.padEnd(32)} ${`${size.gzip} B`.padStart(9)} ${kB(size.minified).padStart(10)}`);
  }
  const client = sizes["@tokenkit/client"];
  if (client) {
    const budget = clientBudget(specOperationCount());
    lines.push(`budget of @tokenkit/client: ${budget} B min+gzip -> ${client.gzip <= budget ? "within" : `OVER by ${client.gzip - budget} B`}`);
    lines.push(`goal of @tokenkit/client: ${CLIENT_GOAL} B min+gzip -> ${client.gzip <= CLIENT_GOAL ? "met" : `missed by ${client.gzip - CLIENT_GOAL} B`}`);
  }
  return lines.join("\n");
}

/** @param {BundleSize} size */
function printInputs(size) {
  const inputs = Object.entries(size.inputs).sort((a, b) => b[1] - a[1]);
  for (const [path, bytes] of inputs) console.log(`${String(bytes).padStart(7)}  ${path}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const sizes = await measureAll();
  console.log(formatSizes(sizes));
  if (process.argv.includes("--inputs")) {
    console.log("\nminified bytes per input file of @tokenkit/client (its built entry):");
    printInputs(/** @type {BundleSize} */ (sizes["@tokenkit/client"]));
    // The built entry is one file; bundling the sources instead splits its share by source file.
    const sources = await measure('export * from "../client/src/index.ts";');
    console.log(`\nthe same bundled from the client's sources (${sources.gzip} B min+gzip), per file:`);
    printInputs(sources);
  }
}
