export { createClient, BLENDVISION_BASE_URL } from "./client.js";
export type { ClientOptions, TokenContext, TokenProvider, TokenkitClient } from "./client.js";
export type { ApiFamily, CallOptions, PageOptions, PathStyleClient, Result } from "./types.js";
export type { NamedOperation, NamedOperations, OperationArgs, OperationData, PagedOperation, PageItem } from "./named-operations.js";
export type { ClientPaths } from "./generated/paths.js";
export {
  TokenkitError,
  InvalidArgumentError,
  APIError,
  BadRequestError,
  AuthenticationError,
  PermissionDeniedError,
  NotFoundError,
  ConflictError,
  UnprocessableEntityError,
  RateLimitError,
  InternalServerError,
  MalformedResponseError,
  APIConnectionError,
  APITimeoutError,
  APIUserAbortError,
} from "./errors.js";
export { VERSION } from "./generated/version.js";
export type * from "@tokenkit/types";
