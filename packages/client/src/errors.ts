// Every error the client produces is a TokenkitError, so one `instanceof` catches them all.
// None of them holds the request's headers: the API token can never leak through an error.

/** Base class of every error this package throws or returns. */
export class TokenkitError extends Error {
  override name = "TokenkitError";
}

/**
 * A call was refused before anything was sent: a path parameter is missing or unsafe, or an
 * option is absent or malformed. `field` names the offending argument.
 */
export class InvalidArgumentError extends TokenkitError {
  override name = "InvalidArgumentError";
  constructor(
    readonly field: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface APIErrorInit<Body> {
  status: number;
  headers: Headers;
  /** The body as received (empty string when there was none). */
  rawBody: string;
  /** The parsed JSON body, when it was JSON. */
  body?: Body;
  /** `METHOD url` of the request. */
  request: string;
}

/** Response headers a request id is read from, first match wins. */
export const REQUEST_ID_HEADERS = ["x-request-id", "request-id", "x-correlation-id"] as const;

function requestIdOf(headers: Headers): string | undefined {
  for (const name of REQUEST_ID_HEADERS) {
    const value = headers.get(name);
    if (value) return value;
  }
  return undefined;
}

/**
 * The server answered with a non-2xx status (or a 2xx whose body is not the JSON it promised).
 * `body` is the parsed error body, typed from the spec: google.rpc.Status for BlendVision One,
 * RuntimeError for StackRox. When the body is not JSON (an HTML page from a proxy, a truncated
 * or empty body) `body` is undefined and `rawBody` holds the text.
 */
export class APIError<Body = unknown> extends TokenkitError {
  override name = "APIError";
  /** HTTP status code. */
  declare readonly status: number;
  /** Parsed JSON body, or undefined when the body was empty or not JSON. */
  declare readonly body: Body | undefined;
  /** The body as received. */
  declare readonly rawBody: string;
  /** gRPC status code from the body (`code`), when present. */
  declare readonly code: number | undefined;
  /** Response headers. */
  declare readonly headers: Headers;
  /** Request id sent by the server in one of REQUEST_ID_HEADERS, when present. */
  declare readonly requestId: string | undefined;
  /** `METHOD url` of the request as sent (the path filled in, without the query), for logs. */
  declare readonly request: string;

  constructor(init: APIErrorInit<Body>, detail?: string) {
    const fields = (init.body ?? {}) as { code?: unknown; message?: unknown; error?: unknown };
    const requestId = requestIdOf(init.headers);
    detail ??= String(fields.message || fields.error || init.rawBody.slice(0, 200) || "(empty body)");
    super(`${init.status} ${detail} [${init.request}${requestId ? ` ${requestId}` : ""}]`);
    Object.assign(this, init, { code: typeof fields.code === "number" ? fields.code : undefined, requestId });
  }
}

/** Builds the APIError subclass that matches the status, so `instanceof NotFoundError` works. */
export function apiError<Body>(init: APIErrorInit<Body>): APIError<Body> {
  const Class = STATUS_CLASSES[init.status] ?? (init.status >= 500 ? InternalServerError : APIError);
  return new Class<Body>(init);
}

export class BadRequestError<Body = unknown> extends APIError<Body> {
  override name = "BadRequestError";
}
export class AuthenticationError<Body = unknown> extends APIError<Body> {
  override name = "AuthenticationError";
}
export class PermissionDeniedError<Body = unknown> extends APIError<Body> {
  override name = "PermissionDeniedError";
}
export class NotFoundError<Body = unknown> extends APIError<Body> {
  override name = "NotFoundError";
}
export class ConflictError<Body = unknown> extends APIError<Body> {
  override name = "ConflictError";
}
export class UnprocessableEntityError<Body = unknown> extends APIError<Body> {
  override name = "UnprocessableEntityError";
}
export class RateLimitError<Body = unknown> extends APIError<Body> {
  override name = "RateLimitError";
}
/** Any 5xx status. */
export class InternalServerError<Body = unknown> extends APIError<Body> {
  override name = "InternalServerError";
}

/** A 2xx response whose body is not the JSON it should be: empty, cut short, or not JSON at all. */
export class MalformedResponseError extends APIError<undefined> {
  override name = "MalformedResponseError";
}

const STATUS_CLASSES: Record<number, typeof APIError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: UnprocessableEntityError,
  429: RateLimitError,
};

/** No usable response arrived: the connection was refused, reset or closed mid-response. */
export class APIConnectionError extends TokenkitError {
  override name = "APIConnectionError";
  constructor(
    /** `METHOD url` of the request. */
    readonly request: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${message} [${request}]`, options);
  }
}

/** The time limit (`timeout`) ran out before the response was complete. */
export class APITimeoutError extends APIConnectionError {
  override name = "APITimeoutError";
}

/** The caller's AbortSignal aborted the request. Never retried. */
export class APIUserAbortError extends TokenkitError {
  override name = "APIUserAbortError";
  constructor(
    /** `METHOD url` of the request. */
    readonly request: string,
    options?: { cause?: unknown },
  ) {
    super(`aborted by the caller [${request}]`, options);
  }
}
