// The clients compared. Each makes the realistic mix (fixture.mjs) — a GET without parameters,
// a GET with a path parameter and a POST with a JSON body, with the bearer header, JSON parsed,
// a non-2xx status an error — with its own defaults (the client's timeout and retries
// included), and differs only in the `fetch` it is given: a stub in the CPU mode, the
// runtime's in the HTTP mode.
import { createClient as createTokenkitClient } from "@tokenkit/client";
import axios from "axios";
import ky from "ky";
import { createFetch, ofetch } from "ofetch";
import createOpenapiFetch from "openapi-fetch";
import { pathToFileURL } from "node:url";
import { AUTHORIZATION, MIX, TOKEN, TOKEN_ID } from "./fixture.mjs";

/** @typedef {(input: any, init?: any) => Promise<Response>} FetchLike */
/** @typedef {() => Promise<unknown>} Call one request, resolving to the parsed body */
/** @typedef {import("./fixture.mjs").Request} MixRequest */
/** @typedef {Record<MixRequest["id"], Call>} Calls one call per request of the mix */

/**
 * @typedef {object} Variant
 * @property {string} id short name used in flags and in the JSON
 * @property {string} label name in the tables
 * @property {(baseUrl: string, fetch?: FetchLike) => Calls} create
 * @property {boolean} [optional] measured only when named in --only: a diagnosis, not a comparison
 */

/**
 * The calls of the mix, from how one request of it is made.
 * @param {(request: MixRequest) => Call} callFor
 * @returns {Calls}
 */
const mix = (callFor) => /** @type {Calls} */ (Object.fromEntries(MIX.map((request) => [request.id, callFor(request)])));

/** openapi-fetch's arguments for a request of the mix: the path parameters and the body. */
const openapiInit = (/** @type {MixRequest} */ { pathParams, body }) => ({ ...(pathParams && { params: { path: pathParams } }), ...(body !== undefined && { body }) });

/**
 * The `fetch` option for @tokenkit/client: none when `fetch` is the platform's (the CPU mode
 * installs its stub there), so the client is measured on its default path.
 * @param {FetchLike | undefined} fetch
 */
const customFetch = (fetch) => (fetch && fetch !== globalThis.fetch ? { fetch } : {});

/** @param {{ data?: unknown, error?: unknown, response: Response }} result */
function dataOf({ data, error, response }) {
  if (error !== undefined) throw new Error(`HTTP ${response.status}`);
  return data;
}

/**
 * Another build of @tokenkit/client to compare with in the same run (before and after a change):
 * the ESM file named by BENCH_PREVIOUS_CLIENT, e.g. made by `node src/previous-client.mjs <commit>`.
 * @type {typeof createTokenkitClient | undefined}
 */
const createPreviousClient = process.env.BENCH_PREVIOUS_CLIENT ? (await import(pathToFileURL(process.env.BENCH_PREVIOUS_CLIENT).href)).createClient : undefined;

/** @param {typeof createTokenkitClient | undefined} create */
function requireBuild(create) {
  if (!create) throw new Error("set BENCH_PREVIOUS_CLIENT to the ESM build of the client to compare with");
  return create;
}

/**
 * The path style of @tokenkit/client, with `options` given to createClient.
 * @param {Record<string, unknown>} options
 * @param {() => typeof createTokenkitClient} [build] which build of the client
 * @returns {Variant["create"]}
 */
const tokenkitPath = (options, build = () => createTokenkitClient) => (baseUrl, fetch) => {
  const client = /** @type {any} */ (build()({ token: TOKEN, baseUrl, ...customFetch(fetch), ...options }));
  return mix((request) => {
    const init = openapiInit(request);
    return async () => {
      const { data, error } = await client[request.method](request.template, init);
      if (error) throw error;
      return data;
    };
  });
};

/**
 * The named style of a build of @tokenkit/client.
 * @param {() => typeof createTokenkitClient} build
 * @returns {Variant["create"]}
 */
const tokenkitNamed = (build) => (baseUrl, fetch) => {
  const { apitokens } = build()({ token: TOKEN, baseUrl, ...customFetch(fetch) });
  const body = /** @type {any} */ (MIX.find((request) => request.id === "create")?.body);
  return {
    list: () => apitokens.listAllowedTokenRoles(),
    get: () => apitokens.getAPIToken({ id: TOKEN_ID }),
    create: () => apitokens.generateToken({ body }),
  };
};

