// What createClient() costs at run time, next to bare openapi-fetch's createClient, in this
// process: `node --expose-gc runtime.mjs <client entry> [--rounds N] [--call JSON]` prints JSON.
// `--call` names one operation: { method, path, init, tag, name, args }.
//   importMs      loading the client's module (and openapi-fetch) in a fresh process
//   createUs      median over rounds of the time per createClient() call
//   retainedBytes heap kept per client, from many clients held at once after full collections
//   firstPathCallMs, firstNamedCallMs  the first calls of a process (stub fetch), which build the
//                 route lookup and a tag's operations
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { median } from "../stats.mjs";

const { values, positionals } = parseArgs({ allowPositionals: true, options: { rounds: { type: "string", default: "7" }, call: { type: "string" } } });
const gc = /** @type {() => void} */ (/** @type {any} */ (globalThis).gc);
if (typeof gc !== "function") throw new Error("run with node --expose-gc");
const entry = positionals[0];
if (!entry) throw new Error("usage: runtime.mjs <path of the client's built ESM entry>");

let start = performance.now();
const client = await import(pathToFileURL(entry).href);
const importMs = performance.now() - start;
const { default: createFetchClient } = await import("openapi-fetch");

const stub = async () => new Response("{}", { headers: { "content-type": "application/json" } });
// As an app sets it up: the organization id too, which the BlendVision operations need.
const newClient = () => client.createClient({ token: "t", orgId: "org-1", baseUrl: "http://127.0.0.1:1", fetch: stub });
/** @type {Record<string, () => unknown>} */
const variants = {
  client: newClient,
  "openapi-fetch": () => createFetchClient({ baseUrl: "http://127.0.0.1:1", fetch: stub }),
};

// The first calls of the process, before anything else has used the client.
const first = newClient();
let firstPathCallMs, firstNamedCallMs;
if (values.call) {
  const { method, path, tag, name, init, args } = JSON.parse(values.call);
  start = performance.now();
  await first[method](path, init);
  firstPathCallMs = performance.now() - start;
  start = performance.now();
  await first[tag][name](args);
  firstNamedCallMs = performance.now() - start;
}

const rounds = Number(values.rounds);
const PER_ROUND = 2000;
/** @type {Record<string, number[]>} */
const perRound = Object.fromEntries(Object.keys(variants).map((id) => [id, []]));
for (let round = -2; round < rounds; round++) {
  const order = Object.keys(variants);
  if (round % 2) order.reverse();
  for (const id of order) {
    const make = /** @type {() => unknown} */ (variants[id]);
    gc();
    const t = performance.now();
    for (let i = 0; i < PER_ROUND; i++) make();
    const us = ((performance.now() - t) * 1000) / PER_ROUND;
    if (round >= 0) perRound[id]?.push(us); // rounds below 0 warm up
  }
}

const HELD = 1000;
/** @param {() => unknown} make */
function retained(make) {
  gc();
  gc();
  const before = process.memoryUsage().heapUsed;
  const held = Array.from({ length: HELD }, make);
  gc();
  gc();
  const bytes = (process.memoryUsage().heapUsed - before) / HELD;
  held.length = 0;
  return bytes;
}

/** @type {Record<string, { createUs: number, retainedBytes: number }>} */
const result = {};
for (const [id, make] of Object.entries(variants)) {
  result[id] = { createUs: median(perRound[id] ?? []), retainedBytes: median([retained(make), retained(make), retained(make)]) };
}
console.log(JSON.stringify({ importMs, firstPathCallMs, firstNamedCallMs, ...result }));
