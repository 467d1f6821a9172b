import createFetchClient, { type Middleware } from "openapi-fetch";
import type { paths } from "@tokenkit/types";
import { checkPathParams, pathParamNames, serializePath } from "./core/path-params.js";
import { createTransport } from "./core/transport.js";
import { apiError, InvalidArgumentError, MalformedResponseError } from "./errors.js";
import { namedOperations, type NamedOperations } from "./named-operations.js";
import { findRoute } from "./routes.js";
import type { ApiFamily, CallOptions, PathStyleClient } from "./types.js";

/** Production base URL of BlendVision One. StackRox Central has none: each installation has its own host. */
export const BLENDVISION_BASE_URL = "https://api.one.blendvision.com";

export interface ClientOptions {
  /** API token, sent as `Authorization: Bearer <token>`. Required. It never appears in errors. */
  token: string;
  /**
   * Organization id, sent as the `x-bv-org-id` header on the BlendVision operations that declare it.
   * Default: not sent.
   */
  orgId?: string;
  /**
   * Where requests go. A string sends both API families to one server (a mock, a gateway);
   * an object sets each family on its own.
   * Default: `{ blendvision: "https://api.one.blendvision.com" }`; `stackrox` has no default and
   * must be set before calling a StackRox operation.
   */
  baseUrl?: string | Partial<Record<ApiFamily, string>>;
  /**
   * `fetch` implementation, called as `fetch(request, { signal })`; it must honour `signal`
   * for timeouts and aborts to work. Default: `globalThis.fetch`.
   */
  fetch?: (input: Request, init?: RequestInit) => Promise<Response>;
  /** Headers added to every request. Default: none. */
  headers?: Record<string, string>;
  /** Time limit per attempt in ms (connect, headers and body); `0` disables it. Default: `60000`. */
  timeout?: number;
  /** Retries after a failed attempt (see README, "Retries"); `0` disables them. Default: `2`. */
  maxRetries?: number;
  /** Longest Retry-After the client waits for, in ms; a longer one ends the retries. Default: `60000`. */
  maxRetryAfter?: number;
  /** openapi-fetch middleware, run in order on every attempt. Default: none. */
  middleware?: Middleware[];
}

/** The client: openapi-fetch's path-style methods plus one named method per operation, by tag. */
export type TokenkitClient = PathStyleClient & NamedOperations;

type Params = { path?: Record<string, unknown>; query?: Record<string, unknown> };
/** A path-style init: openapi-fetch's options for the call plus the client's own (CallOptions). */
type Init = CallOptions & { params?: Params; body?: unknown; baseUrl?: string; parseAs?: string } & Record<string, unknown>;
/** Options `call` handles itself: the client's own, which openapi-fetch must not see, and those it passes on. */
const HANDLED = new Set(["timeout", "maxRetries", "signal", "params", "body", "headers", "baseUrl", "parseAs", "fetch"]);

const METHODS = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"] as const;
const NONE: Init = {};

/** A number option: undefined takes the default, anything but a finite number >= 0 is refused. */
function nonNegative(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!(value >= 0 && value < Infinity)) throw new InvalidArgumentError(name, `option "${name}" must be a number >= 0, got ${value}`);
  return value;
}

