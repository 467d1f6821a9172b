// The client, and the life of a request, top to bottom:
//
//   createClient   options are checked once into a config (`checkOptions`)
//   prepare        a call's arguments (either style) are checked, and the request every
//                  attempt sends is built: URL, body, headers (core/serialize.ts)
//   send           attempts until one gives a final answer:
//     attempt        one try: the token, the time limit and the caller's abort around one
//                    exchange with the server (core/exchange.ts: middleware, fetch, body)
//     decide         a 401 answered to a provider's token → ask again once; otherwise the retry
//                    policy (core/retry.ts, policy as data) says whether and when to try again
//     outcome        the final answer becomes data or a typed error
//
// Everything a call changes lives in the functions of this file; nothing is shared between calls.
import type { Middleware, QuerySerializerOptions } from "openapi-fetch";
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
} from "./core/options.js";
import { fillPath } from "./core/path-params.js";
import { exchange, type Exchange, type Fetch, type Outgoing, type ParseAs } from "./core/exchange.js";
import { mergeHeaders, querySerializer, serializeBody } from "./core/serialize.js";
import { parseRetryAfter, retryDelay, wasNotSent } from "./core/retry.js";
import {
  apiError,
  APIConnectionError,
  APITimeoutError,
  APIUserAbortError,
  InvalidArgumentError,
  MalformedResponseError,
  masker,
  secretsOf,
  TokenkitError,
} from "./errors.js";
import { API_FAMILIES, HTTP_METHODS, ORG_HEADER } from "./generated/operations.js";
import { namedOperations, type NamedOperations } from "./named-operations.js";
import { findRoute, type Route } from "./routes.js";
import type { ApiFamily, CallOptions, PathStyleClient } from "./types.js";

export type { Fetch };

/** Production base URL of BlendVision One. StackRox Central has none: each installation has its own host. */
export const BLENDVISION_BASE_URL = "https://api.one.blendvision.com";

/**
 * What a token provider is told. `signal` aborts when the attempt's time limit passes or the
 * caller aborts (it never aborts when there is neither). `reason` is `"unauthorized"` when the
 * server refused the previous token with 401 and the request is about to be sent again.
 */
export interface TokenContext {
  signal: AbortSignal;
  reason?: "unauthorized";
}

/**
 * Returns the API token to send; called before every attempt, so a rotated token is picked up,
 * and once more after a 401.
 */
export type TokenProvider = (context: TokenContext) => string | Promise<string>;

