// Size budgets, in bytes, of what a browser application downloads. Speed is measured by
// `pnpm bench`, never asserted here: timings depend on the machine, byte counts do not.
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { bytesFrom, clientBudget, CLIENT_BYTES_PER_OPERATION, CLIENT_FIXED_BYTES, ENTRIES, measure, specOperationCount } from "../src/size.mjs";

const operationCount = specOperationCount();
const CLIENT_BUDGET = clientBudget(operationCount);

describe("@tokenkit/client browser bundle (esbuild: browser, esm, minified, bundled; gzip -9)", () => {
  it(`is at most ${CLIENT_FIXED_BYTES} B + ${CLIENT_BYTES_PER_OPERATION} B per operation min+gzip (${CLIENT_BUDGET} B at ${operationCount} operations), self-contained`, async () => {
    const client = await measure(ENTRIES["@tokenkit/client"]);
    const openapiFetch = await measure(ENTRIES["openapi-fetch"]);
    const report =
      `@tokenkit/client: ${client.gzip} B min+gzip (${client.minified} B minified), budget ${CLIENT_BUDGET} B at ${operationCount} operations` +
      ` -> ${client.gzip <= CLIENT_BUDGET ? `${CLIENT_BUDGET - client.gzip} B to spare` : `${client.gzip - CLIENT_BUDGET} B over`};` +
      ` openapi-fetch alone: ${openapiFetch.gzip} B min+gzip;` +
      ` minified bytes from the client's own code: ${bytesFrom(client, "@tokenkit/client")}, from openapi-fetch: ${bytesFrom(client, "openapi-fetch")}`;
    console.log(report);

    // The measurement means something only if everything the client runs is inside the bundle:
    // its own code, and nothing left to import (openapi-fetch gives it types only).
    expect(bytesFrom(client, "@tokenkit/client"), "the client must be inside the bundle").toBeGreaterThan(10_000);
    expect(client.code, "the bundle imports nothing").not.toMatch(/\bimport\s*[\w{*("']/);
    expect(client.gzip, report).toBeLessThanOrEqual(CLIENT_BUDGET);
  });
});

describe("@tokenkit/types adds no runtime bytes", () => {
  it("has no runtime entry: its exports declare types only, so a bundler or Node cannot load it", async () => {
    const manifest = createRequire(import.meta.url)("@tokenkit/types/package.json");
    const targets = (node: unknown, key = ""): string[] =>
      typeof node === "string" ? [key] : Object.entries(node as object).flatMap(([k, v]) => targets(v, k));
    const conditions = targets(manifest.exports["."]);
    expect(conditions.length).toBeGreaterThan(0);
    expect(new Set(conditions)).toEqual(new Set(["types"]));
    await expect(measure('import * as types from "@tokenkit/types"; console.log(types);')).rejects.toThrow(/Could not resolve "@tokenkit\/types"/);
    const name = "@tokenkit/types";
    await expect(import(/* @vite-ignore */ name)).rejects.toThrow();
  });

  it("contributes nothing to the client's bundle", async () => {
    const client = await measure(ENTRIES["@tokenkit/client"]);
    expect(bytesFrom(client, "@tokenkit/types")).toBe(0);
  });
});
