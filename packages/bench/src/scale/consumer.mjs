// Consumer code for the type-check measurement: the same calls written three ways (the client's
// path style, its named operations, bare openapi-fetch on the same `paths`), with arguments taken
// from the spec's examples, spread over as many tags as the spec allows.

import { examplesOf, operations } from "@tokenkit/spec-model";

/** Calls per consumer file. */
export const CALLS = 12;

/**
 * @typedef {object} Call
 * @property {string} path
 * @property {string} method lower case
 * @property {string} operationId
 * @property {string} name the named method
 * @property {string} tag
 * @property {Record<string, Record<string, unknown>>} params example value of each required parameter, by location
 * @property {unknown} [body] example body, when the operation takes one
 */

/** The first example of a parameter or media type object. @param {any} document @param {any} holder */
const example = (document, holder) => examplesOf(document, holder)[0]?.value;

/**
 * `count` calls on as many distinct tags as the spec has (up to `count`), the API families'
 * tags taken in turn while each has tags left, and on different operations of a tag where it
 * has several, so every family and several HTTP methods are among them.
 * @param {any} document
 * @param {number} [count]
 * @returns {Call[]}
 */
export function pickCalls(document, count = CALLS) {
  /** @type {Map<string, Call[]>} */
  const byTag = new Map(document.tags.map((/** @type {any} */ t) => [t.name, []]));
  for (const op of operations(document)) {
    /** @type {Record<string, Record<string, unknown>>} */
    const params = {};
    for (const p of op.parameters) if (p.required) (params[p.in] ??= {})[p.name] = example(document, p);
    const media = op.requestBody?.content?.["application/json"];
    const tag = /** @type {string} */ (op.tag);
    const call = { path: op.path, method: op.method.toLowerCase(), operationId: op.operationId, name: op.name, tag, params };
    byTag.get(tag)?.push(media ? { ...call, body: example(document, media) } : call);
  }
  /** @type {Map<string, Call[][]>} each family's tags that have operations, in the spec's order */
  const families = new Map();
  for (const tag of document.tags) {
    const calls = byTag.get(tag.name) ?? [];
    if (!calls.length) continue;
    if (!families.has(tag["x-api"])) families.set(tag["x-api"], []);
    families.get(tag["x-api"])?.push(calls);
  }
  // The tags interleaved: the first of each family, then the second of each, and so on.
  const groups = [...families.values()];
  const longest = Math.max(...groups.map((tags) => tags.length));
  const tags = Array.from({ length: longest }, (_, turn) => groups.flatMap((family) => (family[turn] ? [family[turn]] : []))).flat();
  return Array.from({ length: count }, (_, i) => {
    const calls = /** @type {Call[]} */ (tags[i % tags.length]);
    return /** @type {Call} */ (calls[i % calls.length]);
  });
}

/**
 * A call's arguments in each style: the path-style init (`withHeaders` for bare openapi-fetch,
 * which sets no header of its own, so required header parameters are passed) and the flat
 * arguments of the named operation; `undefined` where the call takes none.
 * @param {Call} call
 */
export function callArguments(call) {
  /** @param {boolean} withHeaders */
  const init = (withHeaders) => {
    const params = Object.entries(call.params).filter(([where]) => withHeaders || where !== "header");
    const value = { ...(params.length ? { params: Object.fromEntries(params) } : {}), ...("body" in call ? { body: call.body } : {}) };
    return Object.keys(value).length ? value : undefined;
  };
  const args = { ...call.params.path, ...call.params.query, ...("body" in call ? { body: call.body } : {}) };
  return {
    method: call.method.toUpperCase(),
    path: call.path,
    init: init(false),
    fetchInit: init(true),
    tag: call.tag,
    name: call.name,
    args: Object.keys(args).length ? args : undefined,
  };
}

/** @param {string} first @param {unknown} rest */
const argumentList = (first, rest) => [first, rest].filter((x) => x !== undefined).join(", ");

/**
 * Three consumer modules making the same calls, plus each one's empty form (the client created,
 * no call made), so the calls' own share of the cost can be told from the rest.
 * @param {Call[]} calls
 */
export function consumerSources(calls) {
  const clientHead = 'import { createClient } from "@tokenkit/client";\n\nconst client = createClient({ token: "t", baseUrl: "http://127.0.0.1:4010" });\n';
  const fetchHead =
    'import createClient from "openapi-fetch";\nimport type { paths } from "@tokenkit/types";\n\nconst client = createClient<paths>({ baseUrl: "http://127.0.0.1:4010" });\n';
  const json = (/** @type {unknown} */ value) => (value === undefined ? undefined : JSON.stringify(value));
  /** @param {string} head @param {(call: ReturnType<typeof callArguments>) => string} line */
  const module = (head, line) => ({
    calls: `${head}\nexport async function calls() {\n${calls.map((c) => `  await ${line(callArguments(c))};\n`).join("")}}\n`,
    empty: `${head}\nexport { client };\n`,
  });
  return {
    path: module(clientHead, (c) => `client.${c.method}(${argumentList(json(c.path) ?? "", json(c.init))})`),
    named: module(clientHead, (c) => `client.${c.tag}.${c.name}(${json(c.args) ?? ""})`),
    "openapi-fetch": module(fetchHead, (c) => `client.${c.method}(${argumentList(json(c.path) ?? "", json(c.fetchInit))})`),
  };
}
