// HTTP mode: real requests over loopback to the server process (server.mjs), one at a time and
// with many in flight, each worker going through the realistic mix in turn, counted for a fixed
// time per variant and round.
import { fork } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { MIX } from "./fixture.mjs";
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
 * Runs `concurrency` loops of back-to-back calls for `durationMs`; resolves to the calls
 * completed and the time until the last one finished (ms).
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
  return { completed, ms: performance.now() - start };
}

/**
 * One call after the other through `each`, in turn.
 * @param {(() => Promise<unknown>)[]} each
 */
export function inTurn(each) {
  let next = 0;
  return () => /** @type {() => Promise<unknown>} */ (each[next++ % each.length])();
}

/**
 * One call after the other through the requests of the mix, in turn.
 * @param {import("./variants.mjs").Calls} calls
 */
const mixed = (calls) => inTurn(MIX.map((request) => /** @type {() => Promise<unknown>} */ (calls[request.id])));

/**
 * Each round gives every variant `durationMs` per load, in slices of `sliceMs` taken in turn
 * (the order rotating from slice to slice), so a neighbour's burst of load hits all variants alike.
 * @param {import("./variants.mjs").Variant[]} variants
 * @param {string} baseUrl
 * @param {{ rounds: number, durationMs: number, sliceMs: number, warmupMs: number, concurrency: number, log: (line: string) => void, check: (id: string, request: import("./fixture.mjs").Request, body: unknown) => void }} options
 * @returns {Promise<Record<string, Record<string, number[]>>>} per load, per variant, req/s of each round
 */
export async function runHttp(variants, baseUrl, options) {
  const runs = variants.map((variant) => ({ variant, calls: variant.create(baseUrl) }));
  // The server answers 404/401/400 to a wrong path, token or body, which every variant turns into an error.
  for (const { variant, calls } of runs) for (const request of MIX) options.check(variant.id, request, await calls[request.id]());
  const units = runs.map(({ variant, calls }) => ({ variant, call: mixed(calls) }));
  const loads = { sequential: 1, [`concurrency ${options.concurrency}`]: options.concurrency };
  // Warm-up at full concurrency also opens the pooled connections every later round reuses.
  for (const { call } of units) await throughput(call, options.concurrency, options.warmupMs);

  /** @type {Record<string, Record<string, number[]>>} */
  const results = Object.fromEntries(Object.keys(loads).map((load) => [load, Object.fromEntries(variants.map((v) => [v.id, /** @type {number[]} */ ([])]))]));
  const slices = Math.max(1, Math.round(options.durationMs / options.sliceMs));
  for (let round = 0; round < options.rounds; round++) {
    for (const [load, concurrency] of Object.entries(loads)) {
      const totals = new Map(units.map((unit) => [unit, { completed: 0, ms: 0 }]));
      for (let slice = 0; slice < slices; slice++) {
        for (const unit of rotate(units, round * slices + slice)) {
          const { completed, ms } = await throughput(unit.call, concurrency, options.durationMs / slices);
          const total = /** @type {{ completed: number, ms: number }} */ (totals.get(unit));
          total.completed += completed;
          total.ms += ms;
        }
      }
      // Divided by the time until the last call of each slice finished, not by the nominal duration.
      for (const [{ variant }, { completed, ms }] of totals) results[load]?.[variant.id]?.push(completed / (ms / 1000));
      options.log(`  http round ${round + 1}/${options.rounds}, ${load}: ${variants.map((v) => `${v.id} ${Math.round(results[load]?.[v.id]?.at(-1) ?? 0)}`).join(", ")} req/s`);
    }
  }
  return results;
}