export interface ClientOptions {
  /**
   * API token, sent as `Authorization: Bearer <token>`: a string, or a function returning one
   * (or a promise of one), called before every attempt and asked again once after a 401.
   * Required. It never appears in errors.
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

/** createClient's options, checked, with their defaults (what `checkOptions` returns). */
type ClientConfig = ReturnType<typeof checkOptions>;

/** One call, checked: the request every attempt sends, and how to send it. */
interface Call extends Outgoing {
  signal: AbortSignal | undefined;
  timeout: number;
  maxRetries: number;
}

/** A path-style init: the call options, the request's parts, and openapi-fetch's per-call options. */
type Init = CallOptions & {
  params?: Outgoing["params"];
  body?: unknown;
  baseUrl?: string;
  parseAs?: ParseAs;
  fetch?: Fetch;
  querySerializer?: QuerySerializerOptions | ((query: Record<string, unknown>) => string);
  bodySerializer?: (body: unknown, headers?: Headers) => unknown;
  middleware?: Middleware[];
  Request?: typeof Request;
} & Omit<RequestInit, "body" | "headers" | "signal">;

const PARSE_AS: readonly string[] = ["json", "text", "blob", "arrayBuffer", "stream"];
const TOKEN = /^[\x21-\x7e]+$/;
const TOKEN_SHAPE = "a non-empty API token without whitespace";
const tokenError = (detail: string, cause?: unknown) => new InvalidArgumentError("token", `"token" ${detail}`, { cause });
// Pure: an app importing only an error class drops it from its bundle.
const defaultQuery = /* @__PURE__ */ querySerializer();

/**
 * Checks createClient's options once, into the config every call reads. A new option is
 * declared in ClientOptions and checked here, nowhere else (README, "Contributing").
 */
function checkOptions(options: ClientOptions) {
  const { token, orgId, baseUrl, middleware = [] } = optionalObject("options", options) ?? ({} as Partial<ClientOptions>);
  // Checked here so the Headers API never gets to quote a malformed token in its own message.
  if (typeof token !== "function" && !(typeof token === "string" && TOKEN.test(token))) throw tokenError(`must be ${TOKEN_SHAPE}, or a function returning one`);
  const org = orgId === undefined ? undefined : headerValue("orgId", orgId);
  if (org !== undefined && !org.trim()) throw new InvalidArgumentError("orgId", '"orgId" must not be blank');
  const headers = checkHeaders("headers", options.headers);
  const perFamily = typeof baseUrl === "object";
  const bases: Partial<Record<ApiFamily, string>> = perFamily ? { ...optionalObject("baseUrl", baseUrl) } : { blendvision: baseUrl, stackrox: baseUrl };
  // A key that is no family (a misspelt `blendVision`) is refused: it would leave the real one on its default.
  if (perFamily) for (const api in bases) if (!API_FAMILIES.includes(api as ApiFamily)) throw new InvalidArgumentError(`baseUrl.${api}`, `"baseUrl.${api}" is not an API family: give ${API_FAMILIES.join(" or ")}`);
  // A family left out, or undefined as an unset variable leaves it, keeps its default.
  if (bases.blendvision === undefined) bases.blendvision = BLENDVISION_BASE_URL;
  for (const [api, base] of Object.entries(bases)) if (base !== undefined) bases[api as ApiFamily] = checkBaseUrl(perFamily ? `baseUrl.${api}` : "baseUrl", base);
  if (!Array.isArray(middleware)) throw new InvalidArgumentError("middleware", '"middleware" must be an array');
  return {
    /** A fixed token, or the provider asked before each attempt. */
    token: token as string | TokenProvider,
    orgId: org,
    headers,
    /** Whether `headers` sets the organization header itself. */
    headersSendOrg: hasHeader(headers, ORG_HEADER),
    bases,
    fetch: optionalFunction("fetch", options.fetch),
    timeout: milliseconds("timeout", options.timeout, 60_000),
    maxRetries: count("maxRetries", options.maxRetries, 2),
    maxRetryAfter: milliseconds("maxRetryAfter", options.maxRetryAfter, 60_000),
    /** The client's middleware: `options.middleware`, then what `use` adds and `eject` removes. */
    middleware: [] as Middleware[],
  };
}

export function createClient(options: ClientOptions): TokenkitClient {
  const config: ClientConfig = checkOptions(options);
  // No object this function returns holds the token: it lives in `config`, in this closure only.
  const provider = typeof config.token === "function" ? config.token : undefined;
  // A fixed token as a path may show it (as given, percent-encoded), found once: a call's
  // `METHOD url` is masked only when it holds one of them, at no cost otherwise.
  const fixed = provider ? [] : secretsOf(config.token as string);

  /** Adds middleware, refusing what openapi-fetch refuses. */
  function use(...middleware: Middleware[]): void {
    for (const m of middleware) {
      if (!m) continue;
      if (typeof m !== "object" || !("onRequest" in m || "onResponse" in m || "onError" in m)) {
        throw new InvalidArgumentError("middleware", '"middleware" must be objects with onRequest, onResponse or onError');
      }
      config.middleware.push(m);
    }
  }
  use(...(options.middleware ?? []));

  /**
   * Checks a call's arguments (both styles meet here) and builds the request every attempt
   * sends: the URL, the body, and which headers go with it.
   */
  function prepare(method: string, path: string, route: Route | undefined, init: Init): Call {
    const { params, body, headers: given, signal, timeout, maxRetries, baseUrl, parseAs = "json", fetch, querySerializer: query, bodySerializer, middleware, Request: RequestClass = Request, ...requestInit } = init;
    const filled = fillPath(path, params?.path);
    if (body !== undefined && (method === "GET" || method === "HEAD")) throw new InvalidArgumentError("body", `a ${method} request cannot have a body`);
    let headers = checkHeaders("headers", given);
    const paramHeaders = checkHeaders("params.header", params?.header);
    if (route?.orgHeader) {
      const sent = hasHeader(headers, ORG_HEADER) || hasHeader(paramHeaders, ORG_HEADER) || config.headersSendOrg;
      // The spec requires the header here, so a call without it is refused rather than sent to a 400.
      if (!sent && !config.orgId && route.orgHeader === "required") {
        throw new InvalidArgumentError("orgId", `${method} ${path} needs an organization id: set "orgId" in createClient, or send the ${ORG_HEADER} header`);
      }
      // The client's organization id, unless the call sends its own.
      if (config.orgId && !sent) headers = { [ORG_HEADER]: config.orgId, ...headers };
    }
    const api = route?.api ?? "blendvision";
    const base = baseUrl === undefined ? config.bases[api] : checkBaseUrl("baseUrl", baseUrl);
    if (!base) throw new InvalidArgumentError(`baseUrl.${api}`, `"baseUrl.${api}" is required to call ${method} ${path}`);
    if (!PARSE_AS.includes(parseAs)) throw new InvalidArgumentError("parseAs", `"parseAs" must be one of ${PARSE_AS.join(", ")}`);
    const serializeQuery = typeof query === "function" ? query : query ? querySerializer(query) : defaultQuery;
    const search = params?.query ? serialized("params.query", () => String(serializeQuery(params.query!)).replace(/^\?/, "")) : "";
    const serializeBodyWith = bodySerializer ?? serializeBody;
    const sentBody = body === undefined ? undefined : serialized("body", () => serializeBodyWith(body, mergeHeaders([config.headers, headers, paramHeaders])));
    const all = middleware?.length ? [...config.middleware, ...middleware] : config.middleware;
    const customFetch = optionalFunction("fetch", fetch) ?? config.fetch;
    return {
      method,
      path,
      params,
      url: `${base}${filled}${search && `?${search}`}`,
      // A fixed token is hidden here already (an abort's error has no attempt's token to hide).
      line: fixed.some((secret) => filled.includes(secret)) ? lineOf(`${method} ${base}${filled}`, config.token as string) : `${method} ${base}${filled}`,
      init: { redirect: "follow", ...requestInit, method, body: sentBody as BodyInit | undefined },
      // A body serialized to FormData sets its own Content-Type (with the boundary).
      json: sentBody !== undefined && !(sentBody instanceof FormData),
      headers: [headers, paramHeaders],
      parseAs,
      fetch: customFetch,
      Request: RequestClass,
      middleware: all,
      options: all.length ? Object.freeze({ baseUrl: base, fetch: (customFetch ?? globalThis.fetch) as typeof globalThis.fetch, parseAs, querySerializer: serializeQuery, bodySerializer: serializeBodyWith, pathSerializer: fillPath }) : undefined,
      signal: optionalSignal("signal", signal),
      timeout: milliseconds("timeout", timeout, config.timeout),
      maxRetries: count("maxRetries", maxRetries, config.maxRetries),
    };
  }

  /** The path style: `client.GET(path, init)` → `{ data, error, response }`. */
  const requestPath = async (method: string, path: string, init: Init | undefined) => send(prepare(method, path, findRoute(method, path), optionalObject("init", init) ?? {}));

  /** The named style: `client.<tag>.<operation>(args, options)` → `{ data, response }`, or throws. */
  async function requestNamed(method: string, path: string, args: Record<string, unknown> | undefined, options: CallOptions | undefined) {
    const route = findRoute(method, path)!;
    // Flat arguments: path parameters by name, `body` as the body, anything else to the query.
    let pathParams: Record<string, unknown> | undefined;
    let query: Record<string, unknown> | undefined;
    for (const key in optionalObject("args", args)) {
      if (key === "body") continue;
      if (path.includes(`{${key}}`)) (pathParams ??= {})[key] = args![key];
      else (query ??= {})[key] = args![key];
    }
    const params = pathParams || query ? { path: pathParams, query } : undefined;
    const result = await send(prepare(method, path, route, { ...optionalObject("options", options), params, body: args?.body }));
    if (result.error) throw result.error;
    return result as { data: unknown; response: Response };
  }

  const policy = (call: Call) => ({ maxRetries: call.maxRetries, maxRetryAfter: config.maxRetryAfter });

  /** Attempts until one gives a final answer, then turns it into the call's result. */
  async function send(call: Call) {
    // `reason` is for the attempt right after a 401 only; `refreshed` remembers that one was made.
    let reason: TokenContext["reason"];
    let refreshed = false;
    for (let retry = 0; ; ) {
      if (call.signal?.aborted) throw aborted(call);
      const { exchange, timedOut, token } = await attempt(call, reason);
      // A provider's token is known only now: hidden in `METHOD url` (an abort's error quotes it) should a path hold it.
      if (provider && token && secretsOf(token).some((secret) => call.line.includes(secret))) call.line = lineOf(call.line, token);
      reason = undefined;
      let delay: number | undefined;
      if ("failure" in exchange) {
        delay = failed(call, exchange, timedOut, retry, token);
      } else {
        const { response } = exchange;
        // A 401 refused the request before acting on it: a provider gets one chance to give a
        // fresh token, and the request is sent again whatever its method. A fixed token would
        // only be refused again.
        if (response.status === 401 && provider && !refreshed) {
          refreshed = true;
          reason = "unauthorized";
          continue;
        }
        if (!response.ok) delay = retryDelay(call.method, { status: response.status, retryAfter: parseRetryAfter(response.headers.get("retry-after")) }, retry, policy(call));
        if (delay === undefined) return outcome(call, exchange, token);
      }
      await sleep(delay, call);
      retry++;
    }
  }

  /**
   * One attempt: the token (a provider's wait counts against the time limit), then one exchange,
   * all under the attempt's signal, which joins its time limit with the caller's signal.
   */
  async function attempt(call: Call, reason: TokenContext["reason"]): Promise<{ exchange: Exchange | TokenWait; timedOut: boolean; token: string }> {
    // One controller and one timer per attempt, as the platform intends. The caller's signal is
    // joined with AbortSignal.any rather than a listener of ours, so any number of calls can
    // share one signal without piling listeners on it.
    const controller = call.timeout ? new AbortController() : undefined;
    const timer = controller && setTimeout(() => controller.abort(), call.timeout);
    const signal = call.signal ? AbortSignal.any(controller ? [call.signal, controller.signal] : [call.signal]) : controller?.signal;
    // No token until a provider gives one.
    let token = provider ? "" : (config.token as string);
    try {
      let exchanged: Exchange | TokenWait | undefined;
      if (provider) {
        const provided = await askProvider(provider, signal ?? new AbortController().signal, reason);
        if (typeof provided !== "string") exchanged = provided;
        else token = provided;
      }
      // The client's headers, the token, then the call's: a header given with the call wins.
      exchanged ??= await exchange(call, signal, mergeHeaders([call.json ? JSON_BODY : undefined, config.headers, { Authorization: `Bearer ${token}` }, ...call.headers]));
      return { exchange: exchanged, timedOut: controller?.signal.aborted === true, token };
    } finally {
      clearTimeout(timer);
    }
  }

  /** How long to wait before trying a failed attempt again; throws the failure's error when it is final. */
  function failed(call: Call, failure: Exclude<Exchange, { body: unknown }> | TokenWait, timedOut: boolean, retry: number, token: string): number {
    const { cause } = failure;
    if (call.signal?.aborted) throw aborted(call);
    if (cause instanceof TokenkitError) throw cause;
    const where = lineOf(call.line, token);
    const message = (cause as Error)?.message ?? cause;
    if (!timedOut) {
      if (failure.failure === "hook") throw new TokenkitError(`request failed: ${message} [${where}]`, { cause });
      // A redirect loop would only loop again.
      if (failure.failure === "redirects") throw new APIConnectionError(where, "too many redirects", { cause });
      if (failure.failure === "decode") {
        const { status, headers } = failure.response!;
        // The headers are masked as a readable answer's are: a server may echo the credentials in one.
        const mask = masker([...headers.values()].join(), secretsOf(token, failure.sent));
        throw new MalformedResponseError({ status, headers, rawBody: "", request: where, mask }, `response body is not in its content-encoding (${headers.get("content-encoding")})`);
      }
    }
    // Timed out while waiting for the token: nothing was sent.
    const notSent = timedOut ? failure.failure === "token" : wasNotSent(cause);
    const delay = retryDelay(call.method, { notSent }, retry, policy(call));
    if (delay !== undefined) return delay;
    if (timedOut) throw new APITimeoutError(where, `${notSent ? "no token from the provider" : "no complete response"} within ${call.timeout} ms`);
    throw new APIConnectionError(where, `connection failed: ${((cause as Error)?.cause as Error)?.message ?? message}`, { cause });
  }

  /** The final answer: data, or the typed error of its status. */
  function outcome(call: Call, { response, body, sent }: Exclude<Exchange, { failure: unknown }>, token: string) {
    const { ok, status, headers } = response;
    if (ok && (call.parseAs !== "json" || status === 204 || status === 205 || call.method === "HEAD")) return { data: call.parseAs === "json" ? undefined : body, response };
    const rawBody = body as string;
    // One parse serves both: a 2xx's data, or the error body (kept only when it is an object).
    let parsed: unknown;
    let problem = "the body is empty";
    try {
      parsed = JSON.parse(rawBody);
      if (ok) return { data: parsed, response };
    } catch (cause) {
      if (rawBody) problem = (cause as Error).message;
    }
    // JSON.stringify of the parsed body too: an echo the body escaped (`\/`, `\u0061`) is found as it is shown.
    const init = { status, headers, rawBody, request: lineOf(call.line, token), mask: masker(rawBody + [...headers.values()].join() + (parsed === undefined ? "" : JSON.stringify(parsed)), secretsOf(token, sent)) };
    if (ok) throw new MalformedResponseError(init, `response body is not the JSON expected (${problem})`);
    return { error: apiError({ ...init, body: typeof parsed === "object" && parsed !== null ? parsed : undefined }), response };
  }

  // The named operations come from the client's prototype, built when first used.
  const client = namedOperations(requestNamed) as unknown as Record<string, unknown>;
  client.use = use;
  client.eject = (...middleware: Middleware[]) => {
    for (const m of middleware) {
      const at = config.middleware.indexOf(m);
      if (at !== -1) config.middleware.splice(at, 1);
    }
  };
  for (const method of HTTP_METHODS) client[method] = (path: string, init?: Init) => requestPath(method, path, init);
  return client as unknown as TokenkitClient;
}

const JSON_BODY = { "Content-Type": "application/json" };

/** Runs a serializer, refusing what it cannot serialize with the field it belongs to. */
function serialized<T>(field: string, serialize: () => T): T {
  try {
    return serialize();
  } catch (cause) {
    if (cause instanceof TokenkitError) throw cause;
    throw new InvalidArgumentError(field, `"${field}" cannot be serialized: ${(cause as Error)?.message}`, { cause });
  }
}

/** A provider's wait that ended without a token: the attempt's signal aborted first. */
type TokenWait = { failure: "token"; cause: unknown; response?: undefined };

/**
 * The Authorization token from the provider, or the abort that ended the wait; neither the
 * value nor the provider's error text is ever quoted.
 */
async function askProvider(provider: TokenProvider, signal: AbortSignal, reason: TokenContext["reason"]): Promise<string | TokenWait> {
  let value: unknown;
  try {
    const provided = provider(reason ? { signal, reason } : { signal });
    value = await Promise.race([provided, abortion(signal)]);
  } catch (cause) {
    // An abort is the attempt's to report (a timeout or the caller's abort), not the provider's.
    if (signal.aborted) return { failure: "token", cause };
    throw tokenError("provider failed (see cause)", cause);
  }
  if (typeof value !== "string" || !TOKEN.test(value)) throw tokenError(`provider must return ${TOKEN_SHAPE}, got ${typeof value === "string" ? "a string that is not one" : typeof value}`);
  return value;
}

const aborted = (call: Call) => new APIUserAbortError(call.line, { cause: call.signal?.reason });

/** `METHOD url` for an error, the token hidden should a path parameter hold it by mistake. */
const lineOf = (line: string, token: string) => masker(line, secretsOf(token))?.(line) ?? line;

/**
 * Rejects with the signal's reason once it aborts. Only for an attempt's own signal, which is
 * dropped with the attempt, so its listener never outlives the call.
 */
const abortion = (signal: AbortSignal) =>
  new Promise<never>((_, reject) => signal.addEventListener("abort", () => reject(signal.reason), { once: true }));

/** Waits `ms`, or rejects as soon as the call's signal aborts. Leaves no timer or listener behind. */
function sleep(ms: number, call: Call): Promise<void> {
  return new Promise((resolve, reject) => {
    // A signal of its own to listen on, so waits sharing the caller's signal add no listeners to it.
    const own = call.signal && AbortSignal.any([call.signal]);
    const done = () => {
      clearTimeout(timer);
      own?.removeEventListener("abort", done);
      if (own?.aborted) reject(aborted(call));
      else resolve();
    };
    const timer = setTimeout(done, ms);
    own?.addEventListener("abort", done);
  });
}
