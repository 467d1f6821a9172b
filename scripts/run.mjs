#!/usr/bin/env node
// @ts-check
// Entry point for the README commands, so a machine with only Node and npm can run them:
//   npm start          install, lint the spec, build spec -> types -> client, then start the mock server
//   npm test           install, then every check and test
//   npm run mock       start the mock server from the last build
//   npm run pack       install, build and pack the published packages into packs/ (scripts/pack.mjs)
//   npm run bench, bench:scale   build what they measure, then run the benchmark (flags after --)
//   npm run version-packages, release   the release steps (.changeset/README.md)
//   npm run build, lint, generate, typecheck, check:generated, changeset: the workspace's own tools
//   npm run check:breaking, bench:pipeline: scripts run with `exec`
// The toolchain needs the Node in package.json#engines.node. On an older Node this script runs
// itself again on that Node, installed from the npm registry's `node` package, and says so.
// pnpm is fetched through npx at the version pinned in package.json#packageManager. Both are
// taken from npx's cache when it has them, without starting npx; the install is skipped while
// the lockfile and the manifests are those node_modules was installed from (a version bump of a
// workspace package that only `workspace:*` ranges name changes nothing pnpm installs).
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { delimiter, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const self = fileURLToPath(import.meta.url);
const root = resolve(dirname(self), "..");
const { packageManager, engines } = JSON.parse(readFileSync(resolve(root, "package.json"), "utf8"));
const pnpmSpec = packageManager.split("+")[0]; // "pnpm@10.34.9"
const mockCli = resolve(root, "packages/mock/dist/cli.js");

/** @type {NodeJS.ProcessEnv} */
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1" };
// Node keeps the compiled code of every module it loads here and reuses it in the next process
// that loads the same file (Node 22.1+; older ones ignore it): a test run starts hundreds of Node
// processes on the same modules (vitest, tsc, Prism, Redocly), about 5 % of its CPU.
env.NODE_COMPILE_CACHE ??= resolve(root, "node_modules/.cache/node-compile-cache");
// TypeScript 7's compiler is a Go program: a run type-checks every package side by side, each
// compiler on one thread (`--singleThreaded` in the packages' scripts), and collecting garbage
// less often than Go's default takes about a tenth less CPU for a few hundred MB more memory.
env.GOGC ??= "400";

// A signal to this process goes on to the children running (one, but for the toolchain Node's
// first fetch beside the install), and this process exits once they have (the mock server stops
// Prism first).
/** @type {Set<import("node:child_process").ChildProcess>} */
const children = new Set();
/** @type {Record<string, number>} */
const SIGNAL_NUMBERS = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };
/** @param {NodeJS.Signals} signal */
function stop(signal) {
  if (children.size) for (const child of children) child.kill(signal);
  else process.exit(128 + (SIGNAL_NUMBERS[signal] ?? 15));
}
for (const signal of /** @type {const} */ (["SIGINT", "SIGTERM", "SIGHUP"])) process.on(signal, () => stop(signal));
// `npm start` runs this script through `sh -c`, and sh exits on the SIGTERM npm passes on without
// passing it further: when the parent goes away, stop as if it had sent SIGTERM.
const parent = process.ppid;
setInterval(() => process.ppid !== parent && stop("SIGTERM"), 200).unref();

/**
 * Runs a command to completion; resolves with its exit code (128 + signal number when killed).
 * @param {string} command @param {string[]} args
 * @param {import("node:child_process").SpawnOptions & { onStdout?: (chunk: string) => void }} [options]
 * @returns {Promise<number>}
 */
function run(command, args, { onStdout, ...options } = {}) {
  return new Promise((resolvePromise, reject) => {
    const started = spawn(command, args, { cwd: root, stdio: "inherit", env, ...options });
    children.add(started);
    if (onStdout) started.stdout?.setEncoding("utf8").on("data", onStdout);
    started.once("error", (error) => {
      children.delete(started);
      reject(error);
    });
    started.once("exit", (code, signal) => {
      children.delete(started);
      resolvePromise(code ?? 128 + (SIGNAL_NUMBERS[signal ?? "SIGTERM"] ?? 15));
    });
  });
}

/**
 * Returns what a command prints on stdout; stops here when it fails.
 * @param {string} command @param {string[]} args @param {string} failure what to say then
 */
async function output(command, args, failure) {
  let printed = "";
  const code = await run(command, args, { stdio: ["ignore", "pipe", "inherit"], onStdout: (chunk) => (printed += chunk) });
  if (code !== 0) {
    console.error(failure);
    process.exit(code);
  }
  return printed.trim();
}

/**
 * Fetches a package with npx (cached after the first time) and returns the path of one of its
 * commands. `--loglevel=error` keeps npm's warnings about the user's own npm config out of the
 * output; the command itself then runs directly, so that setting does not reach it.
 * @param {string} spec @param {string} command
 */