/** @type {Variant[]} */
export const VARIANTS = [
  {
    id: "fetch",
    label: "raw fetch",
    create(baseUrl, fetch = globalThis.fetch) {
      return mix(({ method, path, body }) => {
        const url = baseUrl + path;
        const headers = body === undefined ? { Authorization: AUTHORIZATION } : { Authorization: AUTHORIZATION, "Content-Type": "application/json" };
        return async () => {
          const response = await fetch(url, { method, headers, ...(body !== undefined && { body: JSON.stringify(body) }) });
          if (!response.ok) throw new Error(`HTTP ${response.status}`);
          return response.json();
        };
      });
    },
  },
  {
    id: "openapi-fetch",
    label: "openapi-fetch 0.17",
    create(baseUrl, fetch) {
      // Untyped: bare openapi-fetch is measured without the spec's types, which cost nothing at run time.
      /** @type {any} */
      const client = createOpenapiFetch({ baseUrl, headers: { Authorization: AUTHORIZATION }, ...(fetch && { fetch }) });
      return mix((request) => {
        const init = openapiInit(request);
        return async () => dataOf(await client[request.method](request.template, init));
      });
    },
  },
  { id: "client-path", label: "@tokenkit/client GET()/POST()", create: tokenkitPath({}) },
  { id: "client-named", label: "@tokenkit/client named", create: tokenkitNamed(() => createTokenkitClient) },
  {
    id: "ofetch",
    label: "ofetch 1.5",
    create(baseUrl, fetch) {
      const base = fetch ? createFetch({ fetch, Headers, AbortController }) : ofetch;
      const client = base.create({ baseURL: baseUrl, headers: { Authorization: AUTHORIZATION } });
      return mix(({ method, path, body }) => () => client(path, { method, ...(body !== undefined && { body: /** @type {any} */ (body) }) }));
    },
  },
  {
    id: "ky",
    label: "ky 1.14",
    create(baseUrl, fetch) {
      const client = ky.create({ prefixUrl: baseUrl, headers: { Authorization: AUTHORIZATION }, ...(fetch && { fetch }) });
      // ky refuses a leading slash with prefixUrl.
      return mix(({ method, path, body }) => () => client(path.slice(1), { method, ...(body !== undefined && { json: body }) }).json());
    },
  },
  {
    id: "axios",
    label: "axios 1.21 (fetch adapter)",
    create(baseUrl, fetch) {
      const client = axios.create({
        adapter: "fetch",
        baseURL: baseUrl,
        headers: { Authorization: AUTHORIZATION },
        ...(fetch && { env: { fetch } }),
      });
      return mix(({ method, path, body }) => async () => (await client.request({ method, url: path, data: body })).data);
    },
  },
  // The build named by BENCH_PREVIOUS_CLIENT, both styles, run with --only.
  { id: "previous-path", label: "previous build GET()/POST()", optional: true, create: tokenkitPath({}, () => requireBuild(createPreviousClient)) },
  { id: "previous-named", label: "previous build named", optional: true, create: tokenkitNamed(() => requireBuild(createPreviousClient)) },
  // Diagnoses of the client's overhead, run with --only: the client without a time limit; the
  // client with a custom fetch (which gets the attempt's signal on the Request); and bare
  // openapi-fetch with a time limit written by hand the way the platform intends (one
  // controller and one timer per call, the signal on the Request).
  { id: "client-no-timeout", label: "@tokenkit/client GET()/POST(), timeout: 0", optional: true, create: tokenkitPath({ timeout: 0 }) },
  {
    id: "client-custom-fetch",
    label: "@tokenkit/client GET()/POST(), fetch: (request) => fetch(request)",
    optional: true,
    create: tokenkitPath({ fetch: (/** @type {Request} */ request) => globalThis.fetch(request) }),
  },
  {
    id: "openapi-fetch-timeout",
    label: "openapi-fetch 0.17 + per-call controller, timer and signal",
    optional: true,
    create(baseUrl, fetch) {
      /** @type {any} */
      const client = createOpenapiFetch({ baseUrl, headers: { Authorization: AUTHORIZATION }, ...(fetch && { fetch }) });
      return mix((request) => {
        const init = openapiInit(request);
        return async () => {
          const controller = new AbortController();
          const timer = setTimeout(() => controller.abort(), 60_000);
          try {
            return dataOf(await client[request.method](request.template, { ...init, signal: controller.signal }));
          } finally {
            clearTimeout(timer);
          }
        };
      });
    },
  },
];

/**
 * The variants named in `ids` (all but the optional ones when empty). The two references, raw fetch and bare
 * openapi-fetch, are always kept: every ratio is taken against them.
 * @param {string[]} ids
 */
export function selectVariants(ids) {
  if (ids.length === 0) return VARIANTS.filter((variant) => !variant.optional);
  const unknown = ids.filter((id) => !VARIANTS.some((variant) => variant.id === id));
  if (unknown.length) throw new Error(`unknown variant(s) ${unknown.join(", ")}; known: ${VARIANTS.map((v) => v.id).join(", ")}`);
  return VARIANTS.filter((variant) => ["fetch", "openapi-fetch", ...ids].includes(variant.id));
}
