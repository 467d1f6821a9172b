// The one boundary with openapi-fetch: one exchange with the server (build the request, run the
// middleware, send it, read the body), keeping openapi-fetch's types, serializers and
// `Middleware` contract (`onRequest`, `onResponse`, `onError`, in its order, with its
// `id`, `schemaPath`, `params` and frozen `options`).
//
// Why the request is built here rather than by openapi-fetch's `coreFetch`: measured on the
// bench's mix (BENCHMARKS.md, "Where the time goes"), handing each attempt to coreFetch cost
// the client as much as its time limit. coreFetch always builds a `Request` that the platform's
// `fetch` then copies into another, normalizes `baseUrl` and makes a query serializer on every
// call, and reads an error body only after parsing it, so the client had to clone error
// responses, ask for JSON as text, and check path parameters a second time. Built here, a call
// without middleware or a custom `fetch` hands the platform's `fetch` a URL and an init (one
// Request, the platform's own), an error body is read once as text, and the checks happen once
// (in client.ts). With middleware or a custom `fetch`, the Request they are promised is built,
// carrying the attempt's signal.
import { createQuerySerializer, defaultBodySerializer, mergeHeaders, type Middleware } from "openapi-fetch";
import { InvalidArgumentError, TokenkitError } from "../errors.js";
import type { HeaderRecord } from "./options.js";
import { fillPath } from "./path-params.js";

/** A `fetch` implementation: called with a Request whose `signal` carries the time limit and the caller's abort. */
export type Fetch = (input: Request, init?: RequestInit) => Promise<Response>;

export type ParseAs = "json" | "text" | "blob" | "arrayBuffer" | "stream";

/** What one exchange sends: a checked call (both call styles end up here). */
export interface Outgoing {
  method: string;
  /** The path template, e.g. `/v1/apitokens/{id}`. */
  path: string;
  params: { path?: Record<string, unknown>; query?: Record<string, unknown>; header?: HeaderRecord } | undefined;
  body: unknown;
  headers: HeaderRecord | undefined;
  /** Without a trailing slash. */
  baseUrl: string;
  parseAs: ParseAs;
  /** A custom fetch; undefined for the platform's. */
  fetch: Fetch | undefined;
  /** Other openapi-fetch options of a path-style call (`querySerializer`, `middleware`, `cache`, …). */
  passOn: Record<string, unknown> | undefined;
}

/**
 * How an exchange ended. With a response: `data` (for JSON, the text, which the caller parses)
 * and `rawBody`, the text of an error body. Without one, where it failed: `hook` before anything
 * was sent or in a middleware (not a connection problem), `send` in `fetch`, `read` while reading
 * the body, `decode` when the body is not in its content-encoding, `redirects` when the redirect
 * limit was reached. `sent` are the headers the request went with (to mask an echoed credential).
 */
export type Exchange =
  | { response: Response; data: unknown; rawBody: string | undefined; sent: Headers | undefined }
  | { failure: "hook" | "send" | "read" | "decode" | "redirects"; cause: unknown; response: Response | undefined };

/** What reading a body throws when the connection breaks (undici: "terminated"), or an abort. */
const isReadFailure = (error: unknown) => error instanceof TypeError || (error as Error)?.name === "AbortError";
/** undici reports a body that is not in its content-encoding as a zlib, brotli or zstd error. */
const DECODER_ERROR = /^(Z_|ERR__|ZSTD_)/;
const isDecodeFailure = (error: unknown) => DECODER_ERROR.test(String((error as { cause?: { code?: unknown } })?.cause?.code));
/** undici's message when a redirect loop reached its limit (20); browsers give no detail. */
const isRedirectLimit = (error: unknown) => (error as { cause?: { message?: unknown } })?.cause?.message === "redirect count exceeded";

/** Fails on JSON.stringify's own errors (a BigInt, a cycle) with the field they belong to. */
function serializeBody(body: unknown) {
  try {
    return defaultBodySerializer(body);
  } catch (cause) {
    throw new InvalidArgumentError("body", `"body" cannot be sent as JSON: ${(cause as Error).message}`, { cause });
  }
}

const JSON_BODY = { "Content-Type": "application/json" };
/** The `id` middleware sees, made as openapi-fetch makes it (its `randomID` is not in its declarations). */
const randomID = () => Math.random().toString(36).slice(2, 11);
// Pure: an app importing only an error class drops it (and openapi-fetch) from its bundle.
const serializeQuery = /* @__PURE__ */ createQuerySerializer();
type Hooks = Partial<Record<"onRequest" | "onResponse" | "onError", (params: any) => unknown>>;

/**
 * The exchanges of one client: `headers` go on every request (a fixed token's Authorization
 * among them); `use` and `eject` keep the client's middleware, as openapi-fetch's do.
 */
