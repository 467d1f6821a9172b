// The realistic mix every variant makes, and the answers the server and the stub give: a GET
// without parameters, a GET with a path parameter and a POST with a JSON body, each with the
// bearer header, JSON parsed, a non-2xx status an error.
export const TOKEN = "bench-token";
export const AUTHORIZATION = `Bearer ${TOKEN}`;
export const TOKEN_ID = "d3b07384-d113-4ec6-a2a3-2f8f1b5c9e7a";

const metadata = {
  id: TOKEN_ID,
  name: "ci-pipeline",
  roles: ["Continuous Integration"],
  issuedAt: "2026-03-14T09:26:53Z",
  expiration: "2027-03-14T09:26:53Z",
  revoked: false,
};

/**
 * @typedef {object} Request one request of the mix
 * @property {"list" | "get" | "create"} id
 * @property {string} label
 * @property {"GET" | "POST"} method
 * @property {string} template the path template, as typed clients take it
 * @property {string} path the path as sent
 * @property {Record<string, string>} [pathParams]
 * @property {unknown} [body] the JSON request body
 * @property {string} response the JSON response body
 */

/** @type {Request[]} */
export const MIX = [
  {
    id: "list",
    label: "GET, no parameters",
    method: "GET",
    template: "/v1/apitokens/generate/allowed-roles",
    path: "/v1/apitokens/generate/allowed-roles",
    response: JSON.stringify({ roleNames: ["Admin", "Analyst", "Continuous Integration", "Sensor Creator"] }),
  },
  {
    id: "get",
    label: "GET, path parameter",
    method: "GET",
    template: "/v1/apitokens/{id}",
    path: `/v1/apitokens/${TOKEN_ID}`,
    pathParams: { id: TOKEN_ID },
    response: JSON.stringify(metadata),
  },
  {
    id: "create",
    label: "POST, JSON body",
    method: "POST",
    template: "/v1/apitokens/generate",
    path: "/v1/apitokens/generate",
    body: { name: "ci-pipeline", roles: ["Continuous Integration"], expiration: "2027-03-14T09:26:53Z" },
    response: JSON.stringify({ token: "eyJhbGciOiJSUzI1NiJ9.eyJuYW1lIjoiY2ktcGlwZWxpbmUifQ.c2lnbmF0dXJl", metadata }),
  },
];

/** The request of the mix that `method` and `path` (as sent) name, if any. */
export const requestOf = (/** @type {string} */ method, /** @type {string} */ path) => MIX.find((r) => r.method === method && r.path === path);
