// HTTP mode: real requests over loopback to the server process (server.mjs), one at a time and
// with many in flight, counted for a fixed time per variant and round.
import { fork } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { rotate } from "./stats.mjs";

/**
 * Starts the server process and resolves to its base URL and a stop function. The server also
 * exits by itself when this process goes away (see server.mjs).
 */
export async function startServer() {
  const child = fork(fileURLToPath(new URL("./server.mjs", import.meta.url)), [], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const [message] = /** @type {[{ port: number }]} */ (await Promise.race([
    once(child, "message"),
    once(child, "exit").then(([code]) => Promise.reject(new Error(`server process exited with ${code} before listening`))),
  ]));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, "exit");
    child.kill();
    await exited;
  };
  return { baseUrl: `http://127.0.0.1:${message.port}`, pid: child.pid, stop };
}

/**
 * Runs `concurrency` loops of back-to-back calls for `durationMs`; resolves to requests per second.
 * @param {() => Promise<unknown>} call
 * @param {number} concurrency
 * @param {number} durationMs
 */
export async function throughput(call, concurrency, durationMs) {
  let completed = 0;
  const start = performance.now();
  const deadline = start + durationMs;
  const worker = async () => {
    while (performance.now() < deadline) {
      await call();
      completed++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  // Divided by the time until the last call finished, not by the nominal duration.
  return completed / ((performance.now() - start) / 1000);
}

/**
 * @param {import("./variants.mjs").Variant[]} variants
 * @param {string} baseUrl
 * @param {{ rounds: number, durationMs: number, warmupMs: number, concurrency: number, log: (line: string) => void, check: (id: string, body: unknown) => void }} options
 * @returns {Promise<Record<string, Record<string, number[]>>>} per load, per variant, req/s of each round
 */
export async function runHttp(variants, baseUrl, options) {
  const calls = variants.map((variant) => ({ variant, call: variant.create(baseUrl) }));
  // The server answers 404/401 to a wrong path or token, which every variant turns into an error.
  for (const { variant, call } of calls) options.check(variant.id, await call());
  const loads = { sequential: 1, [`concurrency ${options.concurrency}`]: options.concurrency };
  // Warm-up at full concurrency also opens the pooled connections every later round reuses.
  for (const { call } of calls) await throughput(call, options.concurrency, options.warmupMs);

  /** @type {Record<string, Record<string, number[]>>} */
  const results = Object.fromEntries(Object.keys(loads).map((load) => [load, Object.fromEntries(variants.map((v) => [v.id, /** @type {number[]} */ ([])]))]));
  for (let round = 0; round < options.rounds; round++) {
    for (const [load, concurrency] of Object.entries(loads)) {
      for (const { variant, call } of rotate(calls, round)) {
        results[load]?.[variant.id]?.push(await throughput(call, concurrency, options.durationMs));
      }
      options.log(`  http round ${round + 1}/${options.rounds}, ${load}: ${variants.map((v) => `${v.id} ${Math.round(results[load]?.[v.id]?.at(-1) ?? 0)}`).join(", ")} req/s`);
    }
  }
  return results;
}