export function createClient(options: ClientOptions): TokenkitClient {
  const { token, orgId } = options ?? {};
  // Checked here so the Headers API never gets to quote a malformed token in its own message.
  if (typeof token !== "string" || !/^[\x21-\x7e]+$/.test(token)) {
    throw new InvalidArgumentError("token", 'option "token" must be a non-empty API token without whitespace');
  }
  const timeout = nonNegative("timeout", options.timeout, 60_000);
  const maxRetries = nonNegative("maxRetries", options.maxRetries, 2);
  const maxRetryAfter = nonNegative("maxRetryAfter", options.maxRetryAfter, 60_000);
  const bases: Partial<Record<ApiFamily, string>> =
    typeof options.baseUrl === "string"
      ? { blendvision: options.baseUrl, stackrox: options.baseUrl }
      : { blendvision: BLENDVISION_BASE_URL, ...options.baseUrl };
  const baseFetch = options.fetch ?? ((input: Request, init?: RequestInit) => fetch(input, init));

  // The token is a default header inside openapi-fetch's closure: no object this function
  // returns holds it, so nothing a caller prints can show it.
  const inner = createFetchClient<paths>({
    headers: { Authorization: `Bearer ${token}`, ...options.headers },
    pathSerializer: serializePath,
  });
  if (options.middleware) inner.use(...options.middleware);

  const defaults = { timeout, maxRetries, maxRetryAfter };
  const send = createTransport(baseFetch);

  // async, so that a refused argument is a rejected promise like every other failure.
  // `init` is the caller's (path style) or the options of a named operation; `params` and `body`
  // come from `init` in the path style and from the flat arguments of a named operation.
  async function call(method: string, path: string, init: Init = NONE, params = init.params, body = init.body) {
    const op = findRoute(method, path);
    // Checked here as well as in the serializer: openapi-fetch skips it when `params.path` is absent.
    checkPathParams(op?.pathNames ?? pathParamNames(path), params?.path);
    const api = op?.api ?? "blendvision";
    const baseUrl = init.baseUrl ?? bases[api];
    if (!baseUrl) throw new InvalidArgumentError(`baseUrl.${api}`, `option "baseUrl.${api}" is required to call ${method} ${path}`);
    const request = `${method} ${baseUrl}${path}`;
    // JSON is parsed here rather than by openapi-fetch, so a malformed body keeps its text.
    const parseJson = !init.parseAs;
    // openapi-fetch's options; any other option of the caller's is passed on as it is.
    const fetchInit: Record<string, unknown> = {
      params,
      body,
      // The organization header comes first, so one given for this call wins.
      headers: op?.orgHeader && orgId ? { "x-bv-org-id": orgId, ...init.headers } : init.headers,
      baseUrl,
      parseAs: init.parseAs ?? "text",
      fetch: baseFetch,
    };
    for (const key in init) if (!HANDLED.has(key)) fetchInit[key] = init[key];
    const policy =
      init.timeout === undefined && init.maxRetries === undefined
        ? defaults
        : { timeout: nonNegative("timeout", init.timeout, timeout), maxRetries: nonNegative("maxRetries", init.maxRetries, maxRetries), maxRetryAfter };

    const { data, error, response } = await send(
      (attemptFetch) => {
        // Each attempt's signal goes to fetch itself, not into openapi-fetch's Request: a
        // Request that follows a signal costs more to build than the rest of the call.
        fetchInit.fetch = attemptFetch;
        return inner[method as "GET"](path as never, fetchInit as never) as Promise<{ data?: unknown; error?: unknown; response: Response }>;
      },
      { method, request, signal: init.signal, bodyRead: init.parseAs !== "stream" },
      policy,
    );

    const { status, headers } = response;
    if (response.ok) {
      if (!parseJson || !data) return { data: parseJson ? undefined : data, response };
      try {
        return { data: JSON.parse(data as string), response };
      } catch (cause) {
        const detail = `response body is not valid JSON (${(cause as Error).message})`;
        throw new MalformedResponseError({ status, headers, rawBody: data as string, request }, detail);
      }
    }
    // openapi-fetch hands over the error body parsed when it is JSON, as text when it is not.
    const isText = typeof error === "string";
    const rawBody = isText ? error : error === undefined ? "" : JSON.stringify(error);
    return { error: apiError({ status, headers, rawBody, body: isText ? undefined : error, request }), response };
  }

  // The named operations come from the client's prototype, built when first used.
  const client = namedOperations(call as never) as unknown as Record<string, unknown>;
  client.use = (...middleware: Middleware[]) => inner.use(...middleware);
  client.eject = (...middleware: Middleware[]) => inner.eject(...middleware);
  for (const method of METHODS) client[method] = (path: string, init?: Init) => call(method, path, init);
  return client as unknown as TokenkitClient;
}
