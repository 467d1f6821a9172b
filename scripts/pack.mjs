#!/usr/bin/env node
// @ts-check
// Packs the published packages exactly as `pnpm publish` would, into one folder, and prints how
// to install them in another project. `npm run pack` runs it after installing and building; the
// consumer tests run it on the build they test.
//   node scripts/pack.mjs [--out <dir>]   (default: packs/ at the repository root)
// `pnpm pack`, not `npm pack`: it turns `workspace:*` into the real versions, so the tarballs
// install anywhere.
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { PUBLISHED, PUBLISHED_DIRS } from "./published.mjs";
import { parseArgs } from "node:util";

const root = fileURLToPath(new URL("..", import.meta.url));

/**
 * pnpm as the caller runs it (scripts and turbo tasks set npm_execpath), else the pinned one via npx.
 * @returns {[command: string, prefix: string[]]}
 */
function pnpm() {
  const execPath = process.env.npm_execpath;
  if (execPath && /pnpm/.test(execPath)) return [process.execPath, [execPath]];
  const { packageManager } = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  return ["npx", ["--yes", "--loglevel=error", packageManager.split("+")[0]]];
}

/**
 * Packs every published package into `out`; returns the tarballs' paths by package.
 * @param {string} out
 */
export function pack(out) {
  mkdirSync(out, { recursive: true });
  // Tarballs of an earlier version would otherwise sit next to the new ones.
  for (const old of readdirSync(out).filter((f) => /^tokenkit-[\w-]+-\d.*\.tgz$/.test(f))) rmSync(join(out, old));
  const [command, prefix] = pnpm();
  /** @type {Record<string, string>} */
  const tarballs = {};
  for (const name of PUBLISHED_DIRS) {
    execFileSync(command, [...prefix, "pack", "--pack-destination", out], { cwd: join(root, "packages", name), stdio: ["ignore", "ignore", "inherit"] });
    const file = readdirSync(out).find((f) => f.startsWith(`tokenkit-${name}-`) && f.endsWith(".tgz"));
    if (!file) throw new Error(`pnpm pack wrote no tarball for @tokenkit/${name} into ${out}`);
    tarballs[name] = join(out, file);
  }
  return tarballs;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { out: { type: "string", default: join(root, "packs") } } });
  const tarballs = pack(resolve(values.out));
  console.log(`Packed ${PUBLISHED.join(" and ")}:`);
  for (const file of Object.values(tarballs)) console.log(`  ${file}`);
  // Both at once: the client depends on exactly this (unpublished) version of the types.
  console.log(`Install them in any project with:\n  npm install ${Object.values(tarballs).join(" ")}`);
}
