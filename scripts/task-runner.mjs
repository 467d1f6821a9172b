#!/usr/bin/env node
// @ts-check
// The `pnpm` that turbo finds on PATH when scripts/run.mjs runs it (as scripts/task-runner/pnpm).
// For each task turbo runs `pnpm run <script> [args]` in the package's folder; pnpm spends 0.7 to
// 1 CPU second starting (it loads an 8.7 MB bundle) to read that script from package.json and run
// it in a shell with the package's and the workspace's node_modules/.bin on PATH. A test run
// starts about thirty tasks, so that is a tenth of its CPU on a two-core machine. This runs the
// script the same way, and hands every other command (and a script it cannot find) to pnpm itself,
// the next `pnpm` on PATH.
import { spawn } from "node:child_process";
import { accessSync, constants, readFileSync, realpathSync } from "node:fs";
import { delimiter, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const own = realpathSync(dirname(fileURLToPath(import.meta.url)));
const path = (process.env.PATH ?? "").split(delimiter);

/** pnpm itself: the first `pnpm` on PATH that is not this one. */
function realPnpm() {
  for (const dir of path) {
    if (!dir) continue;
    const candidate = join(dir, "pnpm");
    try {
      accessSync(candidate, constants.X_OK);
      if (dirname(realpathSync(candidate)) !== own) return candidate;
    } catch {
      // not there
    }
  }
  throw new Error("scripts/task-runner.mjs: no pnpm on PATH besides this one");
}

/** @param {string} arg */
const shellQuote = (arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`);

/**
 * Runs a command with this process's stdio, passes signals on, and exits as it did. A script's
 * shell leads a process group of its own and a signal goes to the whole group: `sh -c` (dash)
 * does not pass a signal on to the command it runs.
 * @param {string} command @param {string[]} args @param {NodeJS.ProcessEnv} env @param {boolean} group
 */
function runAndExit(command, args, env, group) {
  const child = spawn(command, args, { stdio: "inherit", env, detached: group });
  /** @param {NodeJS.Signals} signal */
  const pass = (signal) => {
    try {
      if (child.pid) process.kill(group ? -child.pid : child.pid, signal);
    } catch {
      // the group has already gone
    }
  };
  for (const signal of /** @type {const} */ (["SIGINT", "SIGTERM", "SIGHUP"])) process.on(signal, () => pass(signal));
  child.once("error", (error) => {
    console.error(error.message);
    process.exit(1);
  });
  child.once("exit", (code, signal) => {
    if (code !== null || !signal) process.exit(code ?? 1);
    process.removeAllListeners(signal); // end as the script did, by the same signal
    process.kill(process.pid, signal);
  });
}

const [verb, script, ...args] = process.argv.slice(2);
/** @type {{ name?: string, version?: string, scripts?: Record<string, string> }} */
let manifest = {};
try {
  manifest = JSON.parse(readFileSync("package.json", "utf8"));
} catch {
  // not a package folder: pnpm answers
}
const body = verb === "run" && script && !script.startsWith("-") ? manifest.scripts?.[script] : undefined;
if (body === undefined) {
  runAndExit(realPnpm(), process.argv.slice(2), process.env, false);
} else {
  const pnpm = realPnpm();
  const command = [body, ...args.map(shellQuote)].join(" ");
  // pnpm's own header, so a task's log reads the same.
  console.log(`\n> ${manifest.name ?? ""}@${manifest.version ?? ""} ${script} ${process.cwd()}\n> ${command}\n`);
  const bins = [join(process.cwd(), "node_modules/.bin"), join(root, "node_modules/.bin")];
  runAndExit("sh", ["-c", command], {
    ...process.env,
    PATH: [...bins, ...path].join(delimiter),
    npm_lifecycle_event: script,
    npm_lifecycle_script: body,
    npm_package_name: manifest.name,
    npm_package_version: manifest.version,
    npm_package_json: resolve("package.json"),
    // As pnpm sets it: tools that call pnpm back (scripts/pack.mjs) find it here.
    npm_execpath: realpathSync(pnpm),
    npm_node_execpath: process.execPath,
    PNPM_SCRIPT_SRC_DIR: process.cwd(),
  }, true);
}
