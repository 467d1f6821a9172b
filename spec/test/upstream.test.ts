// Our spec against StackRox Central's own definition (spec/upstream/stackrox): compatible now, and
// the check fails when either side drifts — proved on copies of both.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
// @ts-expect-error: a plain ES module script without declarations
import { checkConformance, UPSTREAM } from "../scripts/upstream-conformance.mjs";

const specDir = resolve(import.meta.dirname, "..");
const redocly = join(specDir, "node_modules", ".bin", "redocly");
const env = { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true", NO_COLOR: "1" };
const scratch = mkdtempSync(join(tmpdir(), "spec-upstream-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

type Json = Record<string, any>;
const upstream: Json = JSON.parse(readFileSync(UPSTREAM, "utf8"));

/** Bundles a copy of spec/ (after `edit`) into one JSON document, as the types package does. */
function bundled(edit?: { file: string; change: (text: string) => string }): Json {
  const copy = mkdtempSync(join(scratch, "spec-"));
  cpSync(specDir, copy, { recursive: true, filter: (src) => !src.includes("node_modules") });
  if (edit) {
    const target = join(copy, edit.file);
    const text = readFileSync(target, "utf8");
    const changed = edit.change(text);
    expect(changed, `the edit of ${edit.file} changes nothing`).not.toBe(text);
    writeFileSync(target, changed);
  }
  const out = join(copy, "bundled.json");
  const run = spawnSync(redocly, ["bundle", join(copy, "openapi.yaml"), "--output", out], { env, encoding: "utf8" });
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(readFileSync(out, "utf8"));
}

const ours = bundled();
const upstreamOperations = Object.entries(upstream.paths as Json).flatMap(([path, item]) =>
  Object.keys(item as Json).filter((m) => m !== "parameters").map((m) => `${m.toUpperCase()} ${path}`),
);

describe("the vendored upstream definition", () => {
  it("is the APITokenService, with its licence and where it came from", () => {
    expect(upstream.swagger).toBe("2.0");
    expect(upstreamOperations.length).toBeGreaterThan(0);
    const readme = readFileSync(join(UPSTREAM, "../README.md"), "utf8");
    expect(readme).toMatch(/commit: `[0-9a-f]{40}`/);
    expect(readme).toContain("generated/api/v1/api_token_service.swagger.json");
    expect(readFileSync(join(UPSTREAM, "../LICENSE"), "utf8")).toContain("Apache License");
  });
});

describe("our spec", () => {
  it("declares every upstream operation, parameter and property, compatibly", () => {
    expect(checkConformance(ours, upstream)).toEqual([]);
  });

  it("is not compatible when a field upstream sends is removed from ours", () => {
    const edited = bundled({ file: "components/schemas/TokenMetadata.yaml", change: (t) => t.replace(/\n {2}revoked:\n(?: {4}.*\n)+/, "\n") });
    const problems: string[] = checkConformance(edited, upstream);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.join("\n")).toMatch(/\.revoked: upstream declares it, ours does not/);
  });

  it("is not compatible when ours requires what upstream leaves optional, or changes a type", () => {
    const required = structuredClone(ours);
    required.components.schemas.GenerateTokenRequest.required = ["name"];
    expect(checkConformance(required, upstream).join("\n")).toMatch(/body\.name: required in ours, optional upstream/);
    const retyped = structuredClone(ours);
    retyped.components.schemas.TokenMetadata.properties.revoked = { type: "string" };
    expect(checkConformance(retyped, upstream).join("\n")).toMatch(/\.revoked: upstream type boolean, ours string/);
  });
});

describe("when upstream drifts", () => {
  it("fails, through the command, when upstream adds a field", () => {
    const grown = structuredClone(upstream);
    const metadata = Object.entries(grown.definitions as Json).find(([name]) => /TokenMetadata$/.test(name))![1];
    metadata.properties.lastUsedAt = { type: "string", format: "date-time" };
    const file = join(scratch, "grown.swagger.json");
    writeFileSync(file, JSON.stringify(grown));
    const script = join(specDir, "scripts/upstream-conformance.mjs");
    const bundledFile = join(scratch, "ours.json");
    writeFileSync(bundledFile, JSON.stringify(ours));
    const run = spawnSync(process.execPath, [script, "--spec", bundledFile, "--upstream", file], { encoding: "utf8" });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/\.lastUsedAt: upstream declares it, ours does not/);
    const same = spawnSync(process.execPath, [script, "--spec", bundledFile, "--upstream", UPSTREAM], { encoding: "utf8" });
    expect(same.status, same.stderr).toBe(0);
  });

  it("fails when upstream adds an operation or a parameter", () => {
    const grown = structuredClone(upstream);
    grown.paths["/v1/apitokens/{id}"].delete = { operationId: "APITokenService_DeleteToken", responses: { "200": { description: "ok" } } };
    grown.paths["/v1/apitokens"].get.parameters.push({ name: "name", in: "query", required: false, type: "string" });
    const problems = checkConformance(ours, grown).join("\n");
    expect(problems).toMatch(/DELETE \/v1\/apitokens\/\{id\}: upstream declares it, ours does not/);
    expect(problems).toMatch(/GET \/v1\/apitokens query parameter name: upstream declares it, ours does not/);
  });
});
