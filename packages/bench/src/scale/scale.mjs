// `pnpm bench:scale`: what a user pays as the spec grows. For each size, a synthetic spec of that
// many operations (ours, repeated; valid and linted) goes through the real pipeline, and the
// client is measured next to bare openapi-fetch on the same `paths`:
//   lint, generate, build          seconds of each stage
//   type-check of a consumer       the same calls, path style, named and bare openapi-fetch, on
//                                  tags spread over the spec: instantiations, check time, memory
//   createClient()                 time per call and heap kept per client
//   bundle bytes                   an app calling createClient, an app importing only NotFoundError
//
//   node src/scale/scale.mjs [--sizes 9,100,500,2000] [--repeats 3] [--rounds 7] [--keep] [--out FILE]
//
// Every time is a median of repeats; instantiations and bytes are exact. Not a test: the budgets
// that hold are in test/scale.test.ts.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { measure } from "../size.mjs";
import { median } from "../stats.mjs";
import { callArguments, pickCalls } from "./consumer.mjs";
import { BUNDLES, buildPipeline, consumerProject } from "./pipeline.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const { values: flags } = parseArgs({
  options: {
    sizes: { type: "string", default: "9,100,500,2000" },
    repeats: { type: "string", default: "3" },
    rounds: { type: "string", default: "7" },
    keep: { type: "boolean", default: false },
    out: { type: "string", default: resolve(here, "../../results/scale.json") },
  },
});
const sizes = flags.sizes.split(",").map(Number);
const repeats = Number(flags.repeats);

/** @param {number} count */
async function measureSize(count) {
  const scratch = mkdtempSync(join(tmpdir(), `tokenkit-scale-${count}-`));
  try {
    console.log(`\n${count} operations (scratch ${scratch})`);
    const { spec, ms } = buildPipeline(count, scratch);
    console.log(`  lint ${(ms.lint / 1000).toFixed(1)} s, generate ${(ms.generate / 1000).toFixed(1)} s, build ${(ms.build / 1000).toFixed(1)} s`);

    const check = consumerProject(scratch, spec);
    /** @type {Record<string, import("./pipeline.mjs").TypeCheck & { callInstantiations: number }>} */
    const typeCheck = {};
    for (const style of ["path", "named", "openapi-fetch"]) {
      // One at a time: the times are measured too.
      const runs = [];
      for (let i = 0; i < repeats; i++) runs.push(await check(style));
      const empty = await check(`${style}-empty`);
      const first = /** @type {import("./pipeline.mjs").TypeCheck} */ (runs[0]);
      const t = {
        instantiations: first.instantiations,
        callInstantiations: first.instantiations - empty.instantiations,
        types: first.types,
        memoryKB: median(runs.map((r) => r.memoryKB)),
        checkMs: median(runs.map((r) => r.checkMs)),
        totalMs: median(runs.map((r) => r.totalMs)),
      };
      typeCheck[style] = t;
      console.log(`  type-check ${style.padEnd(13)} ${String(t.instantiations).padStart(8)} instantiations (calls ${t.callInstantiations}), check ${t.checkMs.toFixed(0)} ms, ${(t.memoryKB / 1024).toFixed(0)} MB`);
    }

    const consumerDir = join(scratch, "consumer");
    const call = callArguments(/** @type {any} */ (pickCalls(spec, 1)[0]));
    const runtime = JSON.parse(
      execFileSync(process.execPath, ["--expose-gc", join(here, "runtime.mjs"), join(scratch, "packages/client/dist/index.js"), "--rounds", flags.rounds, "--call", JSON.stringify(call)], {
        cwd: consumerDir,
        encoding: "utf8",
      }),
    );
    console.log(
      `  createClient ${runtime.client.createUs.toFixed(2)} µs, ${Math.round(runtime.client.retainedBytes)} B kept (openapi-fetch ${runtime["openapi-fetch"].createUs.toFixed(2)} µs, ${Math.round(runtime["openapi-fetch"].retainedBytes)} B); import ${runtime.importMs.toFixed(1)} ms; first path call ${runtime.firstPathCallMs.toFixed(2)} ms, first named ${runtime.firstNamedCallMs.toFixed(2)} ms`,
    );

    /** @type {Record<string, { gzip: number, minified: number }>} */
    const bytes = {};
    for (const [name, entry] of Object.entries(BUNDLES)) {
      const { gzip, minified } = await measure(entry, consumerDir);
      bytes[name] = { gzip, minified };
    }
    console.log(`  bytes (min+gzip): createClient ${bytes.createClient?.gzip} B, NotFoundError only ${bytes.errorOnly?.gzip} B, openapi-fetch ${bytes.openapiFetch?.gzip} B`);
    return { operations: count, tags: spec.tags.length, stages: ms, typeCheck, runtime, bytes };
  } finally {
    if (flags.keep) console.log(`  kept ${scratch}`);
    else rmSync(scratch, { recursive: true, force: true });
  }
}

