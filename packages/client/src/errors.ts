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
  /** Hides the secrets the request carried wherever the body's text is shown (see `masker`). */
  mask?: Mask | undefined;
}

/** Replaces every secret in a text. */
export type Mask = (text: string) => string;

/** What a secret is replaced with in error text. */
export const MASKED = "***";
/** Shorter values are left alone: no API issues such a token, and hiding one letter would blank every word that has it. */
const MIN_SECRET = 4;

/**
 * The secrets a request carried: the token (also percent-encoded, as a path shows it), and the
 * credentials of the headers it was sent with: Authorization and Proxy-Authorization without
 * their scheme (a Base64 one decoded too: Basic's password), and every Cookie value.
 */
export function secretsOf(token: string, sent?: Headers): string[] {
  const found = [token, encodeURIComponent(token)];
  for (const value of [sent?.get("authorization"), sent?.get("proxy-authorization"), ...(sent?.get("cookie")?.split(";") ?? [])]) {
    // `Bearer <credential>`, or a cookie's `name=<credential>`.
    const credential = value?.replace(/^\s*([^=\s]+=|\S+\s+)/, "");
    if (!credential) continue;
    found.push(value!, credential);
    try {
      const decoded = atob(credential);
      found.push(decoded.slice(decoded.indexOf(":") + 1));
    } catch {
      // not Base64
    }
  }
  return found;
}

/**
 * A Mask for the secrets that occur in `text` (see `secretsOf`), or undefined when none does:
 * most error bodies need no masking and keep their parsed body as is. A secret is found also as
 * JSON escapes it (`"` and `\`), and with `/` escaped as `\/`, as some servers write JSON.
 */
export function masker(text: string, secrets: readonly string[]): Mask | undefined {
  const forms = new Set<string>();
  for (const s of secrets) {
    if (s.length < MIN_SECRET) continue;
    const escaped = JSON.stringify(s).slice(1, -1);
    for (const form of [s, escaped, escaped.replaceAll("/", "\\/")]) if (text.includes(form)) forms.add(s).add(form);
  }
  // Each form once, longest first, so `Bearer <token>` is hidden whole before the token inside it.
  const found = [...forms].sort((a, b) => b.length - a.length);
  return found.length ? (value) => found.reduce((masked, secret) => masked.replaceAll(secret, MASKED), value) : undefined;
}

/** A copy of a parsed JSON value with every string masked. */
function maskValues(value: unknown, mask: Mask): unknown {
  if (typeof value === "string") return mask(value);
  if (Array.isArray(value)) return value.map((item) => maskValues(item, mask));
  if (typeof value !== "object" || value === null) return value;
  const copy: Record<string, unknown> = {};
  for (const key in value) copy[mask(key)] = maskValues((value as Record<string, unknown>)[key], mask);
  return copy;
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

/** The longest text of a body that goes into an error message. */
const MESSAGE_FROM_BODY = 200;

/**
 * The server answered with a non-2xx status (or a 2xx whose body is not the JSON it promised).
 * `body` is the parsed error body, typed from the spec: google.rpc.Status for BlendVision One,
 * RuntimeError for StackRox. When the body is not JSON (an HTML page from a proxy, a truncated
 * or empty body) `body` is undefined and `rawBody` holds the text.
 *
 * A server may echo the request's credentials in its answer: the token and the credentials
 * sent (see `secretsOf`), also JSON-escaped, are masked in `message` (and so in `stack` and
 * `toString`), in `body` and in `headers`, and
 * `rawBody`, which keeps the bytes as received, is a getter that neither `JSON.stringify` nor
 * `inspect` shows.
 */
export class APIError<Body = unknown> extends TokenkitError {
  override name = "APIError";
  /** HTTP status code. */
  declare readonly status: number;
  /** Parsed JSON body, or undefined when the body was empty or not JSON. */
  declare readonly body: Body | undefined;
  /** gRPC status code from the body (`code`), when present. */
  declare readonly code: number | undefined;
  /** Response headers. */
  declare readonly headers: Headers;
  /** Request id sent by the server in one of REQUEST_ID_HEADERS, when present. */
  declare readonly requestId: string | undefined;
  /** `METHOD url` of the request as sent (the path filled in, without the query, the token masked in it), for logs. */
  declare readonly request: string;
  readonly #rawBody: string;

  constructor(init: APIErrorInit<Body>, detail?: string) {
    const { rawBody, mask, body, ...fields } = init;
    const { code, message, error } = (body ?? {}) as { code?: unknown; message?: unknown; error?: unknown };
    // A header may echo the credentials too (a `www-authenticate` quoting the token): masked like the body.
    const headers = mask ? new Headers([...init.headers].map(([name, value]) => [name, mask(value)])) : init.headers;
    const requestId = requestIdOf(headers);
    const text = detail ?? String(message || error || rawBody || "(empty body)");
    const shown = mask ? mask(text) : text;
    // Text from the body is bounded (after masking, so no secret is cut in two), whichever field it came from.
    super(`${init.status} ${detail === undefined ? shown.slice(0, MESSAGE_FROM_BODY) : shown} [${init.request}${requestId ? ` ${requestId}` : ""}]`);
    this.#rawBody = rawBody;
    Object.assign(this, fields, { headers, body: mask ? maskValues(body, mask) : body, code: typeof code === "number" ? code : undefined, requestId });
  }

  /** The body as received, byte for byte (it may hold what the error's text masks). */
  get rawBody(): string {
    return this.#rawBody;
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

/**
 * A 2xx response whose body is not the JSON it should be: empty, cut short, or not JSON at all;
 * or a response of any status whose body is not in the `content-encoding` it names.
 */
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
