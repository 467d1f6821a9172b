#!/usr/bin/env node
// @ts-check
// What npm trusted publishing needs before the release workflow publishes anything:
//   - npm 11.5.1 or later (the first to exchange a CI OIDC token for a publish credential);
//   - every published package's repository.url naming the repository the workflow runs in
//     (npm rejects provenance that points elsewhere), the same as the root package.json's.
//   node scripts/release-check.mjs [https://github.com/<owner>/<repo>]
// Without the argument only the second check runs, against the root package.json.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PUBLISHED_DIRS } from "./published.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const manifest = (/** @type {string} */ dir) => JSON.parse(readFileSync(join(root, dir, "package.json"), "utf8"));
/** `git+https://github.com/o/r.git` -> `https://github.com/o/r` */
const normalize = (/** @type {unknown} */ url) => String(url).replace(/^git\+/, "").replace(/\.git$/, "").replace(/\/$/, "").toLowerCase();

/** @type {string[]} */
const problems = [];
const expected = process.argv[2] ? normalize(process.argv[2]) : normalize(manifest(".").repository?.url);
if (process.argv[2] && normalize(manifest(".").repository?.url) !== expected) {
  problems.push(`package.json: repository.url is ${manifest(".").repository?.url}, but this runs in ${expected}`);
}
for (const name of PUBLISHED_DIRS) {
  const { repository } = manifest(join("packages", name));
  if (normalize(repository?.url) !== expected) problems.push(`packages/${name}: repository.url is ${repository?.url}, expected ${expected}`);
  if (repository?.directory !== `packages/${name}`) problems.push(`packages/${name}: repository.directory should be packages/${name}`);
}

if (process.argv[2]) {
  const npm = execFileSync("npm", ["--version"], { encoding: "utf8" }).trim();
  const [major = 0, minor = 0, patch = 0] = npm.split(".").map(Number);
  if (major < 11 || (major === 11 && (minor < 5 || (minor === 5 && patch < 1)))) {
    problems.push(`npm ${npm} cannot use trusted publishing: it needs 11.5.1 or later`);
  }
}

if (problems.length) {
  console.error(`Not ready to publish:\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
console.log(`Ready to publish from ${expected}.`);