console.log(`${cpus()[0]?.model}, ${cpus().length} cores, node ${process.version}, load ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
const results = [];
for (const count of sizes) results.push(await measureSize(count));

// The table, and the growth per operation between the smallest and the largest size.
/** @param {any} r */
const row = (r) => [
  r.operations,
  r.tags,
  (r.stages.lint / 1000).toFixed(1),
  (r.stages.generate / 1000).toFixed(1),
  (r.stages.build / 1000).toFixed(1),
  `${r.typeCheck.path.instantiations} (${(r.typeCheck.path.instantiations / r.typeCheck["openapi-fetch"].instantiations).toFixed(2)}×)`,
  `${r.typeCheck.named.instantiations} (${(r.typeCheck.named.instantiations / r.typeCheck["openapi-fetch"].instantiations).toFixed(2)}×)`,
  r.typeCheck["openapi-fetch"].instantiations,
  `${(r.typeCheck.path.checkMs / 1000).toFixed(2)} / ${(r.typeCheck.named.checkMs / 1000).toFixed(2)} / ${(r.typeCheck["openapi-fetch"].checkMs / 1000).toFixed(2)}`,
  `${Math.round(r.typeCheck.path.memoryKB / 1024)} / ${Math.round(r.typeCheck.named.memoryKB / 1024)} / ${Math.round(r.typeCheck["openapi-fetch"].memoryKB / 1024)}`,
  `${r.runtime.client.createUs.toFixed(2)} / ${r.runtime["openapi-fetch"].createUs.toFixed(2)}`,
  `${Math.round(r.runtime.client.retainedBytes)} / ${Math.round(r.runtime["openapi-fetch"].retainedBytes)}`,
  r.bytes.createClient.gzip,
  r.bytes.errorOnly.gzip,
  r.bytes.openapiFetch.gzip,
];
const header = [
  "operations",
  "tags",
  "lint s",
  "generate s",
  "build s",
  "type-check instantiations, path style (× openapi-fetch)",
  "named (×)",
  "bare openapi-fetch",
  "check s: path / named / openapi-fetch",
  "tsc MB: path / named / openapi-fetch",
  "createClient µs: client / openapi-fetch",
  "heap B per client: client / openapi-fetch",
  "createClient bundle B gzip",
  "NotFoundError-only bundle B gzip",
  "openapi-fetch bundle B gzip",
];
const lines = [`| ${header.join(" | ")} |`, `|${header.map(() => "---:").join("|")}|`, ...results.map((r) => `| ${row(r).join(" | ")} |`)];
const [small, large] = [results[0], results.at(-1)];
if (small && large && large.operations > small.operations) {
  const span = large.operations - small.operations;
  /** @param {(r: any) => number} get @param {number} digits */
  const per = (get, digits) => ((get(large) - get(small)) / span).toFixed(digits);
  lines.push(
    `| per operation, ${small.operations} → ${large.operations} | ${per((r) => r.tags, 3)} | ${per((r) => r.stages.lint, 2)} ms | ${per((r) => r.stages.generate, 2)} ms | ${per((r) => r.stages.build, 2)} ms | ${per((r) => r.typeCheck.path.instantiations, 1)} | ${per((r) => r.typeCheck.named.instantiations, 1)} | ${per((r) => r.typeCheck["openapi-fetch"].instantiations, 1)} | ${per((r) => r.typeCheck.path.checkMs, 2)} / ${per((r) => r.typeCheck.named.checkMs, 2)} / ${per((r) => r.typeCheck["openapi-fetch"].checkMs, 2)} ms | ${per((r) => r.typeCheck.path.memoryKB, 1)} / ${per((r) => r.typeCheck.named.memoryKB, 1)} / ${per((r) => r.typeCheck["openapi-fetch"].memoryKB, 1)} KB | ${per((r) => r.runtime.client.createUs * 1000, 2)} / ${per((r) => r.runtime["openapi-fetch"].createUs * 1000, 2)} ns | ${per((r) => r.runtime.client.retainedBytes, 2)} / ${per((r) => r.runtime["openapi-fetch"].retainedBytes, 2)} | ${per((r) => r.bytes.createClient.gzip, 2)} | ${per((r) => r.bytes.errorOnly.gzip, 2)} | ${per((r) => r.bytes.openapiFetch.gzip, 2)} |`,
  );
}
console.log(`\n${lines.join("\n")}`);

mkdirSync(dirname(flags.out), { recursive: true });
writeFileSync(flags.out, `${JSON.stringify({ date: new Date().toISOString(), node: process.version, results }, null, 2)}\n`);
console.log(`\nJSON written to ${flags.out}`);
