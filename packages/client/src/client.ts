import createFetchClient, { type Middleware } from "openapi-fetch";
import type { paths } from "@tokenkit/types";
import { checkPathParam, serializePath } from "./core/path-params.js";
import { DEFAULT_MAX_RETRIES, DEFAULT_MAX_RETRY_AFTER } from "./core/retry.js";
import { withRetries } from "./core/transport.js";
import { APIError, InvalidArgumentError, MalformedResponseError } from "./errors.js";
import { operations } from "./generated/operations.js";
import { namedOperations, type NamedOperations } from "./named-operations.js";
import type { ApiFamily, CallOptions, PathStyleClient } from "./types.js";
import { VERSION } from "./generated/version.js";

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
  /** openapi-fetch middleware, run in order after the client's own headers are set. Default: none. */
  middleware?: Middleware[];
}

/** The client: openapi-fetch's path-style methods plus one named method per operation, by tag. */
export type TokenkitClient = PathStyleClient & NamedOperations;

type Operation = (typeof operations)[number];
const byRoute = new Map<string, Operation>(operations.map((op) => [`${op.method} ${op.path}`, op]));

// Sent where the runtime lets a script set it (browsers keep their own User-Agent).
const IN_BROWSER = typeof (globalThis as { document?: unknown }).document !== "undefined";
const NODE_VERSION = (globalThis as { process?: { version?: string } }).process?.version;
const USER_AGENT = `tokenkit-client/${VERSION}${NODE_VERSION ? ` node/${NODE_VERSION}` : ""}`;

function option(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new InvalidArgumentError(name, `option "${name}" must be a number >= 0, got ${String(value)}`);
  }
  return value;
}

function checkToken(token: unknown): string {
  if (typeof token !== "string" || token.trim() === "") {
    throw new InvalidArgumentError("token", 'option "token" is required: pass the API token as a non-empty string');
  }
  // Checked here so the Headers API never gets to quote the value in its own error message.
  if (!/^[\x21-\x7e]+$/.test(token)) {
    throw new InvalidArgumentError("token", 'option "token" contains whitespace or characters not allowed in a header');
  }
  return token;
}

export function createClient(options: ClientOptions): TokenkitClient {
  const token = checkToken(options?.token);
  const { orgId } = options;
  const defaults = {
    timeout: option("timeout", options.timeout, 60_000),
    maxRetries: option("maxRetries", options.maxRetries, DEFAULT_MAX_RETRIES),
    maxRetryAfter: option("maxRetryAfter", options.maxRetryAfter, DEFAULT_MAX_RETRY_AFTER),
  };
  const bases: Partial<Record<ApiFamily, string>> =
    typeof options.baseUrl === "string"
      ? { blendvision: options.baseUrl, stackrox: options.baseUrl }
      : { blendvision: BLENDVISION_BASE_URL, ...options.baseUrl };

  // The token goes into openapi-fetch's own closure as a default header: no object this function
  // returns holds it, so nothing a caller prints can show it.
  const inner = createFetchClient<paths>({
    headers: {
      Authorization: `Bearer ${token}`,
      "x-client-version": VERSION,
      ...(IN_BROWSER ? {} : { "User-Agent": USER_AGENT }),
      ...options.headers,
    },
    pathSerializer: serializePath,
  });
  const baseFetch = options.fetch ?? ((input: Request, init?: RequestInit) => globalThis.fetch(input, init));
  if (options.middleware?.length) inner.use(...options.middleware);

  type Init = CallOptions & {
    params?: { path?: Record<string, unknown> };
    baseUrl?: string;
    parseAs?: string;
    [key: string]: unknown;
  };

  // async, so that a refused argument is a rejected promise like every other failure.
  async function call(method: string, path: string, init: Init = {}) {
    const op = byRoute.get(`${method} ${path}`);
    // Checked here as well as in the serializer: openapi-fetch skips serialization when `params.path` is absent.
    for (const name of op?.pathParams ?? []) checkPathParam(name, init.params?.path?.[name]);
    const { timeout, maxRetries, signal, ...rest } = init;
    const baseUrl = rest.baseUrl ?? bases[op?.api ?? "blendvision"];
    if (!baseUrl) {
      throw new InvalidArgumentError(`baseUrl.${op?.api}`, `option "baseUrl.${op?.api}" is required to call ${method} ${path}`);
    }
    // The organization header comes first, so one given for this call wins.
    const headers = op?.orgHeader && orgId ? { "x-bv-org-id": orgId, ...rest.headers } : rest.headers;
    // JSON is parsed here rather than by openapi-fetch, so a malformed body keeps its text.
    const parseJson = rest.parseAs === undefined;
    const label = () => `${method} ${baseUrl}${path}`;

    const result = await withRetries(
      method,
      (attemptSignal) =>
        inner.request(method.toLowerCase() as never, path as never, {
          ...rest,
          baseUrl,
          headers,
          // The signal goes to fetch itself, not into openapi-fetch's Request: a Request that
          // follows a signal costs more to build than the rest of the call.
          fetch: attemptSignal ? (input: Request) => baseFetch(input, { signal: attemptSignal }) : baseFetch,
          parseAs: parseJson ? "text" : rest.parseAs,
        } as never) as Promise<{ data?: unknown; error?: unknown; response: Response }>,
      {
        timeout: option("timeout", timeout, defaults.timeout),
        maxRetries: option("maxRetries", maxRetries, defaults.maxRetries),
        maxRetryAfter: defaults.maxRetryAfter,
        signal,
        label,
      },
    );

    const { response } = result;
    const request = `${method} ${response.url || `${baseUrl}${path}`}`;
    if (response.ok) {
      if (!parseJson || typeof result.data !== "string") return result;
      return { data: parseBody(result.data, response, request), response };
    }
    const parsed = result.error;
    const rawBody = typeof parsed === "string" ? parsed : parsed === undefined ? "" : JSON.stringify(parsed);
    const body = typeof parsed === "string" ? undefined : parsed;
    return { error: APIError.from({ status: response.status, headers: response.headers, rawBody, body, request }), response };
  }

  const pathStyle = (name: string) => (path: string, init?: Init) => call(name, path, init);
  const client = {
    request: (method: string, path: string, init?: Init) => call(method.toUpperCase(), path, init),
    GET: pathStyle("GET"),
    PUT: pathStyle("PUT"),
    POST: pathStyle("POST"),
    DELETE: pathStyle("DELETE"),
    OPTIONS: pathStyle("OPTIONS"),
    HEAD: pathStyle("HEAD"),
    PATCH: pathStyle("PATCH"),
    TRACE: pathStyle("TRACE"),
    use: (...m: Middleware[]) => inner.use(...m),
    eject: (...m: Middleware[]) => inner.eject(...m),
  };
  return Object.assign(client, namedOperations(call)) as unknown as TokenkitClient;
}

/** Parses a 2xx body; one that is not valid JSON becomes a MalformedResponseError with its text. */
function parseBody(text: string, response: Response, request: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new MalformedResponseError({
      status: response.status,
      headers: response.headers,
      rawBody: text,
      request,
      message: `response body is not valid JSON (${(error as Error).message})`,
    });
  }
}
