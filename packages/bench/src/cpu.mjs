// CPU mode: every variant calls a stub `fetch` that answers at once with a fresh small JSON
// Response, so what is timed is the client's own work per call (building the request, headers,
// signals, parsing) plus the same Response and JSON parsing for all. Nothing waits on I/O, so
// wall time per call is CPU time per call.
import { performance } from "node:perf_hooks";
import { AUTHORIZATION, BODY, PATH } from "./fixture.mjs";
import { quantile, rotate } from "./stats.mjs";

const STUB_BASE_URL = "http://stub.invalid";
const JSON_HEADERS = { "content-type": "application/json" };

/** The stub `fetch`: ignores the request and resolves to a new Response each time. */
export const stubFetch = async () => new Response(BODY, { headers: JSON_HEADERS });

/**
 * The stub used once before timing: it checks that the variant asked for the right thing, so no
 * variant is timed doing less than the others.
 * @param {Request | string | URL} input
 * @param {RequestInit} [init]
 */
async function checkingStub(input, init) {
  const request = new Request(input, init);
  const wanted = `GET ${STUB_BASE_URL}${PATH} ${AUTHORIZATION}`;
  const got = `${request.method} ${request.url} ${request.headers.get("authorization")}`;
  if (got !== wanted) throw new Error(`the stub expected ${wanted}, got ${got}`);
  return stubFetch();
}

/**
 * Collects garbage before a round when node runs with --expose-gc, so a round does not pay for
 * the previous one. Not between slices: a full collection shrinks the young generation, and the
 * slice after it pays for more scavenges while it grows back.
 */
const collect = () => /** @type {{ gc?: () => void }} */ (globalThis).gc?.();

/**
 * Times `count` sequential calls one by one (wall time, µs) into `samples`, and returns the
 * process's CPU time over them: CPU time does not grow while another process holds the core,
 * so it tells a slow stretch on a busy machine from a slow client.
 * @param {() => Promise<unknown>} call
 * @param {number} count
 * @param {number[]} samples
 */
async function timeCalls(call, count, samples) {
  const cpuBefore = process.cpuUsage();
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await call();
    samples.push((performance.now() - start) * 1000);
  }
  const cpu = process.cpuUsage(cpuBefore);
  return cpu.user + cpu.system;
}

/**
 * A round gives each variant `calls` timed calls, in slices of `slice` calls taken in turn
 * (the order rotating from slice to slice), so the variants' samples of one round interleave
 * every few milliseconds and a burst of load from elsewhere touches them all alike.
 * @param {import("./variants.mjs").Variant[]} variants
 * @param {{ rounds: number, calls: number, slice: number, warmup: number, log: (line: string) => void, check: (id: string, body: unknown) => void }} options
 * @returns {Promise<Record<string, { p50: number[], p90: number[], cpu: number[] }>>} per variant, one value per round (µs)
 */
export async function runCpu(variants, options) {
  for (const variant of variants) options.check(variant.id, await variant.create(STUB_BASE_URL, checkingStub)());
  const calls = variants.map((variant) => ({ variant, call: variant.create(STUB_BASE_URL, stubFetch) }));
  // Warm-up: the optimizing compiler has seen every client before timing starts.
  for (const { call } of calls) await timeCalls(call, options.warmup, []);

  /** @type {Record<string, { p50: number[], p90: number[], cpu: number[] }>} */
  const results = Object.fromEntries(variants.map((v) => [v.id, { p50: [], p90: [], cpu: [] }]));
  const slices = Math.ceil(options.calls / options.slice);
  for (let round = 0; round < options.rounds; round++) {
    /** @type {Map<string, { samples: number[], cpu: number }>} */
    const block = new Map(variants.map((v) => [v.id, { samples: [], cpu: 0 }]));
    collect();
    for (let slice = 0; slice < slices; slice++) {
      const count = Math.min(options.slice, options.calls - slice * options.slice);
      for (const { variant, call } of rotate(calls, round * slices + slice)) {
        const own = /** @type {{ samples: number[], cpu: number }} */ (block.get(variant.id));
        own.cpu += await timeCalls(call, count, own.samples);
      }
    }
    for (const [id, { samples, cpu }] of block) {
      results[id]?.p50.push(quantile(samples, 0.5));
      results[id]?.p90.push(quantile(samples, 0.9));
      results[id]?.cpu.push(cpu / samples.length);
    }
    options.log(`  cpu round ${round + 1}/${options.rounds}: ${variants.map((v) => `${v.id} ${results[v.id]?.p50.at(-1)?.toFixed(1)}`).join(", ")} µs`);
  }
  return results;
}
