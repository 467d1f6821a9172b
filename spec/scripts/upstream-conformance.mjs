#!/usr/bin/env node
// @ts-check
// Does our spec say what each provider's own definition says? For every operation of a
// provider's vendored definition (spec/upstream/<provider>/), our spec must declare it with every
// parameter (its `in`, `required` and type), request field, response field, enum value, status
// and deprecation that upstream declares, with the same meaning. Whatever our spec says beyond
// that (or, for now, short of it) must be listed, with the reason, in spec/upstream/differences.yaml;
// a listed difference that no longer occurs fails too, so the list stays true.
//
//   node spec/scripts/upstream-conformance.mjs [--provider stackrox|blendvision] [--spec bundled.json] [--upstream file]
//
// One checker, two readers: Central publishes Swagger 2.0 with `paths`, BlendVision a compiled
// index (`{info, operations[], definitions}`) whose parts are Swagger 2.0 too. Hand-written
// rather than a diff library: the rule (upstream's meaning kept, our additions accounted for)
// runs across Swagger 2.0 and OpenAPI 3.1, which the diff tools we know compare only within one version.
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { deref, HTTP_METHODS, operations } from "@tokenkit/spec-model";
import { parse } from "yaml";

/** @typedef {Record<string, any>} Json */

/**
 * One operation of an upstream definition, as either reader gives it.
 * @typedef {object} UpstreamOperation
 * @property {string} name `METHOD /path`
 * @property {boolean} deprecated
 * @property {Json[]} parameters resolved, Swagger 2.0 style (a body is `in: body` with a `schema`)
 * @property {Record<string, Json>} responses by status, resolved
 */

/**
 * A provider: where its definition is vendored, how to read it, which of our operations (by
 * their tag's `x-api`) it stands for, and the families of paths the vendored file holds whole.
 * @typedef {object} Provider
 * @property {string} api
 * @property {string} file
 * @property {(doc: Json) => UpstreamOperation[]} read
 * @property {Family[]} families
 */

/**
 * A family of a provider's operations, by path. The vendored file holds every operation the
 * provider defines on the family's paths, so an operation of ours there that the file lacks is one
 * upstream does not have. An operation of ours outside every family is one the vendored file cannot
 * speak for (BlendVision's slice is 21 of its 324 operations): it is not compared, and the command
 * names it (`uncoveredOperations`), to be brought in by widening the families and refreshing.
 * @typedef {{ family: string, path: RegExp }} Family
 */

/** The BlendVision families the SDK covers, by path: every operation of the index under one is vendored. */
export const BLENDVISION_FAMILIES = [
  { family: "chatroom tokens", path: /^\/bv\/chatroom\/v1\/.*tokens/ },
  { family: "CMS tokens", path: /^\/bv\/cms\/v1\/.*tokens/ },
  { family: "account API tokens", path: /^\/bv\/account\/v1\/accounts\/api-tokens?(\/|$)/ },
  { family: "organization groups", path: /^\/bv\/org\/v1\/groups/ },
];

/** Central's API-token service, vendored whole. */
export const STACKROX_FAMILIES = [{ family: "API tokens", path: /^\/v1\/apitokens(\/|$)/ }];

export const specDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const DIFFERENCES = join(specDir, "upstream/differences.yaml");

/** Swagger 2.0 with `paths`: Central's generated definition. @param {Json} doc */
export function readSwaggerPaths(doc) {
  return Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    HTTP_METHODS.filter((method) => item[method]).map((method) =>
      upstreamOperation(doc, method, path, item[method], item.parameters ?? []),
    ),
  );
}

/** BlendVision's compiled index: `operations` is a list with `method` and `path` on each. @param {Json} doc */
export function readApiIndex(doc) {
  return (doc.operations ?? []).map((/** @type {Json} */ op) => upstreamOperation(doc, String(op.method).toLowerCase(), op.path, op, []));
}

/**
 * @param {Json} doc @param {string} method @param {string} path @param {Json} op
 * @param {Json[]} shared the path item's parameters
 * @returns {UpstreamOperation}
 */
function upstreamOperation(doc, method, path, op, shared) {
  return {
    name: `${method.toUpperCase()} ${path}`,
    deprecated: upstreamDeprecated(op, path),
    parameters: [...shared, ...(op.parameters ?? [])].map((p) => deref(doc, p)),
    responses: Object.fromEntries(Object.entries(op.responses ?? {}).map(([status, r]) => [status, deref(doc, r)])),
  };
}

/**
 * Swagger 2.0 has `deprecated` on operations only, and generated definitions often say it in
 * prose instead ("Deprecated. Use …", "will be deprecated soon", "this property is deprecated").
 * A sentence that names paths (`/…` in backticks) deprecates only the operation on one of them:
 * the replacement of a retiring path often shares its description.
 * @param {Json | undefined} node
 * @param {string} [path] the operation's own path, when `node` is an operation
 */
