// When to try a request again, and how long to wait first.
//
// The rule for writes: a request that may have reached the server is never sent twice unless the
// method is idempotent. POST and PATCH (token and group creation, revocation) are retried only
// when the failure proves the server did not process them: the connection was refused (nothing
// was sent), or the server answered 429 / 503 *with* Retry-After (it declined the request and said
// when to come back). GET, HEAD, OPTIONS, PUT and DELETE are also retried after timeouts, resets,
// 408, 429 and 5xx.

const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);
const RETRYABLE_STATUS = (status: number) => status === 408 || status === 429 || status >= 500;

/** Connection errors raised before a single byte of the request could be sent. */
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

export interface RetryPolicy {
  /** Retries after the first attempt; 0 disables retrying. */
  maxRetries: number;
  /** Longest wait a Retry-After header may ask for, in ms; a longer one is not waited for. */
  maxRetryAfter: number;
}

export const DEFAULT_MAX_RETRIES = 2;
export const DEFAULT_MAX_RETRY_AFTER = 60_000;
const INITIAL_DELAY = 500;
const MAX_DELAY = 8_000;

/** Parses Retry-After (delay-seconds or an HTTP date) into milliseconds, or undefined. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Exponential backoff with jitter: about 0.5 s, 1 s, 2 s … capped at 8 s, each minus up to 25 %. */
export function backoff(retry: number, random = Math.random): number {
  const base = Math.min(INITIAL_DELAY * 2 ** retry, MAX_DELAY);
  return base * (1 - random() * 0.25);
}

function errorCode(error: unknown): string | undefined {
  // undici wraps the socket error: TypeError("fetch failed", { cause: { code: "ECONNREFUSED" } })
  for (let e: any = error, depth = 0; e && depth < 4; e = e.cause, depth++) {
    if (typeof e.code === "string") return e.code;
  }
  return undefined;
}

/** True when the error proves the request never left this process. */
export function wasNotSent(error: unknown): boolean {
  const code = errorCode(error);
  return code !== undefined && NOT_SENT_CODES.has(code);
}

export type Outcome = { kind: "response"; status: number; retryAfter: number | undefined } | { kind: "error"; notSent: boolean };

/**
 * Decides whether a failed attempt is retried and after how many ms; undefined means "do not
 * retry". `retry` counts the retries already made.
 */
export function retryDelay(method: string, outcome: Outcome, retry: number, policy: RetryPolicy): number | undefined {
  if (retry >= policy.maxRetries) return undefined;
  const idempotent = IDEMPOTENT.has(method);

  if (outcome.kind === "error") {
    return idempotent || outcome.notSent ? backoff(retry) : undefined;
  }
  const { status, retryAfter } = outcome;
  if (!RETRYABLE_STATUS(status)) return undefined;
  if (retryAfter !== undefined && retryAfter > policy.maxRetryAfter) return undefined;
  if (!idempotent) {
    const declined = (status === 429 || status === 503) && retryAfter !== undefined;
    if (!declined) return undefined;
  }
  return retryAfter ?? backoff(retry);
}
