// The one boundary with openapi-fetch: one exchange (build the request, run the middleware, send
// it, read the body) and every workaround the client needs around it, so no other file depends
// on how openapi-fetch behaves.
//
// Why openapi-fetch builds the request rather than the client: its `Middleware` contract (the
// `onRequest`/`onResponse`/`onError` hooks, their `id`, `schemaPath` and `options`) and its
// per-call options (`querySerializer`, `bodySerializer`, `cache`, …) are part of this client's
// API, and reproducing them means re-implementing most of openapi-fetch. Measured on the bench's
// mix (BENCHMARKS.md, "Where the time goes"), openapi-fetch's own work is the same in both
// designs; what the client adds is the time limit and the checks, which a hand-built request
// would still need.
//
// The workarounds:
// - JSON is asked for as text and parsed by the caller, so a malformed body keeps its text.
// - An error body is read from a copy: openapi-fetch parses it and would lose the text as received.
// - Path parameters are checked by the caller before the exchange (openapi-fetch skips the path
//   serializer when `params.path` is absent), so the serializer here only encodes.
// - The body serializer names the field when JSON.stringify fails (a BigInt, a cycle).
import createFetchClient, { defaultBodySerializer, type Middleware } from "openapi-fetch";
import type { paths } from "@tokenkit/types";
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
  baseUrl: string;
  parseAs: ParseAs;
  /** A custom fetch; undefined for the platform's. */
  fetch: Fetch | undefined;
  /** Other openapi-fetch options of a path-style call (`cache`, `middleware`, …), passed on. */
  passOn: Record<string, unknown> | undefined;
}

/**
 * How an exchange ended. With a response: `data` as openapi-fetch parsed it (the text, for
 * JSON), and `rawBody`, the text of an error body as received. Without one, where it failed:
 * `hook` before anything was sent or in a middleware (not a connection problem), `send` in
 * `fetch`, `read` while reading the body, `decode` when the body is not in its
 * content-encoding, `redirects` when the redirect limit was reached.
 */
export type Exchange =
  | { response: Response; data: unknown; rawBody: string | undefined; request: Request | undefined }
  | { failure: "hook" | "send" | "read" | "decode" | "redirects"; cause: unknown; response: Response | undefined; request: Request | undefined };

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

/**
 * openapi-fetch set up for the client: `headers` are sent on every request (a fixed token's
 * Authorization among them). Returns the exchange and openapi-fetch's middleware registry.
 */
export function openapiFetch(headers: HeaderRecord | undefined) {
  const inner = createFetchClient<paths>({ headers, pathSerializer: fillPath, bodySerializer: serializeBody });

  /** One exchange. `signal` is the attempt's; `authorization` is set when a provider gave the token. */
  async function exchange(out: Outgoing, signal: AbortSignal | undefined, authorization: string | undefined): Promise<Exchange> {
    let request: Request | undefined;
    let response: Response | undefined;
    let errorCopy: Response | undefined;
    let fetchError: unknown;
    const send = async (input: Request) => {
      request = input;
      try {
        // The platform's fetch (looked up per call, so a polyfill or test double installed later
        // is used) takes the signal as an argument: it builds a Request of its own from ours.
        response = await (out.fetch ? out.fetch(input) : fetch(input, { signal }));
      } catch (error) {
        throw (fetchError = error);
      }
      if (typeof response?.headers?.get !== "function") throw (fetchError = new TokenkitError('"fetch" did not return a Response'));
      if (!response.ok) errorCopy = response.clone();
      return response;
    };
    try {
      const result = (await inner[out.method as "GET"](out.path as never, {
        ...out.passOn,
        params: out.params,
        body: out.body,
        headers: authorization ? { Authorization: authorization, ...out.headers } : out.headers,
        baseUrl: out.baseUrl,
        parseAs: out.parseAs === "json" ? "text" : out.parseAs,
        // A custom fetch finds the signal on the Request itself, so one that only passes the
        // Request on (`(request) => fetch(request)`) keeps time limits and aborts. This costs
        // one more signal hookup per attempt, which the platform's fetch is spared.
        signal: out.fetch && signal,
        fetch: send,
      } as never)) as { data?: unknown; error?: unknown; response: Response };
      // The error body as received, from the copy, unless a middleware replaced the response;
      // then openapi-fetch's reading of it (a JSON body re-serialized) is all there is.
      const { data, error } = result;
      const rawBody = result.response.ok
        ? undefined
        : result.response === response && errorCopy
          ? await errorCopy.text().catch(() => "")
          : typeof error === "string" ? error : error === undefined ? "" : JSON.stringify(error);
      return { response: result.response, data, rawBody, request };
    } catch (cause) {
      const failure =
        cause === fetchError
          ? isRedirectLimit(cause) ? "redirects" : "send"
          : response && isDecodeFailure(cause)
            ? "decode"
            : response && isReadFailure(cause)
              ? "read"
              : "hook";
      return { failure, cause, response, request };
    }
  }

  return { exchange, use: (...middleware: Middleware[]) => inner.use(...middleware), eject: (...middleware: Middleware[]) => inner.eject(...middleware) };
}
