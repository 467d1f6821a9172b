#!/usr/bin/env node
// Entry point for the README commands, so a machine with only Node and npm can run them:
//   npm start          install, lint the spec, build spec -> types -> client, then start the mock server
//   npm test           install, then every check and test
//   npm run mock       start the mock server from the last build
//   npm run pack       install, build and pack the published packages into packs/ (scripts/pack.mjs)
//   npm run bench, bench:scale   build what they measure, then run the benchmark (flags after --)
//   npm run version-packages, release   the release steps (.changeset/README.md)
//   npm run build, lint, generate, typecheck, changeset: the workspace's own tools
// The toolchain needs the Node in package.json#engines.node. On an older Node this script runs
// itself again on that Node, installed from the npm registry's `node` package, and says so.
// pnpm is fetched through npx at the version pinned in package.json#packageManager.
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { delimiter, dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const self = fileURLToPath(import.meta.url);
const root = resolve(dirname(self), "..");
const { packageManager, engines } = JSON.parse(readFileSync(resolve(root, "package.json"), "utf8"));
const pnpmSpec = packageManager.split("+")[0]; // "pnpm@10.34.9"
const mockCli = resolve(root, "packages/mock/dist/cli.js");

const env = { ...process.env, TURBO_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1" };

// One child runs at a time. A signal to this process goes on to that child, and this process exits
// once the child has (the mock server stops Prism first).
let child;
const SIGNAL_NUMBERS = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };
function stop(signal) {
  if (child && child.exitCode === null && child.signalCode === null) child.kill(signal);
  else process.exit(128 + SIGNAL_NUMBERS[signal]);
}
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => stop(signal));
// `npm start` runs this script through `sh -c`, and sh exits on the SIGTERM npm passes on without
// passing it further: when the parent goes away, stop as if it had sent SIGTERM.
const parent = process.ppid;
setInterval(() => process.ppid !== parent && stop("SIGTERM"), 200).unref();

/** Runs a command to completion; resolves with its exit code (128 + signal number when killed). */
function run(command, args, { onStdout, ...options } = {}) {
  return new Promise((resolvePromise, reject) => {
    child = spawn(command, args, { cwd: root, stdio: "inherit", env, ...options });
    if (onStdout) child.stdout.setEncoding("utf8").on("data", onStdout);
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      child = undefined;
      resolvePromise(code ?? 128 + (SIGNAL_NUMBERS[signal] ?? 15));
    });
  });
}

/** Returns what a command prints on stdout; stops here when it fails. */
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
 */
const npxCommand = (spec, command) =>
  output("npx", ["--yes", "--loglevel=error", `--package=${spec}`, "-c", `command -v ${command}`], `Could not install ${spec} from the npm registry.`);

let pnpmBin;
/** Runs pnpm and stops here (with its exit code) when it fails. */
async function pnpm(...args) {
  if (!pnpmBin) {
    pnpmBin = await npxCommand(pnpmSpec, "pnpm");
    // turbo runs each package's task with the `pnpm` it finds on PATH.
    env.PATH = `${dirname(pnpmBin)}${delimiter}${env.PATH ?? ""}`;
  }
  const code = await run(pnpmBin, args);
  if (code !== 0) process.exit(code);
}

/** `>=24.18.0` -> [24, 18, 0]; the toolchain's Node is declared as a plain lower bound. */
function lowerBound(range) {
  const match = /^>=\s*(\d+)\.(\d+)\.(\d+)$/.exec(range.trim());
  if (!match) throw new Error(`package.json#engines.node must be ">=x.y.z", got "${range}"`);
  return match.slice(1).map(Number);
}

function atLeast(version, minimum) {
  const parts = version.split(".").map(Number);
  for (let i = 0; i < 3; i++) if (parts[i] !== minimum[i]) return parts[i] > minimum[i];
  return true;
}

