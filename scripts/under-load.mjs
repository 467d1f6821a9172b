#!/usr/bin/env node
// @ts-check
// Runs a command while busy loops keep the CPU cores occupied, to show that the tests hold on a
// loaded machine (a shared CI runner, a laptop doing something else):
//
//   node scripts/under-load.mjs [--loops 2] [--limit 1800] [--runs 1] -- node scripts/run.mjs test
//
//   --loops N    busy loops, one `node -e` process each (default: 2, one per core of a 2-core runner)
//   --limit S    seconds after which each loop ends by itself, even if this script was killed (default 1800)
//   --runs N     run the command N times in a row, stopping at the first failure (default 1)
//
// The loops are started before the first run and stopped by their PIDs after the last one (or
// when this script is interrupted). Exits with the failing run's exit code, else 0.
import { spawn } from "node:child_process";
import { loadavg } from "node:os";
import { parseArgs } from "node:util";

const { values, positionals: command } = parseArgs({
  options: {
    loops: { type: "string", default: "2" },
    limit: { type: "string", default: "1800" },
    runs: { type: "string", default: "1" },
  },
  allowPositionals: true,
});
const [loopCount, limitSeconds, runCount] = [values.loops, values.limit, values.runs].map(Number);
const [file = "", ...args] = command;
if (!file || ![loopCount, limitSeconds, runCount].every((n) => Number.isInteger(n) && Number(n) > 0)) {
  console.error("usage: node scripts/under-load.mjs [--loops N] [--limit SECONDS] [--runs N] -- <command> [args]");
  process.exit(2);
}

// Each loop checks the clock so that it ends at its deadline on its own: no loop outlives the
// limit, whatever happens to this script.
const BUSY = `const end = Date.now() + ${Number(limitSeconds) * 1000}; let x = 0; while (Date.now() < end) x = (x + 1) % 1e9;`;
const loops = Array.from({ length: Number(loopCount) }, () => spawn(process.execPath, ["-e", BUSY], { stdio: "ignore" }));
console.log(`under-load: ${loops.length} busy loops (pids ${loops.map((l) => l.pid).join(", ")}), each for at most ${limitSeconds} s`);

/** @type {import("node:child_process").ChildProcess | undefined} */
let running;
function stopLoops() {
  for (const loop of loops) if (loop.exitCode === null && loop.signalCode === null) loop.kill("SIGKILL");
}
for (const signal of /** @type {const} */ (["SIGINT", "SIGTERM", "SIGHUP"])) {
  process.on(signal, () => {
    running?.kill(signal);
    stopLoops();
    process.exit(130);
  });
}

/** Runs the command once; resolves with its exit code (128 + 15 when a signal ended it). @returns {Promise<number>} */
function runOnce() {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(file, args, { stdio: "inherit" });
    running = child;
    child.once("error", reject);
    child.once("exit", (code) => resolvePromise(code ?? 143));
  });
}

const load = () => loadavg().map((l) => l.toFixed(1)).join(" ");
let failed = 0;
try {
  for (let run = 1; run <= Number(runCount); run++) {
    const start = performance.now();
    console.log(`under-load: run ${run}/${runCount}: ${command.join(" ")} (load ${load()})`);
    const code = await runOnce();
    const seconds = ((performance.now() - start) / 1000).toFixed(1);
    console.log(`under-load: run ${run}/${runCount} ${code === 0 ? "passed" : `FAILED (exit ${code})`} in ${seconds} s (load ${load()})`);
    if (code !== 0) {
      failed = code;
      break;
    }
  }
} finally {
  stopLoops();
}
process.exit(failed);