export function exchanges(headers: HeaderRecord | undefined) {
  const clientMiddleware: Middleware[] = [];

  /** One exchange. `signal` is the attempt's; `authorization` is set when a provider gave the token. */
  async function exchange(out: Outgoing, signal: AbortSignal | undefined, authorization: string | undefined): Promise<Exchange> {
    const { querySerializer, bodySerializer, middleware: callMiddleware, Request: RequestClass = Request, ...init } = (out.passOn ?? {}) as Record<string, any>;
    const middleware: Hooks[] = callMiddleware?.length ? [...clientMiddleware, ...callMiddleware] : (clientMiddleware as Hooks[]);
    let stage: "hook" | "send" | "read" = "hook";
    let request: Request | undefined;
    let response: Response | undefined;
    let sent: Headers | undefined;
    try {
      const query = typeof querySerializer === "function" ? querySerializer : querySerializer ? createQuerySerializer(querySerializer) : serializeQuery;
      const search = out.params?.query ? String(query(out.params.query)).replace(/^\?/, "") : "";
      const url = `${out.baseUrl}${out.params?.path ? fillPath(out.path, out.params.path) : out.path}${search && `?${search}`}`;
      const callHeaders = authorization ? { Authorization: authorization, ...out.headers } : out.headers;
      const body =
        out.body === undefined ? undefined : bodySerializer ? bodySerializer(out.body, mergeHeaders(headers, callHeaders, out.params?.header)) : serializeBody(out.body);
      const requestInit: RequestInit = {
        redirect: "follow",
        ...init,
        method: out.method,
        body,
        // A body serialized to FormData sets its own Content-Type (with the boundary).
        headers: (sent = mergeHeaders(body === undefined || body instanceof FormData ? undefined : JSON_BODY, headers, callHeaders, out.params?.header)),
      };
      if (signal) requestInit.signal = signal;
      const hooks = middleware.length > 0;
      if (hooks || out.fetch) request = new RequestClass(url, requestInit);
      const id = hooks ? randomID() : undefined;
      const options = hooks
        ? Object.freeze({ baseUrl: out.baseUrl, fetch: out.fetch ?? globalThis.fetch, parseAs: out.parseAs, querySerializer: query, bodySerializer: bodySerializer ?? serializeBody, pathSerializer: fillPath })
        : undefined;
      const hookParams = () => ({ request, schemaPath: out.path, params: out.params ?? {}, options, id });
      for (const m of middleware) {
        const result: unknown = await m?.onRequest?.(hookParams());
        if (result instanceof Request) request = result;
        else if (result instanceof Response) {
          response = result;
          break;
        } else if (result) throw new Error("onRequest: must return new Request() or Response() when modifying the request");
      }

      if (!response) {
        stage = "send";
        try {
          // The platform's fetch is looked up per call, so a polyfill or test double installed later is used.
          response = await (out.fetch ? out.fetch(request!) : request ? fetch(request) : fetch(url, requestInit));
        } catch (error) {
          let failure: unknown = error;
          for (let i = middleware.length - 1; i >= 0 && failure; i--) {
            const result: unknown = await middleware[i]?.onError?.({ ...hookParams(), error: failure });
            if (result instanceof Response) (response = result), (failure = undefined);
            else if (result instanceof Error) failure = result;
            else if (result) throw new Error("onError: must return new Response() or instance of Error");
          }
          if (failure) throw failure;
        }
        if (typeof response?.headers?.get !== "function") throw new TokenkitError('"fetch" did not return a Response');
        stage = "hook";
        for (let i = middleware.length - 1; i >= 0; i--) {
          const result: unknown = await middleware[i]?.onResponse?.({ ...hookParams(), response });
          if (result instanceof Response) response = result;
          else if (result) throw new Error("onResponse: must return new Response() when modifying the response");
        }
      }

      stage = "read";
      const final: Response = response!;
      if (request) sent = request.headers;
      if (!final.ok) return { response: final, data: undefined, rawBody: await final.text(), sent };
      return { response: final, data: await read(final, out), rawBody: undefined, sent };
    } catch (cause) {
      const failure =
        stage === "send" ? (isRedirectLimit(cause) ? "redirects" : "send") : stage === "read" ? (isDecodeFailure(cause) ? "decode" : isReadFailure(cause) ? "read" : "hook") : "hook";
      return { failure, cause, response };
    }
  }

  /** Adds middleware, refusing what openapi-fetch refuses. */
  function use(...middleware: Middleware[]): void {
    for (const m of middleware) {
      if (!m) continue;
      if (typeof m !== "object" || !("onRequest" in m || "onResponse" in m || "onError" in m)) {
        throw new Error("Middleware must be an object with one of `onRequest()`, `onResponse() or `onError()`");
      }
      clientMiddleware.push(m);
    }
  }

  function eject(...middleware: Middleware[]): void {
    for (const m of middleware) {
      const at = clientMiddleware.indexOf(m);
      if (at !== -1) clientMiddleware.splice(at, 1);
    }
  }

  return { exchange, use, eject };
}

/**
 * A success body, as openapi-fetch reads it: JSON as text (the caller parses it, so a malformed
 * body keeps its text), nothing for 204, HEAD or an empty body, a stream left to the caller.
 */
function read(response: Response, out: Outgoing): Promise<unknown> | unknown {
  if (out.parseAs === "json") return response.text();
  const length = response.headers.get("Content-Length");
  if (response.status === 204 || out.method === "HEAD" || (length === "0" && !response.headers.get("Transfer-Encoding")?.includes("chunked"))) return undefined;
  return out.parseAs === "stream" ? response.body : response[out.parseAs]();
}
