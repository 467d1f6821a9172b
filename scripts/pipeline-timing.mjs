#!/usr/bin/env node
// @ts-check
// `npm run bench:pipeline`: how long the pipeline takes from a fresh clone, stage by stage, so a
// slower install, build or test run shows up as a number instead of a feeling.
//
//   node scripts/pipeline-timing.mjs [--repo DIR] [--worktree] [--keep] [--skip-full-test] [--out FILE]
//
// Clone A (in the OS temp dir): cold install, then lint, generate, build, typecheck + test, one
// turbo stage at a time; then the same turbo run again with nothing changed (expected: FULL
// TURBO, every task from the cache) and a warm `turbo run build`.
// Clone B: the whole test command (`npm test`) on a fresh clone, as a new contributor runs it.
// Only committed work is cloned, unless --worktree copies the repo's uncommitted changes (edited
// and new files, deletions) over each clone. "Cold" means no node_modules and no turbo cache;
// pnpm's content store is the machine's own, so no package is downloaded again.
import { execFileSync, spawn } from "node:child_process";
import { copyFileSync, createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const { values: flags } = parseArgs({
  options: {
    repo: { type: "string", default: root },
    worktree: { type: "boolean", default: false },
    keep: { type: "boolean", default: false },
    "skip-full-test": { type: "boolean", default: false },
    out: { type: "string", default: join(root, "packages/bench/results/pipeline.json") },
  },
});
const STEP_TIMEOUT_MS = 15 * 60_000; // a hung step must end the run, not stall it
const { packageManager } = JSON.parse(readFileSync(join(flags.repo, "package.json"), "utf8"));
const pnpmSpec = String(packageManager).replace(/\+.*$/, ""); // "pnpm@10.34.9"
// turbo runs from the clone's node_modules (so its timings hold no npx or pnpm start-up) and
// looks for the pnpm binary on PATH: put the pinned one there.
const pnpmBin = execFileSync("npx", ["--yes", "-p", pnpmSpec, "sh", "-c", "command -v pnpm"], { encoding: "utf8" }).trim();
const env = {
  ...process.env,
  PATH: `${dirname(pnpmBin)}:${process.env.PATH}`,
  TURBO_TELEMETRY_DISABLED: "1",
  DO_NOT_TRACK: "1",
  NO_COLOR: "1",
  FORCE_COLOR: "0",
};
const logDir = join(dirname(resolve(flags.out)), "pipeline-logs");
rmSync(logDir, { recursive: true, force: true }); // only this run's logs
mkdirSync(logDir, { recursive: true });

/**
 * @typedef {object} Step
 * @property {string} name
 * @property {string} command as run, for the report
 * @property {number} seconds
 * @property {boolean} ok
 * @property {string} [note] what turbo said about its cache, when it ran
 */

/**
 * Runs one command in `cwd`, its output going to a log file, and times it.
 * @param {string} name
 * @param {string} cwd
 * @param {string[]} argv
 * @returns {Promise<Step & { output: string }>}
 */
function step(name, cwd, argv) {
  const command = argv.join(" ");
  process.stdout.write(`${name.padEnd(28)} ${command} ... `);
  const log = join(logDir, `${name.replace(/[^a-z0-9]+/gi, "-").replace(/^-|-$/g, "")}.log`);
  const file = createWriteStream(log);
  let output = "";
  const start = performance.now();
  return new Promise((resolvePromise) => {
    // Its own process group, so a timeout stops the whole tree (npx -> pnpm -> turbo -> tasks).
    const child = spawn(/** @type {string} */ (argv[0]), argv.slice(1), { cwd, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    const timer = setTimeout(() => child.pid && process.kill(-child.pid, "SIGKILL"), STEP_TIMEOUT_MS);
    /** @param {Buffer} chunk */
    const collect = (chunk) => {
      output += chunk.toString();
      file.write(chunk);
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.on("close", (code) => {
      clearTimeout(timer);
      file.end();
      const seconds = Number(((performance.now() - start) / 1000).toFixed(2));
      const ok = code === 0;
      const note = turboNote(output);
      console.log(`${seconds.toFixed(1)} s ${ok ? "ok" : `FAILED (exit ${code}), log: ${log}`}${note ? `, ${note}` : ""}`);
      if (!ok) console.log(output.split("\n").slice(-30).join("\n"));
      resolvePromise({ name, command, seconds, ok, ...(note && { note }), output });
    });
  });
}

/**
 * turbo's own summary lines: "Cached: 3 cached, 9 total" and ">>> FULL TURBO".
 * @param {string} output
 */
function turboNote(output) {
  const cached = [...output.matchAll(/Cached:\s+(\d+) cached, (\d+) total/g)].at(-1);
  if (!cached) return undefined;
  return `${cached[1]}/${cached[2]} tasks from cache${/FULL TURBO/.test(output) ? ", FULL TURBO" : ""}`;
}

/**
 * A fresh clone of the committed work.
 * @param {string} label
 */
async function freshClone(label) {
  const dir = mkdtempSync(join(tmpdir(), `tokenkit-pipeline-${label}-`));
  const clone = await step(`clone ${label}`, tmpdir(), ["git", "clone", "--quiet", "--no-hardlinks", flags.repo, dir]);
  if (!clone.ok) throw new Error(`could not clone ${flags.repo}`);
  if (flags.worktree) copyWorktreeChanges(dir);
  return { dir, clone };
}

/**
 * Makes the clone look like the repo's working tree: uncommitted edits and new files (not
 * ignored ones) are copied over, deleted files removed. Only reads the repo.
 * @param {string} dir
 */
function copyWorktreeChanges(dir) {
  const git = (/** @type {string[]} */ ...args) =>
    execFileSync("git", ["-C", flags.repo, "ls-files", "-z", ...args], { encoding: "utf8" }).split("\0").filter(Boolean);
  const deleted = new Set(git("--deleted"));
  for (const file of git("--modified", "--others", "--exclude-standard")) {
    if (deleted.has(file)) continue;
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    copyFileSync(join(flags.repo, file), join(dir, file));
  }
  for (const file of deleted) rmSync(join(dir, file), { force: true });
}

const started = new Date();
const load = loadavg().map((l) => Number(l.toFixed(2)));
console.log(`${cpus()[0]?.model ?? "unknown CPU"}, ${cpus().length} cores, node ${process.version}, load ${load.join(" ")}, ${started.toISOString()}`);

/** @type {Step[]} */
const steps = [];
/** @type {string[]} */
const clones = [];
const record = (/** @type {Step & { output: string }} */ { output, ...rest }) => (steps.push(rest), rest);
try {
  const a = await freshClone("a");
  clones.push(a.dir);
  record(a.clone);
  const pnpm = ["npx", "--yes", pnpmSpec];
  const turbo = (/** @type {string[]} */ ...tasks) => [join(a.dir, "node_modules/.bin/turbo"), "run", ...tasks];

  record(await step("install (cold)", a.dir, [...pnpm, "install"]));
  record(await step("lint", a.dir, turbo("lint")));
  record(await step("generate", a.dir, turbo("generate")));
  record(await step("build", a.dir, turbo("build")));
  record(await step("typecheck + test", a.dir, turbo("typecheck", "test", "--continue")));
  record(await step("warm re-run, nothing changed", a.dir, turbo("lint", "generate", "build", "typecheck", "test")));
  record(await step("warm build, nothing changed", a.dir, turbo("build")));
  // The same through the root script, as a person types it: adds npx's and pnpm's start-up.
  record(await step("warm `pnpm build` via npx", a.dir, [...pnpm, "run", "build"]));

  if (!flags["skip-full-test"]) {
    const b = await freshClone("b");
    clones.push(b.dir);
    record(b.clone);
    record(await step("npm test (fresh clone)", b.dir, ["npm", "test"]));
  }
} finally {
  if (!flags.keep) for (const dir of clones) rmSync(dir, { recursive: true, force: true });
  else console.log(`clones kept: ${clones.join(", ")}`);
}

const widths = /** @type {const} */ ([28, 9, 7]);
console.log(`\n${"stage".padEnd(widths[0])} ${"seconds".padStart(widths[1])} ${"result".padEnd(widths[2])} turbo cache`);
for (const s of steps) {
  console.log(`${s.name.padEnd(widths[0])} ${s.seconds.toFixed(1).padStart(widths[1])} ${(s.ok ? "ok" : "FAILED").padEnd(widths[2])} ${s.note ?? ""}`);
}

const warm = steps.find((s) => s.name.startsWith("warm re-run"));
const report = {
  machine: { cpu: cpus()[0]?.model, cores: cpus().length, node: process.version, loadAverageAtStart: load, date: started.toISOString() },
  repo: flags.repo,
  source: flags.worktree ? "working tree (uncommitted changes included)" : "committed work (HEAD)",
  steps,
  fullTurboOnWarmRun: Boolean(warm?.note?.includes("FULL TURBO")),
};
mkdirSync(dirname(resolve(flags.out)), { recursive: true });
writeFileSync(resolve(flags.out), `${JSON.stringify(report, null, 2)}\n`);
console.log(`\nJSON written to ${resolve(flags.out)}; logs in ${logDir}`);
if (steps.some((s) => !s.ok) || (warm && !report.fullTurboOnWarmRun)) process.exitCode = 1;