const npxCommand = (spec, command) =>
  output("npx", ["--yes", "--loglevel=error", `--package=${spec}`, "-c", `command -v ${command}`], `Could not install ${spec} from the npm registry.`);

/**
 * The path of `command` from the package npx already fetched for `spec`, if its version passes
 * `accepts`; else undefined. npx installs each spec into a folder of its own under
 * `<npm cache>/_npx/` and records the spec in that folder's package.json: reading that takes
 * milliseconds where starting npx takes seconds. Anything unexpected there is a miss, and npx
 * runs as before.
 * @param {string} spec @param {string} command @param {(version: string) => boolean} accepts
 */
function cachedCommand(spec, command, accepts) {
  const cache = process.env.npm_config_cache || (process.platform === "win32" ? join(process.env.LOCALAPPDATA ?? homedir(), "npm-cache") : join(homedir(), ".npm"));
  const npx = join(cache, "_npx");
  const name = spec.slice(0, spec.lastIndexOf("@"));
  let folders;
  try {
    folders = readdirSync(npx);
  } catch {
    return undefined;
  }
  for (const folder of folders) {
    try {
      const { _npx: recorded } = JSON.parse(readFileSync(join(npx, folder, "package.json"), "utf8"));
      if (recorded?.packages?.length !== 1 || recorded.packages[0] !== spec) continue;
      const { version } = JSON.parse(readFileSync(join(npx, folder, "node_modules", name, "package.json"), "utf8"));
      const bin = join(npx, folder, "node_modules/.bin", command);
      if (accepts(version) && existsSync(bin)) return bin;
    } catch {
      // A folder npx has not finished (or another layout): not this one.
    }
  }
  return undefined;
}

/** @type {string | undefined} */
let pnpmBin;
/** Finds pnpm (npx's cache first) and puts it on PATH: turbo runs each package's task with it. */
async function findPnpm() {
  if (pnpmBin) return pnpmBin;
  const pinned = pnpmSpec.slice(pnpmSpec.lastIndexOf("@") + 1);
  pnpmBin = cachedCommand(pnpmSpec, "pnpm", (version) => version === pinned) ?? (await npxCommand(pnpmSpec, "pnpm"));
  env.PATH = `${dirname(pnpmBin)}${delimiter}${env.PATH ?? ""}`;
  return pnpmBin;
}

/** Runs pnpm and stops here (with its exit code) when it fails. @param {string[]} args */
async function pnpm(...args) {
  const code = await run(await findPnpm(), args);
  if (code !== 0) process.exit(code);
}

/**
 * turbo's own executable for this platform, which its `turbo` command (a Node script) looks up
 * and starts: starting it here saves a Node start-up. The script itself when it is not there.
 */
function turboExecutable() {
  const platform = process.platform === "win32" ? "windows" : process.platform;
  const arch = process.arch === "x64" ? "64" : process.arch;
  try {
    return { file: createRequire(resolve(root, "node_modules/turbo/package.json")).resolve(`@turbo/${platform}-${arch}/bin/turbo${platform === "windows" ? ".exe" : ""}`), args: [] };
  } catch {
    return { file: process.execPath, args: [resolve(root, "node_modules/turbo/bin/turbo")] };
  }
}

/**
 * Runs turbo as `pnpm exec turbo` would (the workspace's .bin on PATH), without starting pnpm
 * for it; stops here when it fails. The `pnpm` turbo runs each task with is
 * scripts/task-runner.mjs, which runs a package's script as `pnpm run` does without pnpm's start-up.
 * @param {string[]} args
 */
async function turbo(...args) {
  await findPnpm();
  const bins = [...(process.platform === "win32" ? [] : [resolve(root, "scripts/task-runner")]), resolve(root, "node_modules/.bin")];
  const { file, args: before } = turboExecutable();
  const code = await run(file, [...before, ...args], { env: { ...env, PATH: [...bins, env.PATH ?? ""].join(delimiter) } });
  if (code !== 0) process.exit(code);
}

/**
 * `>=24.18.0` -> [24, 18, 0]; the toolchain's Node is declared as a plain lower bound.
 * @param {string} range
 */
function lowerBound(range) {
  const match = /^>=\s*(\d+)\.(\d+)\.(\d+)$/.exec(range.trim());
  if (!match) throw new Error(`package.json#engines.node must be ">=x.y.z", got "${range}"`);
  return match.slice(1).map(Number);
}

/** @param {string} version `24.21.0` @param {number[]} minimum */
function atLeast(version, minimum) {
  const parts = version.split(".").map(Number);
  for (let i = 0; i < 3; i++) if (parts[i] !== minimum[i]) return (parts[i] ?? 0) > (minimum[i] ?? 0);
  return true;
}

