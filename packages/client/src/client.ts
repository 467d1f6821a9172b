// createClient: checks the options once, then serves two call styles. Each style has one entry
// (`requestPath` for client.GET(path, init), `requestNamed` for client.<tag>.<operation>(args))
// that turns its arguments into one RequestDescription; `send` runs that description through
// openapi-fetch, attempt by attempt (core/transport.ts), and turns the outcome into data or a
// typed error.
import createFetchClient, { defaultBodySerializer, type Middleware } from "openapi-fetch";
import type { paths } from "@tokenkit/types";
import {
  baseUrl as checkBaseUrl,
  count,
  hasHeader,
  headers as checkHeaders,
  headerValue,
  milliseconds,
  optionalFunction,
  optionalObject,
  optionalSignal,
  queryValue,
  type HeaderRecord,
} from "./core/options.js";
import { checkPathParams, pathParamNames, serializePath } from "./core/path-params.js";
import { attempts, type Attempt } from "./core/transport.js";
import { apiError, InvalidArgumentError, MalformedResponseError, TokenkitError } from "./errors.js";
import { namedOperations, type NamedOperations } from "./named-operations.js";
import { findRoute, type Route } from "./routes.js";
import type { ApiFamily, CallOptions, PathStyleClient } from "./types.js";

/** Production base URL of BlendVision One. StackRox Central has none: each installation has its own host. */
export const BLENDVISION_BASE_URL = "https://api.one.blendvision.com";

/** A `fetch` implementation: called with a Request whose `signal` carries the time limit and the caller's abort. */
export type Fetch = (input: Request, init?: RequestInit) => Promise<Response>;

/**
 * Returns the API token to send; called before every attempt, so a rotated token is picked up.
 * `signal` aborts when the attempt's time limit passes or the caller aborts: the call stops
 * waiting then, and a provider that fetches its token can pass the signal on.
 */
export type TokenProvider = (context: { signal: AbortSignal | undefined }) => string | Promise<string>;

export interface ClientOptions {
  /**
   * API token, sent as `Authorization: Bearer <token>`: a string, or a function returning one
   * (or a promise of one), called before every attempt. Required. It never appears in errors.
   */
  token: string | TokenProvider;
  /**
   * Organization id, sent as the `x-bv-org-id` header on the BlendVision operations that take
   * it (they require it: without it, or the header given per call, such a call is refused).
   * Default: not sent.
   */
  orgId?: string | undefined;
  /**
   * Where requests go. A string sends both API families to one server (a mock, a gateway);
   * an object sets each family on its own.
   * Default: `{ blendvision: "https://api.one.blendvision.com" }`; `stackrox` has no default and
   * must be set before calling a StackRox operation.
   */
  baseUrl?: string | Partial<Record<ApiFamily, string>> | undefined;
  /**
   * `fetch` implementation, called as `fetch(request)`; `request.signal` carries the attempt's
   * time limit and the caller's `signal`. Default: `globalThis.fetch`.
   */
  fetch?: Fetch | undefined;
  /** Headers added to every request. Default: none. */
  headers?: Record<string, string> | undefined;
  /** Time limit per attempt in ms (connect, headers and body); `0` disables it. Default: `60000`. */
  timeout?: number | undefined;
  /** Retries after a failed attempt (see README, "Retries"); `0` disables them. Default: `2`. */
  maxRetries?: number | undefined;
  /** Longest Retry-After the client waits for, in ms; a longer one ends the retries. Default: `60000`. */
  maxRetryAfter?: number | undefined;
  /** openapi-fetch middleware, run in order on every attempt. Default: none. */
  middleware?: Middleware[] | undefined;
}

/** The client: openapi-fetch's path-style methods plus one named method per operation, by tag. */
export type TokenkitClient = PathStyleClient & NamedOperations;

type Params = { path?: Record<string, unknown>; query?: Record<string, unknown>; header?: HeaderRecord };
type ParseAs = "json" | "text" | "blob" | "arrayBuffer" | "stream";
const PARSE_AS: readonly string[] = ["json", "text", "blob", "arrayBuffer", "stream"];

const METHODS = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"] as const;

