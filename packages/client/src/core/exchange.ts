// One exchange with the server: run the middleware, send the request, read the body, keeping
// openapi-fetch's `Middleware` contract (`onRequest`, `onResponse`, `onError`, in its order,
// with its `id`, `schemaPath`, `params` and frozen `options`) and its way of reading a body.
//
// Why the client sends requests itself rather than through openapi-fetch's `coreFetch`
// (BENCHMARKS.md, "Where the time goes"): coreFetch always builds a `Request` that the
// platform's `fetch` then copies into another, normalizes `baseUrl` and makes a query
// serializer on every call, and parses an error body before handing it over, so the client had
// to clone error responses, ask for JSON as text and check path parameters twice; its runtime
// also adds 2.3 kB to a bundle. Here a call without middleware or a custom `fetch` hands the
// platform's `fetch` a URL and an init (one Request, the platform's own), the URL and body are
// built once per call (client.ts, `prepare`), and an error body is read once, as text.
import type { Middleware, MiddlewareCallbackParams } from "openapi-fetch";
import { TokenkitError } from "../errors.js";
import type { HeaderRecord } from "./options.js";

/** A `fetch` implementation: called with a Request whose `signal` carries the time limit and the caller's abort. */
export type Fetch = (input: Request, init?: RequestInit) => Promise<Response>;

export type ParseAs = "json" | "text" | "blob" | "arrayBuffer" | "stream";

/** A request as every attempt sends it, built once per call. */
export interface Outgoing {
  method: string;
  /** The path template, e.g. `/v1/apitokens/{id}` (middleware's `schemaPath`). */
  path: string;
  params: { path?: Record<string, unknown>; query?: Record<string, unknown>; header?: HeaderRecord } | undefined;
  url: string;
  /** `METHOD url` for errors: the path filled in, without the query. */
  line: string;
  /** The RequestInit of every attempt, but its headers and signal. */
  init: RequestInit;
  /** Whether the body is sent as JSON (its Content-Type is set before any header given). */
  json: boolean;
  /** The headers given with the call (per call, then `params.header`), sent after the client's. */
  headers: (HeaderRecord | undefined)[];
  parseAs: ParseAs;
  /** A custom fetch; undefined for the platform's. */
  fetch: Fetch | undefined;
  Request: typeof Request;
  middleware: Middleware[];
  /** What middleware receives as `options` (only when there is middleware). */
  options: MiddlewareCallbackParams["options"] | undefined;
}

/**
 * How an exchange ended. With a response: its `body`, as text for an error status or for JSON
 * (the caller parses it, so a malformed body keeps its text), otherwise as `parseAs` says. Without one, where it failed: `hook` before anything
 * was sent or in a middleware (not a connection problem), `send` in `fetch`, `read` while reading
 * the body, `decode` when the body is not in its content-encoding, `redirects` when the redirect
 * limit was reached. `sent` are the headers the request went with (to mask an echoed credential).
 */
export type Exchange =
  | { response: Response; body: unknown; sent: Headers }
  // `sent`: the headers sent, once a response came (a read or decode failure), so an error can mask what it echoes.
  | { failure: "hook" | "send" | "read" | "decode" | "redirects"; cause: unknown; response: Response | undefined; sent?: Headers };

/** What reading a body throws when the connection breaks (undici: "terminated"), or an abort. */
const isReadFailure = (error: unknown) => error instanceof TypeError || (error as Error)?.name === "AbortError";
/** undici reports a body that is not in its content-encoding as a zlib, brotli or zstd error. */
const isDecodeFailure = (error: unknown) => /^(Z_|ERR__|ZSTD_)/.test(String((error as { cause?: { code?: unknown } })?.cause?.code));
/** undici's message when a redirect loop reached its limit (20); browsers give no detail. */
const isRedirectLimit = (error: unknown) => (error as { cause?: { message?: unknown } })?.cause?.message === "redirect count exceeded";

const hookError = (hook: string, what: string) => new Error(`${hook} must return ${what}, or nothing to leave it as it is`);
type Hook<R> = (params: MiddlewareCallbackParams & { response: Response; error: unknown }) => R;
type Hooks = { onRequest?: Hook<unknown>; onResponse?: Hook<unknown>; onError?: Hook<unknown> };

/** One exchange under the attempt's `signal`, with the attempt's `headers`. */
export async function exchange(out: Outgoing, signal: AbortSignal | undefined, headers: Headers): Promise<Exchange> {
  const middleware = out.middleware as Hooks[];
  let stage: "hook" | "send" | "read" = "hook";
  let response: Response | undefined;
  let sent: Headers | undefined;
  try {
    const init: RequestInit = { ...out.init, headers, signal: signal ?? null };
    let request = middleware.length || out.fetch ? new out.Request(out.url, init) : undefined;
    // The `id` middleware sees, made as openapi-fetch makes it.
    const id = middleware.length ? Math.random().toString(36).slice(2, 11) : "";
    const hookParams = () => ({ request: request!, schemaPath: out.path, params: out.params ?? {}, options: out.options!, id }) as Parameters<Hook<unknown>>[0];
    for (const m of middleware) {
      const result: unknown = await m.onRequest?.(hookParams());
      if (result instanceof Request) request = result;
      else if (result instanceof Response) {
        response = result;
        break;
      } else if (result) throw hookError("onRequest", "a Request or a Response");
    }

    if (!response) {
      stage = "send";
      try {
        // The platform's fetch is looked up per call, so a polyfill or test double installed later is used.
        response = await (out.fetch ? out.fetch(request!) : fetch(request ?? out.url, request ? undefined : init));
      } catch (error) {
        let failure: unknown = error;
        for (let i = middleware.length; i-- && failure; ) {
          const result: unknown = await middleware[i]!.onError?.({ ...hookParams(), error: failure });
          if (result instanceof Response) (response = result), (failure = undefined);
          else if (result instanceof Error) failure = result;
          else if (result) throw hookError("onError", "a Response or an Error");
        }
        if (failure) throw failure;
      }
      if (typeof response?.headers?.get !== "function") throw new TokenkitError('"fetch" did not return a Response');
      stage = "hook";
      for (let i = middleware.length; i--; ) {
        const result: unknown = await middleware[i]!.onResponse?.({ ...hookParams(), response });
        if (result instanceof Response) response = result;
        else if (result) throw hookError("onResponse", "a Response");
      }
    }

    stage = "read";
    sent = request?.headers ?? headers;
    const final: Response = response;
    return { response: final, body: await (final.ok && out.parseAs !== "json" ? read(final, out) : final.text()), sent };
  } catch (cause) {
    const failure =
      stage === "send" ? (isRedirectLimit(cause) ? "redirects" : "send") : stage === "read" ? (isDecodeFailure(cause) ? "decode" : isReadFailure(cause) ? "read" : "hook") : "hook";
    return { failure, cause, response, sent };
  }
}

/** A success body not read as JSON, as openapi-fetch reads it: nothing for 204, HEAD or an empty body, a stream left to the caller. */
function read(response: Response, out: Outgoing): Promise<unknown> | unknown {
  const length = response.headers.get("Content-Length");
  if (response.status === 204 || out.method === "HEAD" || (length === "0" && !response.headers.get("Transfer-Encoding")?.includes("chunked"))) return undefined;
  return out.parseAs === "stream" ? response.body : response[out.parseAs as Exclude<ParseAs, "stream">]();
}
