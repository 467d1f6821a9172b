// The release, rehearsed as the project documents it (.changeset/README.md, root README): in a
// copy of the workspace, `npm run version-packages` turns the pending changesets into versions and
// changelogs, then `npm run release` builds and publishes every public package to
// npm_config_registry, here a local Verdaccio. The repository itself is never changed.
import { execFileSync } from "node:child_process";
import { copyFileSync, cpSync, existsSync, linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from "node:fs";
import { basename, delimiter, dirname, join } from "node:path";
import { PUBLISHED, PUBLISHED_DIRS } from "../../../scripts/published.mjs";
import type { Registry } from "./registry.js";
import { run } from "./run.js";

/** The two commands of a release, as the README gives them. */
export const RELEASE_COMMANDS = [
  ["npm", "run", "version-packages"],
  ["npm", "run", "release"],
] as const;

export interface Release {
  /** The version every public package was published at (one `fixed` group). */
  version: string;
  /** Package name -> the tarball the registry holds for it. */
  tarballs: Record<string, string>;
  /** The workspace copy after the release (changelogs, manifests). */
  workspace: string;
}

/**
 * The repository's files as they are now (committed or not, ignored files left out), in a git
 * repository of their own at `to`, with the dependencies the repository has installed.
 */
export function copyWorkspace(repo: string, to: string) {
  const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--deduplicate"], { cwd: repo, encoding: "utf8" })
    .split("\0")
    .filter(Boolean);
  for (const file of files) {
    mkdirSync(dirname(join(to, file)), { recursive: true });
    try {
      cpSync(join(repo, file), join(to, file));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error; // deleted, not yet committed
    }
  }
  linkInstalled(repo, to, files);
  // changeset publish tags the release in git. The changelogs name the commit that added each
  // changeset, and the built packages' inputs include the changelogs: the changesets are committed
  // first, on their own, with a fixed author and date, so that commit (and with it the changelogs
  // and the turbo cache keys of the release's build) changes only when they do.
  const date = "2000-01-01T00:00:00Z";
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.name=tokenkit", "-c", "user.email=release@localhost", ...args], {
      cwd: to,
      stdio: "ignore",
      env: { ...process.env, GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
    });
  git("init", "-q", "-b", "main");
  git("add", "--", ".changeset");
  git("commit", "-q", "--allow-empty", "-m", "changesets");
  git("add", "-A");
  git("commit", "-q", "-m", "release rehearsal");
}

/**
 * A maintainer releases from a checkout whose dependencies are installed: the copy gets the
 * repository's node_modules trees (each package folder's and the root's), so `npm run
 * version-packages` finds them installed from the same lockfile and manifests, as pnpm left them,
 * and does not install again. The packages' files in pnpm's virtual store
 * (node_modules/.pnpm/<package>/), which pnpm linked from its content-addressed store, are linked
 * again, as pnpm would; every other file (bin scripts, pnpm's state, the install stamp) is copied,
 * so what the copy writes there stays in the copy. Symlinks keep their (relative) targets, so workspace packages resolve to the
 * copy's own; the bin scripts' NODE_PATH, which pnpm writes as absolute paths, is moved to the
 * copy's. Caches (`node_modules/.cache`) stay behind.
 */
function linkInstalled(repo: string, to: string, files: string[]) {
  const folders = new Set(files.filter((file) => file === "package.json" || file.endsWith("/package.json")).map((file) => dirname(file)));
  for (const folder of folders) {
    const from = join(repo, folder, "node_modules");
    if (existsSync(from)) linkTree(from, join(to, folder, "node_modules"), { moveBins: [`${repo}/node_modules/`, `${to}/node_modules/`], skip: new Set([".cache"]) });
  }
}

/** Set once a link fails across file systems: every later file is copied. */
let crossDevice = false;
interface TreeOptions {
  /** The repository's node_modules path in bin scripts, and the copy's. */
  moveBins: [string, string];
  /** Names left out at this level. */
  skip?: Set<string>;
  /** Inside a package of pnpm's virtual store. */
  stored?: boolean;
}
/** Recreates the tree at `from` under `to`: directories and symlinks, files linked or copied. */
function linkTree(from: string, to: string, { moveBins, skip, stored = false }: TreeOptions) {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    if (skip?.has(entry.name)) continue;
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isSymbolicLink()) symlinkSync(readlinkSync(source), target);
    else if (entry.isDirectory()) linkTree(source, target, { moveBins, stored: stored || basename(from) === ".pnpm" });
    else if (!entry.isFile()) continue;
    else if (basename(from) === ".bin") moveBin(source, target, moveBins);
    else if (!stored || crossDevice || lstatSync(source).nlink < 2) copyFileSync(source, target);
    else {
      try {
        linkSync(source, target);
      } catch (error) {
        // The temp dir on another file system than the repository: copies, as pnpm makes there.
        if ((error as NodeJS.ErrnoException).code !== "EXDEV") throw error;
        crossDevice = true;
        copyFileSync(source, target);
      }
    }
  }
}

/** @param moveBins the repository's node_modules path, and the copy's */
function moveBin(source: string, target: string, [repoPath, copyPath]: [string, string]) {
  const script = readFileSync(source);
  if (!script.includes(repoPath)) return copyFileSync(source, target);
  writeFileSync(target, script.toString("utf8").replaceAll(repoPath, copyPath), { mode: lstatSync(source).mode });
}

/**
 * The repository's own turbo cache (turbo keeps it at the root of the main checkout, which a git
 * worktree shares): the copy's tasks that the version bump does not change are restored from it,
 * not redone, and a repeated rehearsal of the same sources builds nothing.
 */
function turboCache(repo: string): string {
  const commonDir = execFileSync("git", ["rev-parse", "--path-format=absolute", "--git-common-dir"], { cwd: repo, encoding: "utf8" }).trim();
  return join(dirname(commonDir), ".turbo", "cache");
}

/** The caller's environment without what the enclosing npm, pnpm and turbo runs set for their own scripts. */
function cleanEnv(): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_package_|npm_lifecycle_|TURBO_(?!TELEMETRY)|PNPM_)/i.test(key) || /^npm_(execpath|node_execpath|command)$/i.test(key)) continue;
    env[key] = value;
  }
  return env;
}

/** Runs the release commands in `workspace`, a copy made by copyWorkspace. */
export async function rehearseRelease(repo: string, workspace: string, registry: Registry): Promise<Release> {
  const env = cleanEnv();
  // The machine's own Node runs the commands when the tests run on a newer one: the release
  // commands switch to the toolchain's Node themselves, as on a developer's machine.
  const hostNode = process.env.TOKENKIT_HOST_NODE;
  if (hostNode) env.PATH = `${dirname(hostNode)}${delimiter}${env.PATH ?? ""}`;
  Object.assign(env, { npm_config_registry: registry.url, npm_config_userconfig: registry.userconfig, TURBO_CACHE_DIR: turboCache(repo) });
  for (const [command, ...args] of RELEASE_COMMANDS) {
    const started = Date.now();
    await run(command, args, { cwd: workspace, env, timeoutMs: 240_000, replaceEnv: true });
    console.log(`release rehearsal: ${[command, ...args].join(" ")} took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  const manifest = (dir: string) => JSON.parse(readFileSync(join(workspace, "packages", dir, "package.json"), "utf8")) as { version: string };
  const version = manifest(PUBLISHED_DIRS[0]!).version;
  return { version, tarballs: Object.fromEntries(PUBLISHED.map((name) => [name, registry.tarball(name, version)])), workspace };
}
