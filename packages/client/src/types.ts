// Public types of the client. The path-style methods keep openapi-fetch's call signature; their
// result carries an APIError (with the spec's error body type) instead of the bare body.
import type { paths } from "@tokenkit/types";
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

/**
 * The organization header, which the spec requires, is optional in a call: the client fills it
 * from `orgId` (and refuses the call before sending it when neither is given).
 */
type OrgHeaderOptional<Op> = Op extends { parameters: { header: infer H extends { "x-bv-org-id": unknown } } }
  ? Omit<Op, "parameters"> & {
      parameters: Omit<Op["parameters"], "header"> &
        (RequiredKeysOf<Omit<H, "x-bv-org-id">> extends never ? { header?: OrgOptional<H> } : { header: OrgOptional<H> });
    }
  : Op;
type OrgOptional<H extends { "x-bv-org-id": unknown }> = Omit<H, "x-bv-org-id"> & { "x-bv-org-id"?: H["x-bv-org-id"] };

// `Paths` is a type parameter rather than the concrete `paths`, as in openapi-fetch: tsc then
// evaluates the constraints below for the one path a call names, not for every path of the spec
// (the organization header is made optional for that one operation too).
type PathMethod<Paths extends Record<string, any>, M extends HttpMethod> = <
  Path extends PathsWithMethod<Paths, M>,
  Init extends MaybeOptionalInit<Record<M, OrgHeaderOptional<Paths[Path][M]>>, M>,
>(
  path: Path,
  ...init: InitParam<Init>
) => Promise<Result<Paths[Path][M], Init>>;

/** openapi-fetch's path-style methods on the spec's `paths`. */
export interface PathStyleClient<Paths extends Record<string, any> = paths> {
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