/** On an older Node, runs this same command on a toolchain Node from the npm registry. */
async function relaunchOnToolchainNode() {
  const minimum = lowerBound(engines.node);
  if (atLeast(process.versions.node, minimum)) return;
  const spec = `node@^${minimum.join(".")}`;
  // The registry's `node` package ships the real binary (through `node-<os>-<arch>`).
  const execPath = await npxCommand(spec, "node");
  const version = await output(execPath, ["--version"], `${execPath} does not run; install Node ${engines.node} yourself.`);
  console.log(`Node ${process.version} is older than the toolchain needs (${engines.node}): running it on Node ${version} from the npm registry (${spec}).`);
  // Every tool below (npx, pnpm, turbo, vitest, Prism) finds the toolchain Node first on PATH.
  env.PATH = `${dirname(execPath)}${delimiter}${env.PATH ?? ""}`;
  // The packed packages support this older Node too: the consumer tests run them on it as well.
  env.TOKENKIT_HOST_NODE = process.execPath;
  process.exit(await run(execPath, [self, ...process.argv.slice(2)]));
}

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
  await pnpm("exec", "turbo", "run", "build", ...PUBLISHED.map((name) => `--filter=${name}`), "--output-logs=errors-only");
}

const [command, ...rest] = process.argv.slice(2);
const frozen = process.env.CI ? ["--frozen-lockfile"] : [];

/** Installs the workspace on a fresh clone; afterwards the tools are there already. */
async function installOnce() {
  if (!existsSync(resolve(root, "node_modules/.modules.yaml"))) await pnpm("install", ...frozen);
}

await relaunchOnToolchainNode();
switch (command) {
  case "start":
    await pnpm("install", ...frozen);
    await pnpm("exec", "turbo", "run", "lint", "build", "--output-logs=errors-only");
    await startMock(rest);
    break;
  case "mock":
    await startMock(rest);
    break;
  case "turbo": // npm run build|lint|generate|typecheck: one turbo task
  case "exec": // npm run changeset: a workspace tool, interactive if it asks
    await installOnce();
    await pnpm("exec", ...(command === "turbo" ? ["turbo", "run", ...rest] : rest));
    break;
  case "pack":
    await pnpm("install", ...frozen);
    await buildPublished();
    process.exit(await run(process.execPath, [resolve(root, "scripts/pack.mjs"), ...rest]));
  case "version-packages": // the release pull request's changes: versions and changelogs, then what follows from them
    await installOnce();
    await pnpm("exec", "changeset", "version");
    await pnpm("exec", "turbo", "run", "generate", "--output-logs=errors-only"); // the client's version constant
    process.exit(await run(process.execPath, [resolve(root, "scripts/check-breaking.mjs"), "--update"]));
  case "release": // publishes every unpublished version to npm_config_registry (default: npm's own)
    await installOnce();
    await buildPublished();
    await pnpm("exec", "changeset", "publish", ...rest);
    break;
  case "bench": // CPU per call, loopback throughput and bundle bytes of the built client
    await installOnce();
    await pnpm("exec", "turbo", "run", "build", "--filter=@tokenkit/bench...", "--output-logs=errors-only");
    process.exit(await run(process.execPath, ["--expose-gc", resolve(root, "packages/bench/src/bench.mjs"), ...rest]));
  case "bench:scale": // builds its own packages from synthetic specs, in scratch folders
    await installOnce();
    process.exit(await run(process.execPath, [resolve(root, "packages/bench/src/scale/scale.mjs"), ...rest]));
  case "test":
    await pnpm("install", ...frozen);
    // The linter first, so a broken spec is reported as such; then, before anything regenerates,
    // the committed generated files must match the spec (turbo runs the linter before it).
    await pnpm("exec", "turbo", "run", "check:generated");
    await pnpm("exec", "turbo", "run", "typecheck", "test", "check:breaking", "--continue", ...rest);
    break;
  default:
    console.error("usage: node scripts/run.mjs start|test|mock|pack|version-packages|release|bench|bench:scale|turbo <task>|exec <command> [args]");
    process.exit(2);
}
