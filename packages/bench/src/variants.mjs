// The clients compared. Each makes the same call — GET PATH with the bearer header, JSON
// parsed, a non-2xx status an error — with its own defaults (the client's timeout and retries
// included), and differs only in the `fetch` it is given: a stub in the CPU mode, the
// runtime's in the HTTP mode.
import { createClient as createTokenkitClient } from "@tokenkit/client";
import axios from "axios";
import ky from "ky";
import { createFetch, ofetch } from "ofetch";
import createOpenapiFetch from "openapi-fetch";
import { AUTHORIZATION, PATH, TOKEN } from "./fixture.mjs";

/** @typedef {(input: any, init?: any) => Promise<Response>} FetchLike */
/** @typedef {() => Promise<unknown>} Call one request, resolving to the parsed body */

/**
 * @typedef {object} Variant
 * @property {string} id short name used in flags and in the JSON
 * @property {string} label name in the tables
 * @property {(baseUrl: string, fetch?: FetchLike) => Call} create
 * @property {boolean} [optional] measured only when named in --only: a diagnosis, not a comparison
 */

/** @type {Variant[]} */
export const VARIANTS = [
  {
    id: "fetch",
    label: "raw fetch",
    create(baseUrl, fetch = globalThis.fetch) {
      const url = baseUrl + PATH;
      const init = { headers: { Authorization: AUTHORIZATION } };
      return async () => {
        const response = await fetch(url, init);
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        return response.json();
      };
    },
  },
  {
    id: "openapi-fetch",
    label: "openapi-fetch 0.17",
    create(baseUrl, fetch) {
      // Untyped: bare openapi-fetch is measured without the spec's types, which cost nothing at run time.
      /** @type {any} */
      const client = createOpenapiFetch({ baseUrl, headers: { Authorization: AUTHORIZATION }, ...(fetch && { fetch }) });
      return async () => {
        const { data, error, response } = await client.GET(PATH);
        if (error !== undefined) throw new Error(`HTTP ${response.status}`);
        return data;
      };
    },
  },
  {
    id: "client-path",
    label: "@tokenkit/client GET()",
    create(baseUrl, fetch) {
      const client = createTokenkitClient({ token: TOKEN, baseUrl, ...(fetch && { fetch }) });
      return async () => {
        const { data, error } = await client.GET(PATH);
        if (error) throw error;
        return data;
      };
    },
  },
  {
    id: "client-named",
    label: "@tokenkit/client named",
    create(baseUrl, fetch) {
      const client = createTokenkitClient({ token: TOKEN, baseUrl, ...(fetch && { fetch }) });
      return () => client.apitokens.listAllowedTokenRoles();
    },
  },
  {
    id: "ofetch",
    label: "ofetch 1.5",
    create(baseUrl, fetch) {
      const base = fetch ? createFetch({ fetch, Headers, AbortController }) : ofetch;
      const client = base.create({ baseURL: baseUrl, headers: { Authorization: AUTHORIZATION } });
      return () => client(PATH);
    },
  },
  {
    id: "ky",
    label: "ky 1.14",
    create(baseUrl, fetch) {
      const client = ky.create({ prefixUrl: baseUrl, headers: { Authorization: AUTHORIZATION }, ...(fetch && { fetch }) });
      const path = PATH.slice(1); // ky refuses a leading slash with prefixUrl
      return () => client.get(path).json();
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
      return async () => (await client.get(PATH)).data;
    },
  },
  // Three diagnoses of the client's overhead, run with --only: the client without its per-attempt
  // time limit; bare openapi-fetch given the per-call options the client has to give it; and
  // bare openapi-fetch with a time limit built by hand.
  {
    id: "client-no-timeout",
    label: "@tokenkit/client GET(), timeout: 0",
    optional: true,
    create(baseUrl, fetch) {
      const client = createTokenkitClient({ token: TOKEN, baseUrl, timeout: 0, ...(fetch && { fetch }) });
      return async () => {
        const { data, error } = await client.GET(PATH);
        if (error) throw error;
        return data;
      };
    },
  },
  {
    id: "openapi-fetch-options",
    label: "openapi-fetch 0.17 + the client's call options",
    optional: true,
    create(baseUrl, fetch = globalThis.fetch) {
      // What the client passes on every call: the family's base URL, a text body (so a malformed
      // JSON body keeps its text) and the attempt's fetch (which carries the attempt's signal).
      const signal = new AbortController().signal;
      const attemptFetch = (/** @type {Request} */ input) => fetch(input, { signal });
      /** @type {any} */
      const client = createOpenapiFetch({ headers: { Authorization: AUTHORIZATION } });
      return async () => {
        const { data, error, response } = await client.GET(PATH, { baseUrl, parseAs: "text", fetch: attemptFetch });
        if (error !== undefined) throw new Error(`HTTP ${response.status}`);
        return JSON.parse(data);
      };
    },
  },
  {
    id: "openapi-fetch-timeout",
    label: "openapi-fetch 0.17 + per-call timeout",
    optional: true,
    create(baseUrl, fetch = globalThis.fetch) {
      /** @type {any} */
      const client = createOpenapiFetch({ baseUrl, headers: { Authorization: AUTHORIZATION }, fetch });
      return async () => {
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(), 60_000);
        try {
          const signalled = (/** @type {Request} */ input) => fetch(input, { signal: controller.signal });
          const { data, error, response } = await client.GET(PATH, { fetch: signalled });
          if (error !== undefined) throw new Error(`HTTP ${response.status}`);
          return data;
        } finally {
          clearTimeout(timer);
        }
      };
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
