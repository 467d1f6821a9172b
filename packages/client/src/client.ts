import createFetchClient, { type Client, type Middleware } from "openapi-fetch";
import type { paths } from "@tokenkit/types";
import { checkPathParam, serializePath } from "./core/path-params.js";
import { InvalidArgumentError } from "./errors.js";
import { operations } from "./generated/operations.js";

/** The two API families behind this client, each with its own base URL. */
export type ApiFamily = (typeof operations)[number]["api"];

/** Production base URL of BlendVision One. StackRox Central has none: each installation has its own host. */
export const BLENDVISION_BASE_URL = "https://api.one.blendvision.com";

export interface ClientOptions {
  /** API token, sent as `Authorization: Bearer <token>`. Required. It never appears in errors or logs. */
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
  /** `fetch` implementation. Default: `globalThis.fetch`. */
  fetch?: (request: Request) => Promise<Response>;
  /** Headers added to every request. Default: none. */
  headers?: Record<string, string>;
  /** Time limit per request in milliseconds; `0` disables it. Default: `60000`. */
  timeout?: number;
}

/** The typed client: openapi-fetch's path-style API (`client.POST("/bv/org/v1/groups", { body })`). */
export type TokenkitClient = Client<paths>;

type Operation = (typeof operations)[number];
const byRoute = new Map<string, Operation>(operations.map((op) => [`${op.method} ${op.path}`, op]));

function baseUrls(option: ClientOptions["baseUrl"]): Partial<Record<ApiFamily, string>> {
  if (typeof option === "string") return { blendvision: option, stackrox: option };
  return { blendvision: BLENDVISION_BASE_URL, ...option };
}

export function createClient(options: ClientOptions): TokenkitClient {
  if (typeof options?.token !== "string" || options.token.trim() === "") {
    throw new InvalidArgumentError("token", "option \"token\" is required: pass the API token as a non-empty string");
  }
  const { token, orgId, timeout = 60_000, fetch: baseFetch = globalThis.fetch } = options;
  if (!Number.isFinite(timeout) || timeout < 0) {
    throw new InvalidArgumentError("timeout", "option \"timeout\" must be a number of milliseconds >= 0");
  }
  const bases = baseUrls(options.baseUrl);

  const inner = createFetchClient<paths>({
    headers: options.headers,
    pathSerializer: serializePath,
    fetch: timeout
      ? (request) => baseFetch(new Request(request, { signal: AbortSignal.any([request.signal, AbortSignal.timeout(timeout)]) }))
      : (request) => baseFetch(request),
  });

  // Credentials are added last, on the outgoing Request only: the token is held in this closure,
  // never on an object a caller could print.
  const auth: Middleware = {
    onRequest({ request, schemaPath }) {
      request.headers.set("Authorization", `Bearer ${token}`);
      const op = byRoute.get(`${request.method} ${schemaPath}`);
      if (op?.orgHeader && orgId && !request.headers.has("x-bv-org-id")) request.headers.set("x-bv-org-id", orgId);
      return request;
    },
  };
  inner.use(auth);

  type Init = { params?: { path?: Record<string, unknown> }; baseUrl?: string } & Record<string, unknown>;
  // async, so that a refused argument is a rejected promise like every other failure.
  const call = async (method: string, path: string, init: Init = {}) => {
    const op = byRoute.get(`${method} ${path}`);
    // Checked here as well as in the serializer: openapi-fetch skips serialization when `params.path` is absent.
    for (const name of op?.pathParams ?? []) checkPathParam(name, init.params?.path?.[name]);
    const baseUrl = init.baseUrl ?? (op ? bases[op.api] : bases.blendvision);
    if (!baseUrl) {
      throw new InvalidArgumentError(`baseUrl.${op?.api}`, `option "baseUrl.${op?.api}" is required to call ${method} ${path}`);
    }
    return inner.request(method.toLowerCase() as never, path as never, { ...init, baseUrl } as never);
  };

  const method = (name: string) => (path: string, init?: Init) => call(name, path, init);
  return {
    request: (m: string, path: string, init?: Init) => call(m.toUpperCase(), path, init),
    GET: method("GET"),
    PUT: method("PUT"),
    POST: method("POST"),
    DELETE: method("DELETE"),
    OPTIONS: method("OPTIONS"),
    HEAD: method("HEAD"),
    PATCH: method("PATCH"),
    TRACE: method("TRACE"),
    use: (...m: Middleware[]) => inner.use(...m),
    eject: (...m: Middleware[]) => inner.eject(...m),
  } as unknown as TokenkitClient;
}
