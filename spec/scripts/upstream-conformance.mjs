#!/usr/bin/env node
// Is our spec compatible with StackRox Central's own definition (spec/upstream/stackrox)?
// Every upstream path, method, parameter and schema property must be declared by ours with a
// compatible type and format, and nothing ours marks required may be optional upstream. Ours may
// declare more (operations, statuses, fields): Central's definition leaves those out.
//
//   node spec/scripts/upstream-conformance.mjs [--spec bundled-openapi.json] [--upstream swagger.json]
//
// Hand-written rather than a diff library: the rule is one-directional (upstream ⊆ ours) across
// Swagger 2.0 and OpenAPI 3.1, which the diff tools we know compare only within one version.
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { deref, HTTP_METHODS, operations } from "@tokenkit/spec-model";

const specDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const UPSTREAM = join(specDir, "upstream/stackrox/api_token_service.swagger.json");

const typesOf = (schema) => (schema.type === undefined ? [] : [schema.type].flat());

/**
 * Compares an upstream schema with ours at `where`, pushing each incompatibility to `problems`.
 * `seen` stops recursion through self-referencing schemas.
 */
function compareSchemas(up, ours, where, ctx, seen = new Set()) {
  const u = deref(ctx.upstream, up);
  const o = deref(ctx.ours, ours);
  if (!u || !o) return;
  const key = `${JSON.stringify(up)}|${JSON.stringify(ours)}`;
  if (seen.has(key)) return;
  seen.add(key);
  const upTypes = typesOf(u);
  const ourTypes = typesOf(o);
  for (const t of upTypes) {
    const accepted = ourTypes.length === 0 || ourTypes.includes(t) || (t === "integer" && ourTypes.includes("number"));
    if (!accepted) ctx.problems.push(`${where}: upstream type ${t}, ours ${ourTypes.join(" | ")}`);
  }
  if (o.format !== undefined && o.format !== u.format) {
    ctx.problems.push(`${where}: upstream format ${u.format ?? "(none)"}, ours ${o.format}`);
  } else if (u.format !== undefined && o.format === undefined && ourTypes.length) {
    ctx.problems.push(`${where}: upstream format ${u.format}, ours declares none`);
  }
  if (u.items) {
    if (!o.items) ctx.problems.push(`${where}: upstream is a list of items, ours declares no items`);
    else compareSchemas(u.items, o.items, `${where}[]`, ctx, seen);
  }
  const upProps = u.properties ?? {};
  const ourProps = o.properties ?? {};
  for (const [name, schema] of Object.entries(upProps)) {
    if (!(name in ourProps)) ctx.problems.push(`${where}.${name}: upstream declares it, ours does not`);
    else compareSchemas(schema, ourProps[name], `${where}.${name}`, ctx, seen);
  }
  const upRequired = new Set(u.required ?? []);
  for (const name of o.required ?? []) {
    if (!upRequired.has(name)) ctx.problems.push(`${where}.${name}: required in ours, optional upstream`);
  }
  if (u.additionalProperties !== undefined && u.additionalProperties !== false && o.additionalProperties === false) {
    ctx.problems.push(`${where}: upstream allows further properties, ours forbids them`);
  }
}

/**
 * The incompatibilities between `upstream` (Swagger 2.0) and `ours` (a bundled OpenAPI 3.x
 * document), one readable line each; empty when ours covers upstream.
 */
export function checkConformance(ours, upstream) {
  const ctx = { ours, upstream, problems: [] };
  // Ours, read by the spec model: parameters merged from the path item, everything resolved.
  const ourOps = new Map(operations(ours).map((op) => [`${op.method} ${op.path}`, op]));
  for (const [path, upItem] of Object.entries(upstream.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const upOp = upItem[method];
      if (!upOp) continue;
      const name = `${method.toUpperCase()} ${path}`;
      const ourOp = ourOps.get(name);
      if (!ourOp) {
        ctx.problems.push(`${name}: upstream declares it, ours does not`);
        continue;
      }
      const upParams = [...(upItem.parameters ?? []), ...(upOp.parameters ?? [])].map((p) => deref(upstream, p));
      for (const p of upParams) {
        if (p.in === "body") {
          const body = ourOp.requestBody;
          const schema = body?.content?.["application/json"]?.schema;
          if (!schema) ctx.problems.push(`${name} body: upstream takes a JSON body, ours declares none`);
          else {
            if (body.required && !p.required) ctx.problems.push(`${name} body: required in ours, optional upstream`);
            compareSchemas(p.schema, schema, `${name} body`, ctx);
          }
          continue;
        }
        const mine = ourOp.parameters.find((q) => q.in === p.in && q.name === p.name);
        const where = `${name} ${p.in} parameter ${p.name}`;
        if (!mine) {
          ctx.problems.push(`${where}: upstream declares it, ours does not`);
          continue;
        }
        if (mine.required && !p.required) ctx.problems.push(`${where}: required in ours, optional upstream`);
        const { name: _n, in: _i, required: _r, description: _d, ...upSchema } = p;
        compareSchemas(upSchema, mine.schema ?? {}, where, ctx);
      }
      for (const [status, upResponse] of Object.entries(upOp.responses ?? {})) {
        const ourResponse = ourOp.responses[status];
        if (!ourResponse) {
          ctx.problems.push(`${name} response ${status}: upstream declares it, ours does not`);
          continue;
        }
        const upSchema = deref(upstream, upResponse).schema;
        if (!upSchema) continue;
        const schema = ourResponse.content?.["application/json"]?.schema;
        if (!schema) ctx.problems.push(`${name} response ${status}: upstream has a JSON body, ours declares none`);
        else compareSchemas(upSchema, schema, `${name} response ${status}`, ctx);
      }
    }
  }
  return ctx.problems;
}

function main() {
  const { values } = parseArgs({ options: { spec: { type: "string" }, upstream: { type: "string" } } });
  const oursPath = resolve(values.spec ?? join(specDir, "../packages/types/openapi.json"));
  const upstreamPath = resolve(values.upstream ?? UPSTREAM);
  const problems = checkConformance(JSON.parse(readFileSync(oursPath, "utf8")), JSON.parse(readFileSync(upstreamPath, "utf8")));
  if (problems.length) {
    console.error(`${oursPath} is not compatible with ${upstreamPath}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    process.exitCode = 1;
  } else console.log(`compatible with ${upstreamPath}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
