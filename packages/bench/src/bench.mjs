// `pnpm bench`: @tokenkit/client next to raw fetch, bare openapi-fetch and other HTTP clients,
// all in this one process (the HTTP mode's server runs in its own), so every figure can be read
// as a ratio to the references measured minutes apart on the same machine. Every variant makes
// the same realistic mix (fixture.mjs). `--help` prints the usage below. Not a test: nothing
// here fails on a slow figure.
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { isDeepStrictEqual, parseArgs } from "node:util";
import { runCpu } from "./cpu.mjs";
import { MIX } from "./fixture.mjs";
import { runHttp, startServer } from "./http.mjs";
import { cpuTable, httpTable, summarize, summarizeMix, targets, targetTable } from "./report.mjs";
import { CLIENT_GOAL, formatSizes, measureAll } from "./size.mjs";
import { selectVariants, VARIANTS } from "./variants.mjs";

const defaults = {
  mode: "all",
  rounds: "7",
  calls: "1000", // CPU mode: timed calls per variant, request of the mix and round
  slice: "250", // CPU mode: calls one variant and request make before the next takes its turn
  warmup: "2000", // CPU mode: untimed calls per variant and request first
  duration: "1000", // HTTP mode: ms per variant, load and round
  "slice-ms": "100", // HTTP mode: ms one variant runs before the next takes its turn
  "warmup-ms": "500", // HTTP mode: untimed ms per variant first
  concurrency: "32",
  only: "",
  out: resolve(dirname(fileURLToPath(import.meta.url)), "../results/latest.json"),
};

const USAGE = `Usage: npm run bench -- [options]    (or: pnpm bench [options]; node --expose-gc packages/bench/src/bench.mjs [options])

Measures @tokenkit/client against raw fetch, bare openapi-fetch, ofetch, ky and axios on a
realistic mix: ${MIX.map((r) => `${r.method} ${r.template} (${r.label})`).join("; ")}.
Speeds are reported per request and as the geometric mean of the mix, each as a ratio to the
references measured in the same run (median of the per-round ratios).

Options (each also read from the environment as BENCH_<NAME>, e.g. BENCH_ROUNDS=15):
  --mode all|cpu|http|size  what to measure (default ${defaults.mode})
                            cpu: time per call with a stub fetch (the client's own work)
                            http: requests per second over loopback, sequential and concurrent
                            size: browser bundle bytes, min+gzip
  --rounds N                rounds of every measurement (default ${defaults.rounds})
  --calls N                 cpu: timed calls per variant, request and round (default ${defaults.calls})
  --slice N                 cpu: calls in a row before the next variant's turn (default ${defaults.slice})
  --warmup N                cpu: untimed calls per variant and request first (default ${defaults.warmup})
  --duration MS             http: time per variant, load and round (default ${defaults.duration})
  --slice-ms MS             http: time in a row before the next variant's turn (default ${defaults["slice-ms"]})
  --warmup-ms MS            http: untimed time per variant first (default ${defaults["warmup-ms"]})
  --concurrency N           http: calls in flight in the concurrent load (default ${defaults.concurrency})
  --only id,id              measure only these variants (the two references always run):
                            ${VARIANTS.map((v) => `${v.id}${v.optional ? " (diagnosis)" : ""}`).join(", ")}
  --out FILE                where the JSON results go (default results/latest.json)
  --help                    print this and exit
`;
/** @param {string} flag */
const envName = (flag) => `BENCH_${flag.replace("-", "_").toUpperCase()}`;
const { values: flags } = parseArgs({
  options: { ...Object.fromEntries(Object.keys(defaults).map((flag) => [flag, { type: "string" }])), help: { type: "boolean", short: "h" } },
});
if (flags.help) {
  console.log(USAGE);
  process.exit(0);
}
/** @param {keyof typeof defaults} flag */
const option = (flag) => /** @type {Record<string, unknown>} */ (flags)[flag]?.toString() ?? process.env[envName(flag)] ?? defaults[flag];
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
/**
 * Every variant must hand back the parsed body of each request before it is timed.
 * @param {string} id
 * @param {import("./fixture.mjs").Request} request
 * @param {unknown} body
 */
function check(id, request, body) {
  if (!isDeepStrictEqual(body, JSON.parse(request.response))) throw new Error(`${id}, ${request.id}: returned ${JSON.stringify(body)}, expected ${request.response}`);
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

/** @type {Record<string, ReturnType<typeof summarize>> | undefined} */
let cpu;
if (mode === "all" || mode === "cpu") {
  const config = { rounds: count("rounds"), calls: count("calls"), slice: count("slice"), warmup: count("warmup") };
  console.log(
    `\nCPU per call, stub fetch (${config.rounds} rounds × ${config.calls} calls per variant and request in slices of ${config.slice}, ${config.warmup} warm-up calls)`,
  );
  const raw = await runCpu(variants, { ...config, log, check });
  /** @param {"p50" | "p90" | "cpu"} key */
  const pick = (key) =>
    summarizeMix(Object.fromEntries(Object.entries(raw).map(([id, byRequest]) => [id, Object.fromEntries(Object.entries(byRequest).map(([r, values]) => [r, values[key]]))])));
  cpu = pick("p50");
  const cpuTime = pick("cpu");
  console.log(`\n${cpuTable(variants, cpu, cpuTime)}`);
  output.cpu = {
    config,
    unit: "µs per call",
    mix: MIX.map(({ id, method, template }) => ({ id, method, template })),
    p50: cpu, // wall time of one call, median within each round; "mix" is the geometric mean of the requests'

    p90: pick("p90"),
    cpuTime, // process CPU time of a round's block divided by its calls
  };
}

/** @type {Record<string, ReturnType<typeof summarize>> | undefined} */
let http;
if (mode === "all" || mode === "http") {
  const config = { rounds: count("rounds"), durationMs: count("duration"), sliceMs: count("slice-ms"), warmupMs: count("warmup-ms"), concurrency: count("concurrency") };
  const server = await startServer();
  const stop = () => server.stop();
  // Ctrl-C still stops the server process (which would also exit on its own when we are gone).
  process.once("SIGINT", () => void stop().then(() => process.exit(130)));
  try {
    console.log(
      `\nThroughput over loopback, the mix in turn, server in process ${server.pid} at ${server.baseUrl} (${config.rounds} rounds × ${config.durationMs} ms per variant and load, in slices of ${config.sliceMs} ms)`,
    );
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