/**
 * On an older Node, runs this same command on a toolchain Node from the npm registry. When npx
 * has to fetch that Node, `beside` (the workspace's install, which does not need it) runs
 * meanwhile on this one: both are downloads.
 * @param {(() => Promise<void>) | undefined} beside
 */
async function relaunchOnToolchainNode(beside) {
  const minimum = lowerBound(engines.node);
  if (atLeast(process.versions.node, minimum)) return;
  const spec = `node@^${minimum.join(".")}`;
  // The registry's `node` package ships the real binary (through `node-<os>-<arch>`).
  const sameMajor = (/** @type {string} */ version) => Number(version.split(".")[0]) === minimum[0] && atLeast(version, minimum);
  const execPath = cachedCommand(spec, "node", sameMajor) ?? (await Promise.all([npxCommand(spec, "node"), beside?.()]))[0];
  const version = await output(execPath, ["--version"], `${execPath} does not run; install Node ${engines.node} yourself.`);
  console.log(`Node ${process.version} is older than the toolchain needs (${engines.node}): running it on Node ${version} from the npm registry (${spec}).`);
  // Every tool below (npx, pnpm, turbo, vitest, Prism) finds the toolchain Node first on PATH.
  env.PATH = `${dirname(execPath)}${delimiter}${env.PATH ?? ""}`;
  // The packed packages support this older Node too: the consumer tests run them on it as well.
  env.TOKENKIT_HOST_NODE = process.execPath;
  process.exit(await run(execPath, [self, ...process.argv.slice(2)]));
}

/** @param {string[]} args */
async function startMock(args) {
  if (!existsSync(mockCli)) {
    console.error("The mock server is not built yet: run `npm start` once (it installs and builds everything).");
    process.exit(1);
  }
  process.exit(await run(process.execPath, [mockCli, ...args]));
}

/** Builds the packages the release publishes (scripts/published.mjs reads them from the changesets' config). */
async function buildPublished() {
  const { PUBLISHED } = await import("./published.mjs");
  await turbo("run", "build", ...PUBLISHED.map((name) => `--filter=${name}`), "--output-logs=errors-only");
}

const [command, ...rest] = process.argv.slice(2);
const frozen = process.env.CI ? ["--frozen-lockfile"] : [];

const installStamp = resolve(root, "node_modules/.tokenkit-install");

/**
 * What an install is made from: pnpm's version, the lockfile, the workspace's settings, pnpm's
 * hooks and every manifest in it, hashed. Undefined when the workspace lists packages by a pattern other than
 * `folder` or `folder/*` (then every run installs, as pnpm would know best). A workspace
 * package's own version is left out while nothing names the package but a `workspace:*` (`^`, `~`)
 * range, which takes any version: pnpm links such a package whatever its version, so the version
 * bump of `version-packages` leaves the install as it was and `release` does not install again.
 */