/** Everything one call needs, whichever style it came from. */
interface RequestDescription {
  method: string;
  /** The path template, e.g. `/v1/apitokens/{id}`. */
  path: string;
  params: Params | undefined;
  body: unknown;
  /** The call's headers, the organization header included. */
  headers: HeaderRecord | undefined;
  baseUrl: string;
  parseAs: ParseAs;
  /** A custom fetch; undefined for the platform's. */
  fetch: Fetch | undefined;
  signal: AbortSignal | undefined;
  timeout: number;
  maxRetries: number;
  /** Other openapi-fetch options of a path-style call (`cache`, `credentials`, `middleware`, …), passed on. */
  passOn: Record<string, unknown> | undefined;
}

/** The options a path-style init may hold besides what is passed on to openapi-fetch. */
type PathInit = CallOptions & { params?: Params; body?: unknown; baseUrl?: string; parseAs?: ParseAs; fetch?: Fetch };

const TOKEN = /^[\x21-\x7e]+$/;
const tokenError = (detail: string, cause?: unknown) =>
  new InvalidArgumentError("token", `option "token" ${detail}`, cause === undefined ? undefined : { cause });

/** Fails on JSON.stringify's own errors (a BigInt, a cycle) with the field they belong to. */
function serializeBody(body: unknown) {
  try {
    return defaultBodySerializer(body);
  } catch (cause) {
    throw new InvalidArgumentError("body", `"body" cannot be sent as JSON: ${(cause as Error).message}`, { cause });
  }
}

