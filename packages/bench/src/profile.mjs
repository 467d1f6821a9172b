// Where a variant's time per call goes, from a V8 CPU profile of sequential calls going through
// the realistic mix in turn, with the stub `fetch` (the CPU mode's setup) or, with --http,
// against the loopback server (the HTTP mode's), so a ratio in the bench can be traced to the
// code behind it.
//
//   node src/profile.mjs [--variant client-path] [--http] [--calls 20000] [--top 15] [--out FILE.cpuprofile]
//
// Prints self time per call grouped by where the code lives, the functions with the most self
// time, and the client's own functions by inclusive time (their callees included). --out also
// writes the raw profile, which Chrome DevTools and speedscope open.
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { parseArgs } from "node:util";
import { STUB_BASE_URL, stubFetch } from "./cpu.mjs";
import { MIX } from "./fixture.mjs";
import { inTurn, startServer } from "./http.mjs";
import { VARIANTS } from "./variants.mjs";

const { values } = parseArgs({
  options: {
    variant: { type: "string", default: "client-path" },
    http: { type: "boolean", default: false },
    calls: { type: "string", default: "20000" },
    top: { type: "string", default: "15" },
    out: { type: "string" },
  },
});
const variant = VARIANTS.find((v) => v.id === values.variant);
if (!variant) throw new Error(`unknown variant ${values.variant}; known: ${VARIANTS.map((v) => v.id).join(", ")}`);
const calls = Number(values.calls);
const server = values.http ? await startServer() : undefined;
// With the stub, each request of the mix gets a client of its own whose stub answers it, and
// that stub is the global fetch while the request runs (as in the CPU mode).
const each = MIX.map((request) => {
  if (server) return variant.create(server.baseUrl)[request.id];
  const stub = stubFetch(request);
  globalThis.fetch = stub;
  const call = variant.create(STUB_BASE_URL, stub)[request.id];
  return () => ((globalThis.fetch = stub), call());
});
const call = inTurn(each);

for (let i = 0; i < 5000; i++) await call(); // warm-up: profile optimized code, not the compiler

const session = new Session();
session.connect();
await session.post("Profiler.enable");
await session.post("Profiler.setSamplingInterval", { interval: 50 }); // µs
await session.post("Profiler.start");
for (let i = 0; i < calls; i++) await call();
const { profile } = await session.post("Profiler.stop");
session.disconnect();
await server?.stop();
if (values.out) writeFileSync(values.out, JSON.stringify(profile));

/**
 * Which code a frame belongs to, by its script URL.
 * @param {string} url
 * @param {string} functionName
 */
function area(url, functionName) {
  if (functionName === "(garbage collector)") return "garbage collection";
  if (functionName === "(program)" || functionName === "(idle)" || functionName === "(root)") return "V8/native (no JS frame)";
  if (url.includes("/packages/client/")) return "@tokenkit/client";
  for (const name of ["openapi-fetch", "ky", "axios", "ofetch", "destr", "ufo"]) if (url.includes(`/${name}@`)) return name;
  if (url.includes("/packages/bench/")) return "bench harness";
  if (url.includes("internal/deps/undici")) return "undici (Request, Response, Headers, body)";
  if (url.startsWith("node:")) return "node internals";
  return url || "native";
}

// Self time: each sample lands on one node; timeDeltas[i] is the time before sample i.
/** @type {Map<number, import("node:inspector").Profiler.ProfileNode>} */
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
/** @param {number} id */
const frameOf = (id) => /** @type {import("node:inspector").Profiler.ProfileNode} */ (nodes.get(id)).callFrame;
/** @type {Map<number, number>} */
const self = new Map();
const deltas = profile.timeDeltas ?? [];
(profile.samples ?? []).forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (deltas[i] ?? 0)));

/** @type {Map<string, number>} */
const byArea = new Map();
/** @type {Map<string, number>} */
const byFunction = new Map();
for (const [id, micros] of self) {
  const { functionName, url, lineNumber } = frameOf(id);
  const where = area(url, functionName);
  byArea.set(where, (byArea.get(where) ?? 0) + micros);
  const key = `${functionName || "(anonymous)"}  [${where}${url && !url.startsWith("node:") ? `:${lineNumber + 1}` : url ? ` ${url}:${lineNumber + 1}` : ""}]`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + micros);
}

// Inclusive time of the client's own functions: their self time plus everything they called.
/** @type {Map<number, number>} */
const parentOf = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
/** @type {Map<string, number>} */
const inclusive = new Map();
for (const [id, micros] of self) {
  const seen = new Set();
  for (let /** @type {number | undefined} */ at = id; at !== undefined; at = parentOf.get(at)) {
    const { functionName, url, lineNumber } = frameOf(at);
    if (!url.includes("/packages/client/")) continue;
    const key = `${functionName || "(anonymous)"}:${lineNumber + 1}`;
    if (seen.has(key)) continue; // count recursion once
    seen.add(key);
    inclusive.set(key, (inclusive.get(key) ?? 0) + micros);
  }
}

const total = [...self.values()].reduce((a, b) => a + b, 0);
/** @param {number} micros */
const perCall = (micros) => (micros / calls).toFixed(2).padStart(7);
/** @type {(title: string, map: Map<string, number>, limit?: number) => void} */
const print = (title, map, limit = Infinity) => {
  console.log(`\n${title}`);
  for (const [key, micros] of [...map].sort((a, b) => b[1] - a[1]).slice(0, limit)) {
    console.log(`${perCall(micros)} µs  ${((micros / total) * 100).toFixed(1).padStart(5)} %  ${key}`);
  }
};
console.log(`${variant.label}: ${calls} calls ${server ? "over loopback" : "with a stub fetch"}, ${(total / calls).toFixed(1)} µs sampled per call`);
print("self time per call, by where the code lives", byArea);
print(`top ${values.top} functions by self time per call`, byFunction, Number(values.top));
if (inclusive.size) print("@tokenkit/client functions by inclusive time per call (callees included)", inclusive, Number(values.top));
