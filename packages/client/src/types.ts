// Public types of the client. The path-style methods keep openapi-fetch's call signature; their
// result carries an APIError (with the spec's error body type) instead of the bare body.
import type { FetchOptions, Middleware, ParseAsResponse } from "openapi-fetch";
import type {
  ErrorResponse,
  FilterKeys,
  HttpMethod,
  MediaType,
  PathsWithMethod,
  RequiredKeysOf,
  ResponseObjectMap,
  SuccessResponse,
} from "openapi-typescript-helpers";
import type { APIError } from "./errors.js";
import type { ClientPaths } from "./generated/paths.js";

export type { ApiFamily } from "./generated/operations.js";

/** Options accepted by every call, on top of openapi-fetch's (`headers`, `signal`, `parseAs`, …). */
export interface CallOptions {
  /** Time limit per attempt for this call, in ms; `0` disables it. Default: the client's `timeout`. */
  timeout?: number | undefined;
  /** Retries for this call; `0` disables them. Default: the client's `maxRetries`. */
  maxRetries?: number | undefined;
  /** Aborts the call; the promise then rejects with APIUserAbortError. Default: none. */
  signal?: AbortSignal | undefined;
  /** Extra headers for this call; a name also set by the client is replaced. Default: none. */
  headers?: Record<string, string> | undefined;
}

/** Options of a paged operation's `.all`: those of each page's call, the page size and a stop. */
export interface PageOptions extends CallOptions {
  /** Items to ask for per page, from 1 up to the most the spec allows. Default: `100`, or that most when lower, or `limit` when lower. */
  pageSize?: number | undefined;
  /** Stop after this many items; no page after the one that holds the last of them is fetched. Default: every item. */
  limit?: number | undefined;
}

/** `{ data, response }` on success, `{ error, response }` on an HTTP error status. */
export type Result<Operation, Init> =
  | { data: ParseAsResponse<SuccessResponse<Responses<Operation>, MediaType>, Init>; error?: never; response: Response }
  | { data?: never; error: APIError<ErrorResponse<Responses<Operation>, MediaType>>; response: Response };

type Responses<Operation> = ResponseObjectMap<Operation> extends infer R extends Record<string | number, any> ? R : never;

type MaybeOptionalInit<PathItem, Method extends keyof PathItem> =
  RequiredKeysOf<FetchOptions<FilterKeys<PathItem, Method>>> extends never
    ? FetchOptions<FilterKeys<PathItem, Method>> | undefined
    : FetchOptions<FilterKeys<PathItem, Method>>;

// The init argument is optional exactly when nothing in it is required.
type InitParam<Init> = RequiredKeysOf<Init> extends never ? [(Init & CallOptions)?] : [Init & CallOptions];

// As in openapi-fetch, with `Paths` a type parameter: a call costs the type checker what it costs
// with bare openapi-fetch, whatever the size of the spec. The organization header is made optional
// in the generated `ClientPaths`, not here, for the same reason.
type PathMethod<Paths extends Record<string, any>, M extends HttpMethod> = <
  Path extends PathsWithMethod<Paths, M>,
  Init extends MaybeOptionalInit<Paths[Path], M>,
>(
  path: Path,
  ...init: InitParam<Init>
) => Promise<Result<Paths[Path][M], Init>>;

/**
 * openapi-fetch's path-style methods on the spec's paths (`ClientPaths`: the spec's `paths` with
 * the organization header optional).
 */
export interface PathStyleClient<Paths extends Record<string, any> = ClientPaths> {
  GET: PathMethod<Paths, "get">;
  PUT: PathMethod<Paths, "put">;
  POST: PathMethod<Paths, "post">;
  DELETE: PathMethod<Paths, "delete">;
  OPTIONS: PathMethod<Paths, "options">;
  HEAD: PathMethod<Paths, "head">;
  PATCH: PathMethod<Paths, "patch">;
  TRACE: PathMethod<Paths, "trace">;
  /** Adds openapi-fetch middleware (runs after the client's own headers are set). */
  use(...middleware: Middleware[]): void;
  /** Removes middleware added with `use`. */
  eject(...middleware: Middleware[]): void;
}