export function createClient(options: ClientOptions): TokenkitClient {
  const { token } = optionalObject("options", options) ?? ({} as Partial<ClientOptions>);
  // Checked here so the Headers API never gets to quote a malformed token in its own message.
  if (typeof token === "string") {
    if (!TOKEN.test(token)) throw tokenError("must be a non-empty API token without whitespace");
  } else if (typeof token !== "function") {
    throw tokenError("must be an API token or a function returning one");
  }
  const staticAuthorization = typeof token === "string" ? `Bearer ${token}` : undefined;
  /**
   * The Authorization header from the provider; neither its value nor its error text is ever
   * quoted. The wait is part of the attempt: its time limit and the caller's abort end it.
   */
  async function providedAuthorization(signal: AbortSignal | undefined): Promise<string> {
    let value: unknown;
    try {
      const provided = (token as TokenProvider)({ signal });
      value = await (signal ? Promise.race([provided, abortion(signal)]) : provided);
    } catch (cause) {
      // An abort is the transport's to report (a timeout or the caller's abort), not the provider's.
      if (signal?.aborted) throw cause;
      throw tokenError("provider failed (see cause)", cause);
    }
    if (typeof value !== "string" || !TOKEN.test(value)) throw tokenError(`provider must return a non-empty API token without whitespace, got ${typeof value === "string" ? "a string that is not one" : typeof value}`);
    return `Bearer ${value}`;
  }

  const orgId = options.orgId === undefined ? undefined : headerValue("orgId", options.orgId);
  if (orgId !== undefined && !orgId.trim()) throw new InvalidArgumentError("orgId", 'option "orgId" must not be blank');
  const clientHeaders = checkHeaders("headers", options.headers);
  const clientSendsOrg = hasHeader(clientHeaders, "x-bv-org-id");
  const timeout = milliseconds("timeout", options.timeout, 60_000);
  const maxRetries = count("maxRetries", options.maxRetries, 2);
  const maxRetryAfter = milliseconds("maxRetryAfter", options.maxRetryAfter, 60_000);
  const bases: Partial<Record<ApiFamily, string>> =
    typeof options.baseUrl === "string" || options.baseUrl === undefined
      ? { blendvision: checkBaseUrl("baseUrl", options.baseUrl ?? BLENDVISION_BASE_URL), stackrox: options.baseUrl }
      : { blendvision: BLENDVISION_BASE_URL, ...optionalObject("baseUrl", options.baseUrl) };
  for (const [api, base] of Object.entries(bases)) if (base !== undefined) checkBaseUrl(`baseUrl.${api}`, base);
  const clientFetch = optionalFunction("fetch", options.fetch);

  // No object this function returns holds the token: it lives in this closure only. A fixed
  // token is a default header; a provider's is set on each attempt.
  const inner = createFetchClient<paths>({
    headers: staticAuthorization ? { ...clientHeaders, Authorization: staticAuthorization } : clientHeaders,
    pathSerializer: serializePath,
    bodySerializer: serializeBody,
  });
  function use(...middleware: Middleware[]): void {
    try {
      inner.use(...middleware);
    } catch (cause) {
      throw new InvalidArgumentError("middleware", `"middleware" must be objects with onRequest, onResponse or onError (${(cause as Error).message})`, { cause });
    }
  }
  if (options.middleware !== undefined) {
    if (!Array.isArray(options.middleware)) throw new InvalidArgumentError("middleware", 'option "middleware" must be an array');
    use(...options.middleware);
  }

  /** Checks what both styles share and completes the description. */
  function describe(
    method: string,
    path: string,
    operation: Route | undefined,
    call: { params: Params | undefined; body: unknown; options: CallOptions | undefined; baseUrl?: unknown; parseAs?: unknown; fetch?: unknown },
    passOn?: Record<string, unknown>,
  ): RequestDescription {
    const { params, options: callOptions = {} } = call;
    // Checked here as well as in the serializer: openapi-fetch skips it when `params.path` is absent.
    checkPathParams(operation?.pathNames ?? pathParamNames(path), params?.path);
    for (const name in params?.query) queryValue(name, params.query[name]);
    if (call.body !== undefined && (method === "GET" || method === "HEAD")) {
      throw new InvalidArgumentError("body", `a ${method} request cannot have a body`);
    }
    let headers = checkHeaders("headers", callOptions.headers);
    checkHeaders("params.header", params?.header);
    if (operation?.orgHeader) {
      const sent = hasHeader(headers, "x-bv-org-id") || hasHeader(params?.header, "x-bv-org-id") || clientSendsOrg;
      // 2: the spec requires the header here, so a call without it is refused rather than sent to a 400.
      if (!sent && !orgId && operation.orgHeader === 2) {
        throw new InvalidArgumentError("orgId", `${method} ${path} needs an organization id: set "orgId" in createClient, or send the x-bv-org-id header`);
      }
      // The client's organization id, unless the call sends its own.
      if (orgId && !sent) headers = { "x-bv-org-id": orgId, ...headers };
    }
    const api = operation?.api ?? "blendvision";
    const baseUrl = call.baseUrl === undefined ? bases[api] : checkBaseUrl("baseUrl", call.baseUrl);
    if (!baseUrl) throw new InvalidArgumentError(`baseUrl.${api}`, `option "baseUrl.${api}" is required to call ${method} ${path}`);
    const parseAs = call.parseAs ?? "json";
    if (typeof parseAs !== "string" || !PARSE_AS.includes(parseAs)) {
      throw new InvalidArgumentError("parseAs", `option "parseAs" must be one of ${PARSE_AS.join(", ")}`);
    }
    return {
      method,
      path,
      params,
      body: call.body,
      headers,
      baseUrl,
      parseAs: parseAs as ParseAs,
      fetch: optionalFunction("fetch", call.fetch as Fetch | undefined) ?? clientFetch,
      signal: optionalSignal("signal", callOptions.signal),
      timeout: milliseconds("timeout", callOptions.timeout, timeout),
      maxRetries: count("maxRetries", callOptions.maxRetries, maxRetries),
      passOn,
    };
  }

  /** The path style: `client.GET(path, init)` → `{ data, error, response }`. */
  async function requestPath(method: string, path: string, init: PathInit | undefined) {
    const { timeout, maxRetries, signal, headers, params, body, baseUrl, parseAs, fetch, ...passOn } = optionalObject("init", init) ?? {};
    const description = describe(method, path, findRoute(method, path), { params, body, baseUrl, parseAs, fetch, options: { timeout, maxRetries, signal, headers } }, passOn);
    return send(description);
  }

  /** The named style: `client.<tag>.<operation>(args, options)` → `{ data, response }`, or throws. */
  async function requestNamed(method: string, path: string, args: Record<string, unknown> | undefined, options: CallOptions | undefined) {
    const route = findRoute(method, path)!;
    // Flat arguments: path parameters by name, `body` as the body, anything else to the query.
    let pathParams: Record<string, unknown> | undefined;
    let query: Record<string, unknown> | undefined;
    for (const key in optionalObject("args", args)) {
      if (key === "body") continue;
      if (route.pathNames.includes(key)) (pathParams ??= {})[key] = args![key];
      else (query ??= {})[key] = args![key];
    }
    const params = pathParams || query ? { path: pathParams, query } : undefined;
    const result = await send(describe(method, path, route, { params, body: args?.body, options: optionalObject("options", options) }));
    if (result.error) throw result.error;
    return result as { data: unknown; response: Response };
  }

  async function send(d: RequestDescription) {
    // `METHOD url` for errors: the path as called (parameters filled in), never the query or headers.
    const request = () => `${d.method} ${d.baseUrl.replace(/\/+$/, "")}${serializePath(d.path, d.params?.path ?? {})}`;
    // The last response fetch gave, and a copy of its body when it is an error: openapi-fetch
    // re-serializes a JSON error body, the copy keeps the text as received.
    let fetched: Response | undefined;
    let errorCopy: Response | undefined;

    /** One attempt: openapi-fetch builds the request and sends it through `attemptFetch`. */
    const attempt: Attempt<{ data?: unknown; error?: unknown; response: Response }> = (signal, progress) => {
      fetched = errorCopy = undefined;
      const attemptFetch = async (input: Request) => {
        progress.stage = "fetching";
        // The platform's fetch (looked up per call, so a polyfill or test double installed later
        // is used) takes the signal as an argument: it builds a Request of its own from ours.
        const response = await (d.fetch ? d.fetch(input) : fetch(input, { signal }));
        progress.stage = "reading";
        if (typeof response?.headers?.get !== "function") throw new TokenkitError(`"fetch" did not return a Response [${request()}]`);
        fetched = response;
        if (!response.ok) errorCopy = response.clone();
        return response;
      };
      const run = (headers: HeaderRecord | undefined) =>
        inner[d.method as "GET"](d.path as never, {
          ...d.passOn,
          params: d.params,
          body: d.body,
          headers,
          baseUrl: d.baseUrl,
          // JSON is parsed here rather than by openapi-fetch, so a malformed body keeps its text.
          parseAs: d.parseAs === "json" ? "text" : d.parseAs,
          // A custom fetch finds the signal on the Request itself, so one that only passes the
          // Request on (`(request) => fetch(request)`) keeps time limits and aborts. This costs
          // one more signal hookup per attempt, which the platform's fetch is spared.
          signal: d.fetch && signal,
          fetch: attemptFetch,
        } as never) as Promise<{ data?: unknown; error?: unknown; response: Response }>;
      // A fixed token is a default header of `inner`; a provider is asked before every attempt.
      return staticAuthorization ? run(d.headers) : providedAuthorization(signal).then((authorization) => run({ Authorization: authorization, ...d.headers }));
    };
    const { data, error, response } = await attempts(attempt, {
      method: d.method,
      signal: d.signal,
      timeout: d.timeout,
      maxRetries: d.maxRetries,
      maxRetryAfter,
      request,
    });

    const { status, headers } = response;
    if (response.ok) {
      if (d.parseAs !== "json") return { data, response };
      if (status === 204 || status === 205 || d.method === "HEAD") return { data: undefined, response };
      const rawBody = (data as string | undefined) ?? "";
      try {
        if (!rawBody) throw new Error("the body is empty");
        return { data: JSON.parse(rawBody) as unknown, response };
      } catch (cause) {
        throw new MalformedResponseError({ status, headers, rawBody, request: request() }, `response body is not the JSON expected (${(cause as Error).message})`);
      }
    }
    const rawBody =
      fetched === response && errorCopy
        ? await errorCopy.text().catch(() => "")
        : typeof error === "string"
          ? error
          : error === undefined
            ? ""
            : JSON.stringify(error);
    return { error: apiError({ status, headers, rawBody, body: parseObject(rawBody), request: request() }), response };
  }

  // The named operations come from the client's prototype, built when first used.
  const client = namedOperations(requestNamed) as unknown as Record<string, unknown>;
  client.use = use;
  client.eject = (...middleware: Middleware[]) => inner.eject(...middleware);
  for (const method of METHODS) client[method] = (path: string, init?: PathInit) => requestPath(method, path, init);
  return client as unknown as TokenkitClient;
}

/**
 * Rejects with the signal's reason once it aborts. Only for an attempt's own signal, which is
 * dropped with the attempt, so its listener never outlives the call.
 */
const abortion = (signal: AbortSignal) =>
  new Promise<never>((_, reject) => signal.addEventListener("abort", () => reject(signal.reason), { once: true }));

/** The body parsed as JSON when it is a JSON object, otherwise undefined. */
function parseObject(text: string): unknown {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null ? value : undefined;
  } catch {
    return undefined;
  }
}
