// CPU mode: every variant calls a stub `fetch` that answers at once with a fresh small JSON
// Response, so what is timed is the client's own work per call (building the request, headers,
// signals, parsing) plus the same Response and JSON parsing for all. Nothing waits on I/O, so
// wall time per call is CPU time per call. Each request of the mix is timed on its own.
//
// The stub is also installed as the global `fetch` while its request is timed, and given to
// every variant as well: a variant that takes the platform's `fetch` by default
// (@tokenkit/client) is measured on that default path, the one its users run.
import { performance } from "node:perf_hooks";
import { isDeepStrictEqual } from "node:util";
import { AUTHORIZATION, MIX } from "./fixture.mjs";
import { quantile, rotate } from "./stats.mjs";

export const STUB_BASE_URL = "http://stub.invalid";
const JSON_HEADERS = { "content-type": "application/json" };

/**
 * The stub `fetch` of one request of the mix: ignores what it is given and resolves to a new
 * Response with that request's answer each time.
 * @param {import("./fixture.mjs").Request} request
 */
export const stubFetch = (request) => async () => new Response(request.response, { headers: JSON_HEADERS });

/**
 * The stub used once before timing: it checks that the variant asked for the right thing, so no
 * variant is timed doing less than the others.
 * @param {import("./fixture.mjs").Request} expected
 */
const checkingStub = (expected) => async (/** @type {Request | string | URL} */ input, /** @type {RequestInit | undefined} */ init) => {
  const request = new Request(input, init);
  const wanted = `${expected.method} ${STUB_BASE_URL}${expected.path} ${AUTHORIZATION}`;
  const got = `${request.method} ${request.url} ${request.headers.get("authorization")}`;
  if (got !== wanted) throw new Error(`the stub expected ${wanted}, got ${got}`);
  if (expected.body !== undefined && !isDeepStrictEqual(await request.json(), expected.body)) throw new Error(`${expected.id}: wrong request body`);
  return stubFetch(expected)();
};

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

/** @typedef {{ p50: number[], p90: number[], cpu: number[] }} PerRound one value per round (µs) */

/**
 * A round gives each variant `calls` timed calls of each request of the mix, in slices of
 * `slice` calls taken in turn (the order rotating from slice to slice), so the samples of one
 * round interleave every few milliseconds and a burst of load from elsewhere touches them all alike.
 * @param {import("./variants.mjs").Variant[]} variants
 * @param {{ rounds: number, calls: number, slice: number, warmup: number, log: (line: string) => void, check: (id: string, request: import("./fixture.mjs").Request, body: unknown) => void }} options
 * @returns {Promise<Record<string, Record<string, PerRound>>>} per variant, per request of the mix
 */
export async function runCpu(variants, options) {
  const platformFetch = globalThis.fetch;
  try {
    return await timeUnits(variants, options);
  } finally {
    globalThis.fetch = platformFetch;
  }
}

/** @type {typeof runCpu} */
async function timeUnits(variants, options) {
  const units = [];
  for (const variant of variants) {
    for (const request of MIX) {
      const checking = checkingStub(request);
      globalThis.fetch = checking;
      options.check(variant.id, request, await variant.create(STUB_BASE_URL, checking)[request.id]());
      const stub = stubFetch(request);
      globalThis.fetch = stub;
      units.push({ variant, request, stub, call: variant.create(STUB_BASE_URL, stub)[request.id] });
    }
  }
  // Warm-up: the optimizing compiler has seen every client and request before timing starts.
  for (const { stub, call } of units) {
    globalThis.fetch = stub;
    await timeCalls(call, options.warmup, []);
  }

  /** @type {Record<string, Record<string, PerRound>>} */
  const results = Object.fromEntries(variants.map((v) => [v.id, Object.fromEntries(MIX.map((r) => [r.id, { p50: [], p90: [], cpu: [] }]))]));
  const slices = Math.ceil(options.calls / options.slice);
  for (let round = 0; round < options.rounds; round++) {
    const block = new Map(units.map((unit) => [unit, { samples: /** @type {number[]} */ ([]), cpu: 0 }]));
    collect();
    for (let slice = 0; slice < slices; slice++) {
      const count = Math.min(options.slice, options.calls - slice * options.slice);
      for (const unit of rotate(units, round * slices + slice)) {
        const own = /** @type {{ samples: number[], cpu: number }} */ (block.get(unit));
        globalThis.fetch = unit.stub;
        own.cpu += await timeCalls(unit.call, count, own.samples);
      }
    }
    for (const [{ variant, request }, { samples, cpu }] of block) {
      const into = results[variant.id]?.[request.id];
      into?.p50.push(quantile(samples, 0.5));
      into?.p90.push(quantile(samples, 0.9));
      into?.cpu.push(cpu / samples.length);
    }
    options.log(`  cpu round ${round + 1}/${options.rounds} (p50 µs, ${MIX.map((r) => r.id).join("/")}): ${variants.map((v) => `${v.id} ${MIX.map((r) => results[v.id]?.[r.id]?.p50.at(-1)?.toFixed(1)).join("/")}`).join(", ")}`);
  }
  return results;
}
