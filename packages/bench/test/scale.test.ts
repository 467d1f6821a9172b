// Budgets of what a user pays as the spec grows, in units that do not depend on the machine:
// type instantiations, bytes of heap, bytes of bundle. A synthetic spec of SIZE operations (ours,
// repeated) goes through the real pipeline (lint, generate, build) once; the consumer's calls,
// createClient() and the bundles are measured on it, next to bare openapi-fetch and to the
// client built from our own spec. What grows with the spec is budgeted per operation, so a size
// well past our own spec's proves the growth; `npm run bench:scale` measures it at up to 2000
// operations, with the timings, which are never asserted here. None of the measurements depends
// on time, so the type checks and heap measurements run side by side.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callArguments, pickCalls } from "../src/scale/consumer.mjs";
import { BUNDLES, buildPipeline, consumerProject, ourSpec, root } from "../src/scale/pipeline.mjs";
import { operations } from "@tokenkit/spec-model";
import { measure } from "../src/size.mjs";

/**
 * Operations in the synthetic spec: over ten times our own spec's, enough for a per-operation
 * growth to stand far above a few bytes of gzip noise (`npm run bench:scale` goes to 2000).
 */
const SIZE = 120;
/**
 * Type instantiations of the consumer's calls, at most this many times bare openapi-fetch's, for
 * either call style.
 */
const TYPE_CHECK_RATIO: Record<string, number> = { path: 1.5, named: 1.5 };
/**
 * Heap kept per client may grow by at most this fraction of what it is at our own spec, per
 * thousand operations (2× at a thousand).
 */
const HEAP_GROWTH_PER_THOUSAND = 1;
/** An app that imports only an error class: at most this many bytes, min+gzip, at any spec size. */
const ERROR_ONLY_BUDGET = 1500;
/** What each operation adds to a bundle that calls createClient, min+gzip (measured on the synthetic spec: about 7 B). */
const BYTES_PER_OPERATION = 8;

type TypeCheck = Awaited<ReturnType<ReturnType<typeof consumerProject>>>;

let scratch: string;
let spec: any;
/** Each consumer file's type check (path, named, openapi-fetch), started by beforeAll. */
const typeChecks = new Map<string, Promise<TypeCheck>>();
/** Heap kept per client, at SIZE operations and at our own spec, started by beforeAll. */
let heap: { large: Promise<number>; own: Promise<number> };

/** Started now, awaited by a test: a failure belongs to that test, not to an unhandled rejection. */
function started<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), "tokenkit-scale-test-"));
  // The generator lints the spec itself; the lint stage is timed only by `pnpm bench:scale`.
  ({ spec } = buildPipeline(SIZE, scratch, { lint: false }));
  const check = consumerProject(scratch, spec);
  for (const file of ["path", "named", "openapi-fetch"]) typeChecks.set(file, started(check(file)));
  heap = {
    large: started(retainedBytes(join(scratch, "packages/client/dist/index.js"), spec)),
    own: started(retainedBytes(join(root, "packages/client/dist/index.js"), ourSpec())),
  };
}, 600_000);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe(`type-checking a consumer at ${SIZE} operations (tsc --extendedDiagnostics)`, () => {
  it("the calls span as many tags as they can, both API families and more than one HTTP method", () => {
    const calls = pickCalls(spec);
    const tagsWithOperations = new Set(operations(spec).map((op) => op.tag)).size;
    expect(tagsWithOperations, "the synthetic spec has more than one tag").toBeGreaterThan(1);
    // Every tag is used before any is used twice.
    expect(new Set(calls.map((c) => c.tag)).size).toBe(Math.min(calls.length, tagsWithOperations));
    const families = new Map(spec.tags.map((t: { name: string; "x-api": string }) => [t.name, t["x-api"]]));
    expect(new Set(calls.map((c) => families.get(c.tag))).size).toBe(new Set(families.values()).size);
    expect(new Set(calls.map((c) => c.method)).size).toBeGreaterThan(1);
  });

  it.each(Object.keys(TYPE_CHECK_RATIO))("%s style stays within its budget of bare openapi-fetch's instantiations for the same calls", async (style) => {
    const client = await typeChecks.get(style)!;
    const bare = await typeChecks.get("openapi-fetch")!;
    const report = `${style}: ${client.instantiations} instantiations, bare openapi-fetch ${bare.instantiations} (${(client.instantiations / bare.instantiations).toFixed(2)}×)`;
    console.log(report);
    // The measurement means something only if the calls were checked at all.
    expect(bare.instantiations, "bare openapi-fetch's calls").toBeGreaterThan(1000);
    expect(client.instantiations, report).toBeLessThanOrEqual(bare.instantiations * TYPE_CHECK_RATIO[style]!);
  }, 300_000);
});

/** Heap kept per client, from the client built at `dist` from `document` (runtime.mjs in its own process). */
async function retainedBytes(entry: string, document: any): Promise<number> {
  const call = JSON.stringify(callArguments(pickCalls(document, 1)[0]!));
  const { stdout } = await promisify(execFile)(process.execPath, ["--expose-gc", resolve(import.meta.dirname, "../src/scale/runtime.mjs"), entry, "--rounds", "1", "--call", call], {
    cwd: join(scratch, "consumer"),
    encoding: "utf8",
  });
  return JSON.parse(stdout).client.retainedBytes;
}

describe("createClient()", () => {
  it(`keeps the heap per client within ${HEAP_GROWTH_PER_THOUSAND * 100}% more per thousand operations than at our own spec`, async () => {
    const [large, own] = await Promise.all([heap.large, heap.own]);
    const added = SIZE - operations(ourSpec()).length;
    const report = `heap kept per client: ${Math.round(large)} B at ${SIZE} operations, ${Math.round(own)} B at our spec's ${operations(ourSpec()).length}`;
    console.log(report);
    expect(large, report).toBeLessThanOrEqual(own * (1 + (HEAP_GROWTH_PER_THOUSAND * added) / 1000));
  }, 300_000);
});

describe("bundles (esbuild: browser, esm, minified; gzip -9)", () => {
  const ownDir = resolve(import.meta.dirname, "..");
  it(`importing only NotFoundError is at most ${ERROR_ONLY_BUDGET} B and ships nothing of the operation table`, async () => {
    const large = await measure(BUNDLES.errorOnly, join(scratch, "consumer"));
    const own = await measure(BUNDLES.errorOnly, ownDir);
    console.log(`NotFoundError only: ${large.gzip} B min+gzip at ${SIZE} operations, ${own.gzip} B at our spec`);
    expect(large.gzip).toBeLessThanOrEqual(ERROR_ONLY_BUDGET);
    for (const call of pickCalls(spec)) {
      const { name, path } = callArguments(call);
      expect(large.code).not.toContain(name);
      expect(large.code).not.toContain(path);
    }
  });

  it(`an app calling createClient grows by at most ${BYTES_PER_OPERATION} B per operation`, async () => {
    const large = await measure(BUNDLES.createClient, join(scratch, "consumer"));
    const own = await measure(BUNDLES.createClient, ownDir);
    const perOperation = (large.gzip - own.gzip) / (SIZE - operations(ourSpec()).length);
    const report = `createClient bundle: ${large.gzip} B at ${SIZE} operations, ${own.gzip} B at our spec: ${perOperation.toFixed(2)} B per operation`;
    console.log(report);
    // The table is in this bundle (so the check above measured it).
    expect(large.code).toContain(callArguments(pickCalls(spec, 1)[0]!).path);
    expect(perOperation, report).toBeLessThanOrEqual(BYTES_PER_OPERATION);
  });
});
