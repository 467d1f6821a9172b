#!/usr/bin/env node
// Entry point for the two README commands, so a machine with only Node and npm can run them:
//   npm start   install, build spec -> types -> client, then start the mock server
//   npm test    install, then every check and test
// pnpm is fetched through npx at the version pinned in package.json#packageManager.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const { packageManager } = JSON.parse(readFileSync(resolve(root, "package.json"), "utf8"));
const pnpmSpec = packageManager.split("+")[0]; // "pnpm@10.34.9"

const env = { ...process.env, TURBO_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1" };

function pnpm(...args) {
  const result = spawnSync("npx", ["--yes", pnpmSpec, ...args], { cwd: root, stdio: "inherit", env });
  if (result.error) throw result.error;
  if (result.status !== 0) process.exit(result.status ?? 1);
}

/** Runs the mock in the foreground. Ctrl-C reaches it directly; this process just waits for it. */
function startMock(args) {
  process.on("SIGINT", () => {});
  process.on("SIGTERM", () => {});
  const result = spawnSync(process.execPath, [resolve(root, "packages/mock/dist/cli.js"), ...args], { stdio: "inherit", env });
  process.exit(result.status ?? 0);
}

const [command, ...rest] = process.argv.slice(2);
const frozen = process.env.CI ? ["--frozen-lockfile"] : [];

switch (command) {
  case "start":
    pnpm("install", ...frozen);
    pnpm("exec", "turbo", "run", "build");
    startMock(rest);
    break;
  case "test":
    pnpm("install", ...frozen);
    // The linter first, so a broken spec is reported as such; then, before anything regenerates,
    // the committed generated files must match the spec (turbo runs the linter before it).
    pnpm("exec", "turbo", "run", "check:generated");
    pnpm("exec", "turbo", "run", "typecheck", "test", "--continue", ...rest);
    break;
  default:
    console.error("usage: node scripts/run.mjs start|test [args]");
    process.exit(2);
}