function upstreamDeprecated(node, path) {
  if (node?.deprecated === true) return true;
  const description = String(node?.description ?? "");
  if (!/\bdeprecated\b/i.test(description)) return false;
  const sentences = description.split(/(?<=\.)\s+/).filter((s) => /\bdeprecated\b/i.test(s));
  return sentences.some((sentence) => {
    const named = [...sentence.matchAll(/`(\/[^`]*)`/g)].map((m) => m[1]);
    return !named.length || named.includes(path);
  });
}

/** @type {Record<string, Provider>} */
export const PROVIDERS = {
  stackrox: { api: "stackrox", file: join(specDir, "upstream/stackrox/api_token_service.swagger.json"), read: readSwaggerPaths, families: STACKROX_FAMILIES },
  blendvision: { api: "blendvision", file: join(specDir, "upstream/blendvision/bv-external-families.json"), read: readApiIndex, families: BLENDVISION_FAMILIES },
};

/** Whether `path` is on one of the `families` (a provider's). @param {Family[]} families @param {string} path */
export const inFamilies = (families, path) => families.some((family) => family.path.test(path));

/**
 * Our operations of `provider`, by `METHOD /path`: those on its families' paths (compared), and
 * the rest (not compared).
 * @param {Json} ours @param {Provider} provider
 */
function ourOperations(ours, provider) {
  const mine = operations(ours).filter((op) => op.api === provider.api);
  const inFamily = (/** @type {{ path: string }} */ op) => inFamilies(provider.families, op.path);
  const byName = (/** @type {typeof mine} */ ops) => new Map(ops.map((op) => [`${op.method} ${op.path}`, op]));
  return { compared: byName(mine.filter(inFamily)), uncovered: byName(mine.filter((op) => !inFamily(op))) };
}

/**
 * Our operations of a provider that its vendored definition cannot speak for: outside its families.
 * @param {Json} ours @param {string} providerName
 * @returns {string[]} `METHOD /path` each
 */
export function uncoveredOperations(ours, providerName) {
  const provider = PROVIDERS[providerName];
  if (!provider) throw new Error(`unknown provider "${providerName}": one of ${Object.keys(PROVIDERS).join(", ")}`);
  return [...ourOperations(ours, provider).uncovered.keys()];
}

/**
 * The names of the definitions `nodes` reach through `#/definitions/<name>` references, followed
 * transitively through `doc.definitions`.
 * @param {Json} doc @param {unknown[]} nodes
 * @returns {Set<string>}
 */
export function definitionsReached(doc, nodes) {
  const reached = new Set();
  const pending = nodes.flatMap(definitionRefs);
  while (pending.length) {
    const name = /** @type {string} */ (pending.pop());
    if (reached.has(name)) continue;
    if (!(name in (doc.definitions ?? {}))) throw new Error(`#/definitions/${name} is referenced but not defined`);
    reached.add(name);
    pending.push(...definitionRefs(doc.definitions[name]));
  }
  return reached;
}

/** @param {unknown} node @returns {string[]} */
function definitionRefs(node) {
  return [...JSON.stringify(node).matchAll(/"\$ref":"#\/definitions\/([^"]+)"/g)].map((m) => /** @type {string} */ (m[1]));
}

const typesOf = (/** @type {Json} */ schema) => (schema.type === undefined ? [] : [schema.type].flat());

/**
 * Everything in which `ours` (a bundled OpenAPI 3.x document) and `upstream` differ, for the
 * operations of `provider`: one line each, `<where>: <what>`. `where` names the operation and the
 * JSON path into its body (`POST /bv/org/v1/groups response 200.group.user_infos[].email`).
 * @param {Json} ours @param {Json} upstream @param {Provider} provider
 * @returns {string[]}
 */
export function differences(ours, upstream, provider) {
  /** @type {string[]} */
  const found = [];
  const missing = (/** @type {string} */ where) => found.push(`${where}: upstream declares it, ours does not`);
  const added = (/** @type {string} */ where) => found.push(`${where}: ours declares it, upstream does not`);
  /** @param {string} where @param {boolean} up @param {boolean} mine */
  const deprecation = (where, up, mine) => {
    if (up && !mine) found.push(`${where}: deprecated upstream, not in ours`);
    if (mine && !up) found.push(`${where}: deprecated in ours, not upstream`);
  };
  /** @param {string} where @param {boolean} up @param {boolean} mine */
  const requirement = (where, up, mine) => {
    if (up && !mine) found.push(`${where}: required upstream, optional in ours`);
    if (mine && !up) found.push(`${where}: required in ours, optional upstream`);
  };

  /**
   * @param {Json} up @param {Json} mine @param {string} where
   * @param {[Json, Json][]} above the schema pairs being compared above this one (stops cycles)
   */
  function compareSchemas(up, mine, where, above = []) {
    const u = deref(upstream, up);
    const o = deref(ours, mine);
    if (!u || !o) return;
    if (above.some(([a, b]) => a === u && b === o)) return;
    /** @type {[Json, Json][]} */
    const below = [...above, [u, o]];
    const ourTypes = typesOf(o);
    for (const t of typesOf(u)) {
      const accepted = ourTypes.length === 0 || ourTypes.includes(t) || (t === "integer" && ourTypes.includes("number"));
      if (!accepted) found.push(`${where}: upstream type ${t}, ours ${ourTypes.join(" | ")}`);
    }
    if (o.format !== undefined && o.format !== u.format) found.push(`${where}: upstream format ${u.format ?? "(none)"}, ours ${o.format}`);
    else if (u.format !== undefined && o.format === undefined && ourTypes.length) found.push(`${where}: upstream format ${u.format}, ours declares none`);
    /** @type {string[]} */
    const upEnum = (u.enum ?? []).map(String);
    /** @type {string[]} */
    const ourEnum = (o.enum ?? []).map(String);
    for (const value of upEnum.filter((v) => !ourEnum.includes(v))) missing(`${where} enum value ${value}`);
    for (const value of ourEnum.filter((v) => !upEnum.includes(v))) added(`${where} enum value ${value}`);
    if (u.items) {
      if (!o.items) found.push(`${where}: upstream is a list of items, ours declares no items`);
      else compareSchemas(u.items, o.items, `${where}[]`, below);
    }
    const upProps = u.properties ?? {};
    const ourProps = o.properties ?? {};
    for (const [name, schema] of Object.entries(upProps)) {
      if (!(name in ourProps)) {
        missing(`${where}.${name}`);
        continue;
      }
      // A `$ref` with siblings: ours may say `deprecated` next to the reference (OpenAPI 3.1).
      deprecation(`${where}.${name}`, upstreamDeprecated(schema) || upstreamDeprecated(deref(upstream, schema)), ourProps[name].deprecated === true || deref(ours, ourProps[name])?.deprecated === true);
      compareSchemas(schema, ourProps[name], `${where}.${name}`, below);
    }
    for (const name of Object.keys(ourProps).filter((n) => !(n in upProps))) added(`${where}.${name}`);
    const upRequired = u.required ?? [];
    const ourRequired = o.required ?? [];
    for (const name of new Set([...upRequired, ...ourRequired])) requirement(`${where}.${name}`, upRequired.includes(name), ourRequired.includes(name));
    if (u.additionalProperties !== undefined && u.additionalProperties !== false && o.additionalProperties === false) {
      found.push(`${where}: upstream allows further properties, ours forbids them`);
    }
  }

  /** @param {string} name @param {Json[]} upParams @param {Json[]} ourParams */
  function compareParameters(name, upParams, ourParams) {
    const key = (/** @type {Json} */ p) => `${p.in} ${p.in === "header" ? String(p.name).toLowerCase() : p.name}`;
    const upByKey = new Map(upParams.filter((p) => p.in !== "body").map((p) => [key(p), p]));
    for (const [k, p] of upByKey) {
      const where = `${name} ${p.in} parameter ${p.name}`;
      const mine = ourParams.find((q) => key(q) === k);
      if (!mine) {
        missing(where);
        continue;
      }
      requirement(where, p.required === true, mine.required === true);
      deprecation(where, upstreamDeprecated(p), mine.deprecated === true);
      // A Swagger 2.0 parameter is its own schema.
      const { name: _n, in: _i, required: _r, description: _d, ...upSchema } = p;
      compareSchemas(upSchema, mine.schema ?? {}, where);
    }
    for (const q of ourParams.filter((q) => !upByKey.has(key(q)))) added(`${name} ${q.in} parameter ${q.name}`);
  }

  const ourOps = ourOperations(ours, provider).compared;
  // Both sides within the families: a whole index given as `--upstream` speaks for no more than the slice.
  const upstreamOps = provider.read(upstream).filter((op) => inFamilies(provider.families, op.name.slice(op.name.indexOf(" ") + 1)));
  for (const upOp of upstreamOps) {
    const { name } = upOp;
    const ourOp = ourOps.get(name);
    if (!ourOp) {
      missing(name);
      continue;
    }
    ourOps.delete(name);
    deprecation(name, upOp.deprecated, ourOp.operation.deprecated === true);
    compareParameters(name, upOp.parameters, ourOp.parameters);

    const upBody = upOp.parameters.find((p) => p.in === "body");
    const ourBody = ourOp.requestBody?.content?.["application/json"]?.schema;
    if (upBody && !ourBody) missing(`${name} body`);
    else if (ourBody && !upBody) added(`${name} body`);
    else if (upBody && ourOp.requestBody) {
      requirement(`${name} body`, upBody.required === true, ourOp.requestBody.required === true);
      compareSchemas(upBody.schema, ourBody, `${name} body`);
    }

    for (const [status, upResponse] of Object.entries(upOp.responses)) {
      const where = `${name} response ${status}`;
      const ourResponse = ourOp.responses[status];
      if (!ourResponse) {
        missing(where);
        continue;
      }
      const schema = ourResponse.content?.["application/json"]?.schema;
      if (upResponse.schema && !schema) found.push(`${where}: upstream has a JSON body, ours declares none`);
      else if (upResponse.schema) compareSchemas(upResponse.schema, schema, where);
    }
    for (const status of Object.keys(ourOp.responses).filter((s) => !(s in upOp.responses))) added(`${name} response ${status}`);
  }
  for (const name of ourOps.keys()) added(name);
  return found;
}

/**
 * A listed difference: `difference` is one line as `differences` prints it, or several sharing a
 * reason. `*` stands for any text without a space, so a pattern never reaches from an operation
 * into its fields.
 * @typedef {{ difference: string | string[], reason: string }} ListedDifference
 */

/** The listed differences of every provider, from spec/upstream/differences.yaml. @param {string} [file] */
export function listedDifferences(file = DIFFERENCES) {
  /** @type {Record<string, ListedDifference[]>} */
  const listed = parse(readFileSync(file, "utf8")) ?? {};
  for (const [provider, entries] of Object.entries(listed)) {
    for (const entry of entries ?? []) {
      const lines = [entry?.difference ?? []].flat();
      if (!lines.length || lines.some((l) => typeof l !== "string") || typeof entry.reason !== "string" || !entry.reason.trim()) {
        throw new Error(`${file}: every entry under ${provider} needs a difference and a reason (${JSON.stringify(entry)})`);
      }
    }
  }
  return listed;
}

/**
 * The problems that fail the gate: each difference no entry lists, and each listed line that
 * matches no difference any more.
 * @param {string[]} found @param {ListedDifference[]} listed
 */
export function unlisted(found, listed) {
  const escape = (/** @type {string} */ s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const patterns = listed.flatMap((entry) => [entry.difference].flat().map((line) => ({ line, pattern: new RegExp(`^${line.split("*").map(escape).join("[^ ]*")}$`) })));
  const used = new Set();
  const problems = [];
  for (const line of found) {
    const match = patterns.find(({ pattern }) => pattern.test(line));
    if (match) used.add(match);
    else problems.push(line);
  }
  for (const { line } of patterns.filter((p) => !used.has(p))) problems.push(`listed, but no longer a difference: ${line}`);
  return problems;
}

/**
 * The gate for one provider: the differences between `ours` and `upstream` that
 * spec/upstream/differences.yaml does not account for. Empty when ours conforms.
 * @param {Json} ours @param {Json} upstream @param {string} providerName
 * @param {Record<string, ListedDifference[]>} [listed]
 */
export function checkConformance(ours, upstream, providerName, listed = listedDifferences()) {
  const provider = PROVIDERS[providerName];
  if (!provider) throw new Error(`unknown provider "${providerName}": one of ${Object.keys(PROVIDERS).join(", ")}`);
  return unlisted(differences(ours, upstream, provider), listed[providerName] ?? []);
}

function main() {
  const { values } = parseArgs({ options: { provider: { type: "string" }, spec: { type: "string" }, upstream: { type: "string" } } });
  const names = values.provider ? [values.provider] : Object.keys(PROVIDERS);
  if (values.upstream && names.length !== 1) throw new Error("--upstream needs --provider");
  const oursPath = resolve(values.spec ?? join(specDir, "../packages/types/openapi.json"));
  const ours = JSON.parse(readFileSync(oursPath, "utf8"));
  for (const name of names) {
    const upstreamPath = resolve(values.upstream ?? PROVIDERS[name]?.file ?? "");
    const problems = checkConformance(ours, JSON.parse(readFileSync(upstreamPath, "utf8")), name);
    const uncovered = uncoveredOperations(ours, name);
    if (uncovered.length) {
      const families = PROVIDERS[name]?.families.map((f) => f.family).join(", ");
      console.log(`not compared (${name}: outside the vendored families, ${families}):\n${uncovered.map((op) => `  - ${op}`).join("\n")}`);
    }
    if (problems.length) {
      console.error(`${oursPath} does not conform to ${upstreamPath} (${name}):\n${problems.map((p) => `  - ${p}`).join("\n")}`);
      process.exitCode = 1;
    } else console.log(`conforms to ${upstreamPath} (${name})`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
