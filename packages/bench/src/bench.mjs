// `pnpm bench`: @tokenkit/client next to raw fetch, bare openapi-fetch and other HTTP clients,
// all in this one process (the HTTP mode's server runs in its own), so every figure can be read
// as a ratio to the references measured minutes apart on the same machine.
//
//   node --expose-gc src/bench.mjs [--mode all|cpu|http|size] [--rounds N] [--calls N] [--slice N]
//        [--warmup N] [--duration MS] [--warmup-ms MS] [--concurrency N] [--only id,id] [--out FILE]
//
// Each flag also reads from the environment (BENCH_ROUNDS, BENCH_CALLS, BENCH_DURATION, ...).
// Results go to stdout and, as JSON, to results/latest.json. Not a test: nothing here fails
// on a slow figure.
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { isDeepStrictEqual, parseArgs } from "node:util";
import { runCpu } from "./cpu.mjs";
import { BODY } from "./fixture.mjs";
import { runHttp, startServer } from "./http.mjs";
import { cpuTable, httpTable, summarize, targets, targetTable } from "./report.mjs";
import { CLIENT_GOAL, formatSizes, measureAll } from "./size.mjs";
import { selectVariants } from "./variants.mjs";

const defaults = {
  mode: "all",
  rounds: "7",
  calls: "2000", // CPU mode: timed calls per variant and round
  slice: "250", // CPU mode: calls a variant makes before the next one takes its turn
  warmup: "3000", // CPU mode: untimed calls per variant first
  duration: "1000", // HTTP mode: ms per variant, load and round
  "warmup-ms": "500", // HTTP mode: untimed ms per variant first
  concurrency: "32",
  only: "",
  out: resolve(dirname(fileURLToPath(import.meta.url)), "../results/latest.json"),
};
/** @param {string} flag */
const envName = (flag) => `BENCH_${flag.replace("-", "_").toUpperCase()}`;
const { values: flags } = parseArgs({
  options: Object.fromEntries(Object.keys(defaults).map((flag) => [flag, { type: "string" }])),
});
/** @param {keyof typeof defaults} flag */
const option = (flag) => flags[flag] ?? process.env[envName(flag)] ?? defaults[flag];
/** @param {keyof typeof defaults} flag */
function count(flag) {
  const value = Number(option(flag));
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${flag} must be a positive integer, got ${option(flag)}`);
  return value;
}

const mode = option("mode");
if (!["all", "cpu", "http", "size"].includes(mode)) throw new Error(`--mode must be all, cpu, http or size, got ${mode}`);
const variants = selectVariants(option("only").split(",").filter(Boolean));
/** @param {string} line */
const log = (line) => console.log(line);
const expected = JSON.parse(BODY);
/**
 * Every variant must hand back the parsed body before it is timed.
 * @param {string} id
 * @param {unknown} body
 */
function check(id, body) {
  if (!isDeepStrictEqual(body, expected)) throw new Error(`${id} returned ${JSON.stringify(body)}, expected ${BODY}`);
}

const machine = {
  cpu: cpus()[0]?.model ?? "unknown",
  cores: cpus().length,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
  loadAverageAtStart: loadavg().map((l) => Number(l.toFixed(2))),
  date: new Date().toISOString(),
  gcBetweenRounds: typeof (/** @type {{ gc?: unknown }} */ (globalThis).gc) === "function",
  /** @type {number[] | undefined} */
  loadAverageAtEnd: undefined,
};
console.log(`${machine.cpu}, ${machine.cores} cores, node ${machine.node}, load ${machine.loadAverageAtStart.join(" ")}, ${machine.date}`);
if (!machine.gcBetweenRounds) console.log("(run node with --expose-gc to collect garbage between rounds)");

/** @type {Record<string, unknown>} */
const output = { machine, variants: variants.map(({ id, label }) => ({ id, label })) };
const started = Date.now();

/** @type {ReturnType<typeof summarize> | undefined} */
let cpu;
if (mode === "all" || mode === "cpu") {
  const config = { rounds: count("rounds"), calls: count("calls"), slice: count("slice"), warmup: count("warmup") };
  console.log(
    `\nCPU per call, stub fetch (${config.rounds} rounds × ${config.calls} calls per variant in slices of ${config.slice}, ${config.warmup} warm-up calls)`,
  );
  const raw = await runCpu(variants, { ...config, log, check });
  /** @param {"p50" | "p90" | "cpu"} key */
  const pick = (key) => summarize(Object.fromEntries(Object.entries(raw).map(([id, r]) => [id, r[key]])));
  cpu = pick("p50");
  const cpuTime = pick("cpu");
  console.log(`\n${cpuTable(variants, cpu, cpuTime)}`);
  output.cpu = {
    config,
    unit: "µs per call",
    p50: cpu, // wall time of one call, median within each round
    p90: pick("p90"),
    cpuTime, // process CPU time of a round's block divided by its calls
  };
}

/** @type {Record<string, ReturnType<typeof summarize>> | undefined} */
let http;
if (mode === "all" || mode === "http") {
  const config = { rounds: count("rounds"), durationMs: count("duration"), warmupMs: count("warmup-ms"), concurrency: count("concurrency") };
  const server = await startServer();
  const stop = () => server.stop();
  // Ctrl-C still stops the server process (which would also exit on its own when we are gone).
  process.once("SIGINT", () => void stop().then(() => process.exit(130)));
  try {
    console.log(`\nThroughput over loopback, server in process ${server.pid} at ${server.baseUrl} (${config.rounds} rounds × ${config.durationMs} ms per variant and load)`);
    const raw = await runHttp(variants, server.baseUrl, { ...config, log, check });
    http = Object.fromEntries(Object.entries(raw).map(([load, perVariant]) => [load, summarize(perVariant)]));
  } finally {
    await stop();
  }
  console.log(`\n${httpTable(variants, http)}`);
  output.http = { config, unit: "requests per second, each round", summary: http };
}

/** @type {number | undefined} */
let bundleGzip;
if (mode === "all" || mode === "size") {
  const sizes = await measureAll();
  console.log(`\n${formatSizes(sizes)}`);
  bundleGzip = sizes["@tokenkit/client"]?.gzip;
  output.size = Object.fromEntries(Object.entries(sizes).map(([name, { gzip, minified }]) => [name, { gzip, minified }]));
}

const goals = targets({ cpu, http, bundleGzip, budget: CLIENT_GOAL });
console.log(`\n${targetTable(goals)}`);
output.targets = goals;
machine.loadAverageAtEnd = loadavg().map((l) => Number(l.toFixed(2)));
output.seconds = Math.round((Date.now() - started) / 1000);

const out = resolve(option("out"));
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(output, null, 2)}\n`);
console.log(`\n${output.seconds} s; load at end ${machine.loadAverageAtEnd.join(" ")}; JSON written to ${out}`);