function installInputs() {
  const workspace = readFileSync(resolve(root, "pnpm-workspace.yaml"), "utf8");
  const patterns = [...(/^packages:\n((?:[ \t]+-.*\n?)+)/m.exec(workspace)?.[1] ?? "").matchAll(/-\s*["']?([^"'\s#]+)/g)].map((m) => m[1] ?? "");
  if (patterns.some((p) => !/^[\w.-]+(\/[\w.-]+)*(\/\*)?$/.test(p))) return undefined;
  const folders = patterns.flatMap((p) =>
    p.endsWith("/*") ? readdirSync(resolve(root, p.slice(0, -2)), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => `${p.slice(0, -2)}/${d.name}`) : [p],
  );
  const files = ["pnpm-lock.yaml", "pnpm-workspace.yaml", ".npmrc", "package.json", ...folders.map((f) => `${f}/package.json`)];
  const texts = files.map((file) => (existsSync(resolve(root, file)) ? readFileSync(resolve(root, file), "utf8") : ""));
  const hash = createHash("sha256").update(pnpmSpec);
  files.forEach((file, i) => hash.update(`\0${file}\0`).update(i < 3 ? (texts[i] ?? "") : withoutFreeVersion(i, texts)));
  // pnpm's hooks: the lockfile records their checksum, so an edit of them needs an install too.
  const pnpmfile = resolve(root, ".pnpmfile.cjs");
  hash.update("\0.pnpmfile.cjs\0").update(existsSync(pnpmfile) ? readFileSync(pnpmfile, "utf8") : "");
  return hash.digest("hex");
}

/**
 * The manifest `texts[i]` without its `version` when the package is free to take any version: no
 * other manifest names it except in a `"name": "workspace:*"` (`^`, `~`) range, and the workspace's
 * settings (texts[1], texts[2]: overrides, catalogs) do not name it. Else, or when the text is not
 * a manifest, the text as it is. texts[0], the lockfile, names every workspace dependency; it is
 * hashed whole.
 * @param {number} i @param {string[]} texts
 */
function withoutFreeVersion(i, texts) {
  const text = texts[i] ?? "";
  /** @type {Record<string, unknown>} */
  let manifest;
  try {
    manifest = JSON.parse(text);
  } catch {
    return text;
  }
  if (typeof manifest !== "object" || manifest === null) return text;
  const { name } = manifest;
  if (typeof name !== "string" || !("version" in manifest)) return text;
  const quoted = JSON.stringify(name);
  const escaped = quoted.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  const freeRange = new RegExp(`${escaped}\\s*:\\s*"workspace:[*^~]"`, "g");
  const named = texts.some((other, j) => (j === 1 || j === 2 ? other.includes(name) : j > 2 && j !== i && other.replace(freeRange, "").includes(quoted)));
  if (named) return text;
  delete manifest.version;
  return JSON.stringify(manifest);
}

/**
 * Installs the workspace (`--frozen-lockfile` on CI), unless node_modules was installed from the
 * very files it would be installed from now: pnpm's own up-to-date check takes seconds.
 */
async function install() {
  const inputs = installInputs();
  if (inputs && existsSync(installStamp) && readFileSync(installStamp, "utf8") === inputs) return;
  // Beside the toolchain Node's first fetch, on the older Node: the packages' engines are checked
  // against the toolchain's, which is what runs them.
  const minimum = lowerBound(engines.node);
  const engine = atLeast(process.versions.node, minimum) ? [] : [`--config.node-version=${minimum.join(".")}`];
  await pnpm("install", ...frozen, ...engine);
  // After the install, which may have updated the lockfile.
  const installed = installInputs();
  if (installed) writeFileSync(installStamp, installed);
}

const INSTALLING = ["start", "turbo", "exec", "pack", "version-packages", "release", "bench", "bench:scale", "test"];
await relaunchOnToolchainNode(INSTALLING.includes(command ?? "") ? install : undefined);
switch (command) {
  case "start":
    await install();
    await turbo("run", "lint", "build", "--output-logs=errors-only");
    await startMock(rest);
    break;
  case "mock":
    await startMock(rest);
    break;
  case "turbo": // npm run build|lint|generate|typecheck|check:generated: one turbo task
    await install();
    await turbo("run", ...rest);
    break;
  case "exec": // npm run changeset: a workspace tool, interactive if it asks
    await install();
    await pnpm("exec", ...rest);
    break;
  case "pack":
    await install();
    await buildPublished();
    process.exit(await run(process.execPath, [resolve(root, "scripts/pack.mjs"), ...rest]));
  case "version-packages": // the release pull request's changes: versions and changelogs, then what follows from them
    await install();
    await pnpm("exec", "changeset", "version");
    await turbo("run", "generate", "--output-logs=errors-only"); // the client's version constant
    process.exit(await run(process.execPath, [resolve(root, "scripts/check-breaking.mjs"), "--update"]));
  case "release": // publishes every unpublished version to npm_config_registry (default: npm's own)
    await install();
    // What is published is what the release pull request holds: every generator checks its files
    // rather than writing them (a stale one fails the release, before anything is published), as
    // a test run does, so the release's build reuses that run's cached generation.
    env.TOKENKIT_CHECK_GENERATED = "1";
    await buildPublished();
    // `pnpm publish` for each version the registry lacks, asked of the registry itself, then git
    // tags. (`pnpm publish -r` would decide from pnpm's metadata cache, which can still list a
    // version that a registry of the same address, since emptied, once held.)
    await pnpm("exec", "changeset", "publish", ...rest);
    break;
  case "bench": // CPU per call, loopback throughput and bundle bytes of the built client
    await install();
    await turbo("run", "build", "--filter=@tokenkit/bench...", "--output-logs=errors-only");
    process.exit(await run(process.execPath, ["--expose-gc", resolve(root, "packages/bench/src/bench.mjs"), ...rest]));
  case "bench:scale": // builds its own packages from synthetic specs, in scratch folders
    await install();
    process.exit(await run(process.execPath, [resolve(root, "packages/bench/src/scale/scale.mjs"), ...rest]));
  case "test":
    await install();
    // Every generator checks the committed files instead of writing them (it runs once, as the
    // build's `generate` step): a stale file fails the run, and a test run never rewrites the tree.
    // The types' generator runs after the linter, so a broken spec is reported as such.
    env.TOKENKIT_CHECK_GENERATED = "1";
    await turbo("run", "typecheck", "test", "check:breaking", "--continue", ...rest);
    break;
  default:
    console.error("usage: node scripts/run.mjs start|test|mock|pack|version-packages|release|bench|bench:scale|turbo <task>|exec <command> [args]");
    process.exit(2);
}
