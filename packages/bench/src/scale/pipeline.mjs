// The project's real pipeline run on a synthetic spec, in a scratch copy of the repository:
// lint (Redocly with the project's rules), generate (each package's own generator: the types
// package lints, bundles and types the spec, the client writes its tables from the bundle), build
// (each package's own build script), then a consumer project that installs the built packages
// and is type-checked with `tsc --extendedDiagnostics` (TypeScript 7, the repository's checker:
// the same instantiation counts within 1 % of 5.9's, at a fifth of the CPU).
import { execFile, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { delimiter, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { consumerSources, pickCalls } from "./consumer.mjs";
import { syntheticSpec } from "./synthetic-spec.mjs";

export const root = resolve(dirname(fileURLToPath(import.meta.url)), "../../../..");
/** The packages the pipeline builds, in build order. */
const PACKAGES = ["types", "client"];
const quiet = { REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true", NO_COLOR: "1" };

/** Bundles an app would ship, each a one-line entry (measured with size.mjs: browser, minified, gzip -9). */
export const BUNDLES = {
  createClient: 'import { createClient } from "@tokenkit/client"; console.log(createClient);',
  errorOnly: 'import { NotFoundError } from "@tokenkit/client"; console.log(NotFoundError);',
  openapiFetch: 'import createClient from "openapi-fetch"; console.log(createClient);',
};

/** Milliseconds `fn` takes, with its result. @template T @param {() => T} fn */
function timed(fn) {
  const start = performance.now();
  const result = fn();
  return { ms: performance.now() - start, result };
}

/** @param {import("node:child_process").SpawnSyncOptions} options */
const commandOptions = (options) => ({ encoding: /** @type {const} */ ("utf8"), maxBuffer: 64 * 2 ** 20, ...options, env: { ...process.env, ...quiet, ...options.env } });
/** @param {string} file @param {string[]} args @param {unknown} how @param {unknown} stdout @param {unknown} stderr */
const commandFailed = (file, args, how, stdout, stderr) => new Error(`${file} ${args.join(" ")} failed (${how}):\n${stdout}${stderr}`);

/**
 * Runs a command, throwing with its output when it fails.
 * @param {string} file @param {string[]} args @param {import("node:child_process").SpawnSyncOptions} [options]
 */
function run(file, args, options = {}) {
  const result = spawnSync(file, args, commandOptions(options));
  if (result.status !== 0) throw commandFailed(file, args, result.status ?? result.signal, result.stdout, result.stderr);
  return `${result.stdout}${result.stderr}`;
}

/**
 * `run` without blocking, for measurements that do not depend on the machine and may run side by side.
 * @param {string} file @param {string[]} args @param {import("node:child_process").SpawnSyncOptions} [options]
 */
async function runAsync(file, args, options = {}) {
  try {
    const { stdout, stderr } = await promisify(execFile)(file, args, /** @type {import("node:child_process").ExecFileOptionsWithStringEncoding} */ (commandOptions(options)));
    return `${stdout}${stderr}`;
  } catch (err) {
    const { code, signal, stdout, stderr } = /** @type {{ code?: number, signal?: string, stdout?: string, stderr?: string }} */ (err);
    throw commandFailed(file, args, code ?? signal, stdout ?? "", stderr ?? "");
  }
}

/** The bundled spec the synthetic ones are made from. */
export function ourSpec() {
  return JSON.parse(readFileSync(join(root, "packages/types/openapi.json"), "utf8"));
}

/**
 * A package's node_modules in the scratch tree: links to the real package's dependencies, except
 * the workspace packages, which point at their scratch builds.
 * @param {string} scratch @param {string} from the real package's directory @param {string} to the scratch package's directory
 */
function linkDependencies(scratch, from, to) {
  const modules = join(to, "node_modules");
  mkdirSync(join(modules, "@tokenkit"), { recursive: true });
  for (const entry of readdirSync(join(from, "node_modules"))) {
    if (entry === "@tokenkit") continue;
    symlinkSync(join(from, "node_modules", entry), join(modules, entry), "dir");
  }
  for (const name of PACKAGES) {
    if (join(scratch, "packages", name) !== to) symlinkSync(join(scratch, "packages", name), join(modules, "@tokenkit", name), "dir");
  }
}

/**
 * Lint, generate and build on a synthetic spec of `count` operations inside `scratch`.
 * @param {number} count
 * @param {string} scratch an empty directory
 * @param {{ lint?: boolean }} [options] `lint: false` skips the lint stage (generating lints too, but is not timed apart)
 * @returns {{ spec: any, ms: { lint: number, generate: number, build: number } }}
 */
export function buildPipeline(count, scratch, { lint: lintStage = true } = {}) {
  const spec = syntheticSpec(ourSpec(), count);
  const specFile = join(scratch, "spec/openapi.json");
  mkdirSync(dirname(specFile), { recursive: true });
  writeFileSync(specFile, `${JSON.stringify(spec, null, 2)}\n`);

  const redocly = join(root, "node_modules/.bin/redocly");
  const lint = lintStage ? timed(() => run(redocly, ["lint", specFile, "--config", join(root, "redocly.yaml")])) : { ms: NaN };

  // The packages' own files (configuration and hand-written sources), without builds or tests.
  cpSync(join(root, "tsconfig.base.json"), join(scratch, "tsconfig.base.json"));
  cpSync(join(root, "scripts/tsgo.mjs"), join(scratch, "scripts/tsgo.mjs")); // the tsdown configs' declaration compiler
  for (const name of PACKAGES) {
    const from = join(root, "packages", name);
    cpSync(from, join(scratch, "packages", name), {
      recursive: true,
      filter: (src) => !/[/\\](node_modules|dist|test|released)$/.test(src),
    });
  }
  const generate = timed(() => {
    const types = join(scratch, "packages/types");
    run(process.execPath, [join(root, "packages/types/scripts/generate.mjs"), "--spec", specFile, "--out", types]);
    run(process.execPath, [join(root, "packages/client/scripts/generate.mjs"), "--spec", join(types, "openapi.json"), "--out", join(scratch, "packages/client")]);
  });

  let build = 0;
  for (const name of PACKAGES) {
    const dir = join(scratch, "packages", name);
    linkDependencies(scratch, join(root, "packages", name), dir);
    const { scripts } = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    const bin = join(dir, "node_modules/.bin");
    build += timed(() => run("sh", ["-c", scripts.build], { cwd: dir, env: { PATH: `${bin}${delimiter}${process.env.PATH}` } })).ms;
  }
  return { spec, ms: { lint: lint.ms, generate: generate.ms, build } };
}

/**
 * @typedef {object} TypeCheck
 * @property {number} instantiations
 * @property {number} types
 * @property {number} memoryKB "Memory used"
 * @property {number} checkMs "Check time"
 * @property {number} totalMs "Total time"
 */

/**
 * A consumer project next to the scratch packages, with the calls of `consumer.mjs` written three
 * ways; returns a function that type-checks one of its files (in a process of its own, so several can
 * run at once).
 * @param {string} scratch a directory `buildPipeline` has run in
 * @param {any} spec
 */
export function consumerProject(scratch, spec) {
  const dir = join(scratch, "consumer");
  mkdirSync(join(dir, "node_modules/@tokenkit"), { recursive: true });
  for (const name of PACKAGES) symlinkSync(join(scratch, "packages", name), join(dir, "node_modules/@tokenkit", name), "dir");
  symlinkSync(join(root, "packages/bench/node_modules/openapi-fetch"), join(dir, "node_modules/openapi-fetch"), "dir");
  /** @type {string[]} */
  const files = [];
  for (const [style, { calls, empty }] of Object.entries(consumerSources(pickCalls(spec)))) {
    writeFileSync(join(dir, `${style}.ts`), calls);
    writeFileSync(join(dir, `${style}-empty.ts`), empty);
    files.push(style, `${style}-empty`);
  }
  for (const file of files) {
    // What a new project gets from `tsc --init`, less the emit: strict, NodeNext, skipLibCheck.
    const compilerOptions = { target: "es2022", module: "nodenext", moduleResolution: "nodenext", strict: true, skipLibCheck: true, noEmit: true, types: [] };
    writeFileSync(join(dir, `tsconfig.${file}.json`), JSON.stringify({ compilerOptions, files: [`${file}.ts`] }));
  }
  const tsc = join(root, "node_modules/typescript-7/bin/tsc");
  /** @param {string} file one of path, named, openapi-fetch, or the same with -empty @returns {Promise<TypeCheck>} */
  return async (file) => {
    const out = await runAsync(process.execPath, [tsc, "-p", join(dir, `tsconfig.${file}.json`), "--extendedDiagnostics"], { cwd: dir });
    /** @param {string} label */
    const field = (label) => {
      const match = out.match(new RegExp(`^${label}:\\s+([\\d.]+)`, "m"));
      if (!match) throw new Error(`no "${label}" in the output of tsc:\n${out}`);
      return Number(match[1]);
    };
    return {
      instantiations: field("Instantiations"),
      types: field("Types"),
      memoryKB: field("Memory used"),
      checkMs: field("Check time") * 1000,
      totalMs: field("Total time") * 1000,
    };
  };
}

