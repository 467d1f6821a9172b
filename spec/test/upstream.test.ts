// Our spec against each provider's own definition (spec/upstream/<provider>): it conforms now, and
// the check fails when either side drifts, proved on copies of both for every operation,
// parameter, field and enum value that the definitions and the spec declare.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { deref, operations } from "@tokenkit/spec-model";
import { afterAll, describe, expect, it } from "vitest";
import { isMap, parseDocument } from "yaml";
import { BLENDVISION_FAMILIES, checkConformance, definitionsReached, listedDifferences, PROVIDERS, uncoveredOperations } from "../scripts/upstream-conformance.mjs";

type Json = Record<string, any>;
const specDir = resolve(import.meta.dirname, "..");
const redocly = join(specDir, "node_modules", ".bin", "redocly");
const env = { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true", NO_COLOR: "1" };
const checkScript = join(specDir, "scripts/upstream-conformance.mjs");
const refreshScript = join(specDir, "scripts/refresh-upstream.mjs");
const scratch = mkdtempSync(join(tmpdir(), "spec-upstream-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The licence each provider publishes its definition under, as its LICENSE file states it. */
const LICENCES: Record<string, RegExp> = { stackrox: /Apache License\s+Version 2\.0/, blendvision: /MIT License[\s\S]*BlendVision/ };
const providerNames = Object.keys(PROVIDERS);
const listed = listedDifferences();
const upstreamOf = (name: string): Json => JSON.parse(readFileSync(PROVIDERS[name]!.file, "utf8"));

/** Bundles a copy of spec/ (after `edits` of its files) into one JSON document, as the types package does. */
function bundled(edits: { file: string; change: (text: string) => string }[] = []): Json {
  const copy = mkdtempSync(join(scratch, "spec-"));
  cpSync(specDir, copy, { recursive: true, filter: (src) => !src.includes("node_modules") });
  for (const edit of edits) {
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

const nameOf = (e: { method: string; path: string }) => `${e.method.toUpperCase()} ${e.path}`;
const ourOperation = (doc: Json, e: { method: string; path: string }): Json => doc.paths[e.path][e.method];

/** Each operation object of an upstream definition with its method and path, in either shape. */
function upstreamEntries(upstream: Json): { method: string; path: string; op: Json }[] {
  if (Array.isArray(upstream.operations)) return upstream.operations.map((op: Json) => ({ method: String(op.method).toLowerCase(), path: op.path, op }));
  return Object.entries(upstream.paths as Json).flatMap(([path, item]) =>
    Object.entries(item as Json)
      .filter(([method]) => method !== "parameters")
      .map(([method, op]) => ({ method, path, op: op as Json })),
  );
}

function addUpstreamOperation(upstream: Json, method: string, path: string, op: Json) {
  if (Array.isArray(upstream.operations)) upstream.operations.push({ method: method.toUpperCase(), path, ...op });
  else (upstream.paths[path] ??= {})[method] = op;
}

/** The upstream operations our spec declares: the ones the check compares field by field. */
function coveredEntries(upstream: Json) {
  const declared = new Set(operations(ours).map((op) => `${op.method} ${op.path}`));
  return upstreamEntries(upstream).filter((e) => declared.has(`${e.method.toUpperCase()} ${e.path}`));
}


/** Our component schemas that the operations upstream declares too reach, by name. */
function ourSchemasReached(providerName: string): string[] {
  const reached = new Set<string>();
  const compared = new Set(upstreamEntries(upstreamOf(providerName)).map(nameOf));
  const pending = operations(ours)
    .filter((op) => op.api === PROVIDERS[providerName]!.api && compared.has(`${op.method} ${op.path}`))
    .flatMap((op) => schemaRefs([op.operation, op.pathItem.parameters]));
  while (pending.length) {
    const name = pending.pop()!;
    if (reached.has(name)) continue;
    reached.add(name);
    pending.push(...schemaRefs(ours.components.schemas[name]));
  }
  return [...reached];
}

/**
 * For each provider, the widest schema its compared operations reach, and the last field of that
 * schema's file, removed from the file by `change`.
 */
let removals: Record<string, { file: string; field: string; change: () => string }> | undefined;
function fieldRemovals() {
  return (removals ??= Object.fromEntries(
    providerNames.map((providerName) => {
      const [schema] = ourSchemasReached(providerName).sort((a, b) => Object.keys(ours.components.schemas[b].properties ?? {}).length - Object.keys(ours.components.schemas[a].properties ?? {}).length);
      const file = `components/schemas/${schema}.yaml`;
      const document = parseDocument(readFileSync(join(specDir, file), "utf8"));
      const properties = document.get("properties");
      if (!isMap(properties)) throw new Error(`${file} has no properties`);
      const field = String(properties.items.at(-1)!.key);
      properties.delete(field);
      return [providerName, { file, field, change: () => document.toString() }];
    }),
  ));
}

/**
 * Our spec bundled once with every provider's field removal (each removal is named by a line of
 * its own); a schema file two providers share would be edited once.
 */
let fieldsRemoved: Json | undefined;
function withoutFields(): Json {
  const edits = new Map(Object.values(fieldRemovals()).map((edit) => [edit.file, edit]));
  return (fieldsRemoved ??= bundled([...edits.values()]));
}

function schemaRefs(node: unknown): string[] {
  const text = JSON.stringify(node) ?? "";
  const refs = [...text.matchAll(/"\$ref":"#\/components\/(schemas|parameters|responses)\/([^"]+)"/g)];
  return refs.flatMap(([, kind, name]) => (kind === "schemas" ? [name!] : schemaRefs(ours.components[kind!][name!])));
}

/** Every node with an `enum` in the definitions `upstream`'s covered operations reach, and in their parameters. */
function upstreamEnums(upstream: Json): Json[] {
  const covered = coveredEntries(upstream).map((e) => e.op);
  const found: Json[] = [];
  const visit = (node: unknown) => {
    if (!node || typeof node !== "object") return;
    if (Array.isArray((node as Json).enum)) found.push(node as Json);
    Object.values(node).forEach(visit);
  };
  for (const name of definitionsReached(upstream, covered)) visit(upstream.definitions[name]);
  covered.forEach((op) => visit(op.parameters));
  return found;
}

describe.each(providerNames)("the %s gate", (providerName) => {
  const upstream = upstreamOf(providerName);
  const covered = coveredEntries(upstream);
  const check = (mine: Json, theirs: Json = upstream): string[] => checkConformance(mine, theirs, providerName, listed);

  it("checks a vendored definition with its licence and where it came from", () => {
    const dir = dirname(PROVIDERS[providerName]!.file);
    const readme = readFileSync(join(dir, "README.md"), "utf8");
    expect(readme).toMatch(/commit: `[0-9a-f]{40}`/i);
    expect(readme).toMatch(/https:\/\/github\.com\/[\w.-]+\/[\w.-]+/);
    expect(readFileSync(join(dir, "LICENSE"), "utf8")).toMatch(LICENCES[providerName]!);
    expect(covered.length).toBeGreaterThan(0);
  });

  it("passes: our spec says what the definition says, and every difference is listed with its reason", () => {
    expect(check(ours)).toEqual([]);
  });

  // Each mutation below is made everywhere at once and checked once: every change is named by a
  // line of its own, so one run proves them all.
  it("fails when any field of a schema the compared operations reach is removed from our spec, naming it", () => {
    const schemas = ourSchemasReached(providerName).filter((schema) => ours.components.schemas[schema].properties);
    expect(schemas.length).toBeGreaterThan(0);
    for (const schema of schemas) {
      const edited = structuredClone(ours);
      const fields = Object.keys(edited.components.schemas[schema].properties);
      edited.components.schemas[schema].properties = {};
      const problems = check(edited);
      for (const field of fields) expect(problems.filter((line) => line.includes(`.${field}:`)), `${schema}.${field} removed`).not.toEqual([]);
    }
  });

  it("fails when a field is removed from a schema file, naming it (the widest schema it reaches)", () => {
    const { field } = fieldRemovals()[providerName]!;
    expect(check(withoutFields()).join("\n")).toContain(`.${field}: upstream declares it, ours does not`);
  });

  it("fails when our spec changes what a parameter, a status or the deprecation of an operation means", () => {
    const parameters = covered.flatMap((entry) =>
      (entry.op.parameters ?? []).map((p: Json) => deref(upstream, p)).filter((p: Json) => p.in !== "body").map((parameter: Json) => ({ entry, parameter, where: `${nameOf(entry)} ${parameter.in} parameter ${parameter.name}` })),
    );
    /** Our parameter objects for the upstream ones, each once (a shared component serves several operations). */
    const ourParameters = (doc: Json) =>
      new Set(
        parameters.map(({ entry, parameter, where }) => {
          const found = [...(ourOperation(doc, entry).parameters ?? []), ...(doc.paths[entry.path].parameters ?? [])]
            .map((p: Json) => deref(doc, p))
            .find((p: Json) => p.in === parameter.in && String(p.name).toLowerCase() === String(parameter.name).toLowerCase());
          if (!found) throw new Error(`${where}: not in our spec`);
          return found as Json;
        }),
      );

    const deprecated = structuredClone(ours);
    for (const entry of covered) ourOperation(deprecated, entry).deprecated = !ourOperation(deprecated, entry).deprecated;
    const deprecations = check(deprecated);
    for (const entry of covered) expect(deprecations, `${nameOf(entry)} deprecation toggled`).toContainEqual(expect.stringMatching(new RegExp(`^${escape(nameOf(entry))}: deprecated`)));

    const dropped = structuredClone(ours);
    for (const entry of covered) for (const status of Object.keys(entry.op.responses ?? {})) delete ourOperation(dropped, entry).responses[status];
    const drops = check(dropped);
    for (const entry of covered) for (const status of Object.keys(entry.op.responses ?? {})) expect(drops).toContain(`${nameOf(entry)} response ${status}: upstream declares it, ours does not`);

    const flipped = structuredClone(ours);
    for (const p of ourParameters(flipped)) p.required = !p.required;
    const flips = check(flipped).join("\n");
    for (const { where } of parameters) expect(flips, `${where} required flipped`).toMatch(new RegExp(`^${escape(where)}: required`, "m"));

    const moved = structuredClone(ours);
    for (const p of ourParameters(moved)) p.in = p.in === "query" ? "header" : "query";
    const moves = check(moved);
    for (const { where } of parameters) expect(moves, `${where} moved`).toContain(`${where}: upstream declares it, ours does not`);

    const retyped = structuredClone(ours);
    for (const p of ourParameters(retyped)) p.schema = { type: p.schema?.type === "boolean" ? "integer" : "boolean" };
    const retypes = check(retyped).join("\n");
    for (const { where, parameter } of parameters) expect(retypes, `${where} retyped`).toMatch(new RegExp(`^${escape(where)}: upstream type ${parameter.type}`, "m"));
  });

  it("fails when our spec adds a field without listing why", () => {
    const schemas = ourSchemasReached(providerName).filter((s) => ours.components.schemas[s].properties);
    const grown = structuredClone(ours);
    for (const schema of schemas) grown.components.schemas[schema].properties[`addedTo${schema}`] = { type: "string" };
    const problems = check(grown).join("\n");
    for (const schema of schemas) expect(problems, schema).toMatch(new RegExp(`\\.addedTo${schema}: ours declares it, upstream does not`));
  });

  it("fails when a listed difference no longer occurs", () => {
    const stale = { ...listed, [providerName]: [...(listed[providerName] ?? []), { difference: "GET /nowhere: ours declares it, upstream does not", reason: "a test" }] };
    expect(checkConformance(ours, upstream, providerName, stale)).toEqual(["listed, but no longer a difference: GET /nowhere: ours declares it, upstream does not"]);
  });

  it("fails when upstream adds a field to any definition an operation of ours reaches, naming it", () => {
    const reached = [...definitionsReached(upstream, covered.map((e) => e.op))].filter((name) => upstream.definitions[name].type === "object");
    expect(reached.length).toBeGreaterThan(0);
    const grown = structuredClone(upstream);
    reached.forEach((name, index) => (grown.definitions[name].properties = { ...grown.definitions[name].properties, [`added_upstream_${index}`]: { type: "string" } }));
    const problems = check(ours, grown).join("\n");
    reached.forEach((name, index) => expect(problems, name).toMatch(new RegExp(`\\.added_upstream_${index}: upstream declares it, ours does not`)));
  });

  it("fails when upstream adds a parameter to any operation ours has, or an operation on any of their paths", () => {
    const grown = structuredClone(upstream);
    const expected: string[] = [];
    for (const entry of covered) {
      const op = upstreamEntries(grown).find((e) => nameOf(e) === nameOf(entry))!.op;
      op.parameters = [...(op.parameters ?? []), { name: "added_upstream", in: "query", required: false, type: "string" }];
      expected.push(`${nameOf(entry)} query parameter added_upstream: upstream declares it, ours does not`);
    }
    for (const path of new Set(covered.map((e) => e.path))) {
      const used = upstreamEntries(grown).filter((e) => e.path === path).map((e) => e.method);
      const method = ["put", "patch", "delete", "post", "get"].find((m) => !used.includes(m))!;
      addUpstreamOperation(grown, method, path, { operationId: "Added", responses: { "200": { description: "A successful response." } } });
      expected.push(`${method.toUpperCase()} ${path}: upstream declares it, ours does not`);
    }
    const problems = check(ours, grown);
    for (const line of expected) expect(problems).toContain(line);
  });

  it("fails through the command when upstream adds a field, and passes on the vendored copy", () => {
    const [first] = covered;
    const [definition] = [...definitionsReached(upstream, [first!.op.responses["200"]])].filter((name) => upstream.definitions[name].type === "object");
    const grown = structuredClone(upstream);
    grown.definitions[definition!].properties = { ...grown.definitions[definition!].properties, added_upstream: { type: "string" } };
    const grownFile = join(scratch, `${providerName}-grown.json`);
    writeFileSync(grownFile, JSON.stringify(grown));
    const oursFile = join(scratch, `${providerName}-ours.json`);
    writeFileSync(oursFile, JSON.stringify(ours));
    const failing = spawnSync(process.execPath, [checkScript, "--provider", providerName, "--spec", oursFile, "--upstream", grownFile], { encoding: "utf8" });
    expect(failing.status).toBe(1);
    expect(failing.stderr).toContain(`${nameOf(first!)} response 200.added_upstream: upstream declares it, ours does not`);
    const passing = spawnSync(process.execPath, [checkScript, "--provider", providerName, "--spec", oursFile], { encoding: "utf8" });
    expect(passing.status, passing.stderr).toBe(0);
  });

  it("fails on an operation of ours on a family's path that upstream lacks, names one outside every family as not compared, and compares no upstream operation outside them", () => {
    const { families, api } = PROVIDERS[providerName]!;
    const inFamily = (path: string) => families.some((f) => f.path.test(path));
    // A copy of one of our compared operations, once under a path of its family that upstream
    // does not have, once under a path no family holds.
    const template = operations(ours).find((op) => op.api === api && inFamily(`${op.path}/added`))!;
    expect(template, "an operation of ours in a family").toBeDefined();
    const inside = `${template.path}/added`;
    const outside = "/elsewhere/v1/added";
    expect(inFamily(outside)).toBe(false);
    const grown = structuredClone(ours);
    for (const path of [inside, outside]) grown.paths[path] = { get: ourOperation(ours, { method: template.method.toLowerCase(), path: template.path }) };
    const problems = check(grown);
    expect(problems).toContain(`GET ${inside}: ours declares it, upstream does not`);
    expect(problems.filter((line) => line.includes(outside))).toEqual([]);
    // Likewise an operation upstream has outside every family (a whole index given as the
    // upstream file) is not reported as one ours lacks.
    const wider = structuredClone(upstream);
    addUpstreamOperation(wider, "get", `${outside}/upstream-only`, { operationId: "UpstreamOnly", responses: { "200": { description: "A successful response." } } });
    expect(check(ours, wider)).toEqual([]);
    expect(uncoveredOperations(grown, providerName)).toContain(`GET ${outside}`);
    expect(uncoveredOperations(grown, providerName)).not.toContain(`GET ${inside}`);
    // The command fails on the first and names the second.
    const grownFile = join(scratch, `${providerName}-ours-grown.json`);
    writeFileSync(grownFile, JSON.stringify(grown));
    const run = spawnSync(process.execPath, [checkScript, "--provider", providerName, "--spec", grownFile], { encoding: "utf8" });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`GET ${inside}: ours declares it, upstream does not`);
    expect(run.stdout).toMatch(new RegExp(`not compared \\(${providerName}: [^\\n]*\\n(  - .*\\n)*  - GET ${outside.replace(/\//g, "\\/")}\\n`));
  });

  it("refreshes from a file that is the vendored copy to the same bytes", () => {
    const out = join(scratch, `${providerName}-refreshed.json`);
    const run = spawnSync(process.execPath, [refreshScript, providerName, PROVIDERS[providerName]!.file, "--out", out], { encoding: "utf8" });
    expect(run.status, run.stderr).toBe(0);
    expect(readFileSync(out).equals(readFileSync(PROVIDERS[providerName]!.file))).toBe(true);
  });
});

describe("fails on any enum", () => {
  it("when upstream adds a value to an enum an operation of ours reaches, naming it", () => {
    let checked = 0;
    for (const providerName of providerNames) {
      const grown = upstreamOf(providerName);
      const enums = upstreamEnums(grown);
      enums.forEach((node, index) => node.enum.push(`ADDED_UPSTREAM_${index}`));
      const problems = checkConformance(ours, grown, providerName, listed).join("\n");
      enums.forEach((_, index) => expect(problems).toMatch(new RegExp(` enum value ADDED_UPSTREAM_${index}: upstream declares it, ours does not`)));
      checked += enums.length;
    }
    expect(checked).toBeGreaterThan(0);
  });
});

describe("refreshing BlendVision's slice from its whole index", () => {
  it("takes in every operation on the families' paths and the definitions they reach, and nothing else", () => {
    const slice = upstreamOf("blendvision");
    const index = structuredClone(slice);
    const added = BLENDVISION_FAMILIES.map(({ family, path }) => {
      const sibling = slice.operations.find((op: Json) => path.test(op.path));
      expect(sibling, family).toBeDefined();
      const used = slice.operations.filter((op: Json) => op.path === sibling.path).map((op: Json) => op.method);
      const method = ["PUT", "PATCH", "DELETE", "POST", "GET"].find((m) => !used.includes(m))!;
      return { method, path: sibling.path, operationId: `Added${index.operations.length}`, responses: { "200": { description: "ok", schema: { $ref: "#/definitions/added.Reached" } } } };
    });
    index.operations.push(...added, { method: "GET", path: "/bv/outside/v1/things", operationId: "Outside", responses: { "200": { description: "ok", schema: { $ref: "#/definitions/added.Unreached" } } } });
    index.definitions["added.Reached"] = { type: "object", properties: { id: { type: "string" } } };
    index.definitions["added.Unreached"] = { type: "object" };
    const source = join(scratch, "api-index.json");
    writeFileSync(source, JSON.stringify(index));
    const out = join(scratch, "families.json");
    const run = spawnSync(process.execPath, [refreshScript, "blendvision", source, "--out", out], { encoding: "utf8" });
    const refreshed = JSON.parse(readFileSync(out, "utf8"));
    expect(refreshed.operations).toEqual([...slice.operations, ...added]);
    expect(Object.keys(refreshed.definitions)).toEqual([...Object.keys(slice.definitions), "added.Reached"]);
    // The refresh runs the check, which names each new operation.
    expect(run.status).toBe(1);
    for (const op of added) expect(run.stderr).toContain(`${op.method} ${op.path}: upstream declares it, ours does not`);
  });

  it("refuses a file that is not the index", () => {
    const source = join(scratch, "not-an-index.json");
    writeFileSync(source, JSON.stringify({ swagger: "2.0", paths: {} }));
    const run = spawnSync(process.execPath, [refreshScript, "blendvision", source, "--out", join(scratch, "unused.json")], { encoding: "utf8" });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("not BlendVision's compiled API index");
  });
});

function escape(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
