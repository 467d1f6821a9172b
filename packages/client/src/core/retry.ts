// When to try a request again, and how long to wait first.
//
// The rule for writes: a request that may have reached the server is never sent twice unless the
// method is idempotent. POST and PATCH (token and group creation, revocation) are retried only
// when the failure proves the server did not process them: the connection was refused (nothing
// was sent), or the server answered 429 / 503 *with* Retry-After (it declined the request and said
// when to come back). GET, HEAD, OPTIONS, PUT and DELETE are also retried after timeouts, resets,
// 408, 429 and 5xx.

export interface RetryPolicy {
  /** Retries after the first attempt; 0 disables retrying. */
  maxRetries: number;
  /** Longest wait a Retry-After header may ask for, in ms; a longer one is not waited for. */
  maxRetryAfter: number;
}

const IDEMPOTENT = /^(GET|HEAD|OPTIONS|PUT|DELETE)$/;
/** Socket errors raised before a single byte of the request could be sent. */
const NOT_SENT = /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH)$/;

// RFC 9110 HTTP-date, in the shape its three forms share (IMF-fixdate, the obsolete RFC 850
// form, asctime): a day name first, GMT or the year last. Date.parse checks the rest.
const HTTP_DATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,? [\w :-]+( GMT|\d{4})$/;

/**
 * Parses Retry-After into milliseconds: delay-seconds (digits only) or an HTTP-date. Anything
 * else (`1.5`, `-1`, `soon`) is no Retry-After at all. A huge value stays huge (never wraps to
 * 0): the caller compares it with `maxRetryAfter`.
 */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!HTTP_DATE.test(text)) return undefined;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Exponential backoff with jitter: about 0.5 s, 1 s, 2 s … capped at 8 s, each minus up to 25 %. */
const backoff = (retry: number) => Math.min(500 * 2 ** retry, 8000) * (1 - Math.random() * 0.25);

/** True when the error proves the request never left this process (undici puts the code on `cause`). */
export function wasNotSent(error: unknown): boolean {
  const e = error as { code?: unknown; cause?: { code?: unknown } } | undefined;
  return NOT_SENT.test(String(e?.cause?.code ?? e?.code));
}

/**
 * How long to wait before the next attempt, or undefined for "do not retry". `status` is the
 * response status, or undefined when no response arrived; `notSent` says the request provably
 * never left; `retry` counts the retries already made.
 */
export function retryDelay(
  method: string,
  failure: { status?: number; retryAfter?: number; notSent?: boolean },
  retry: number,
  policy: RetryPolicy,
): number | undefined {
  const { status, retryAfter, notSent } = failure;
  if (retry >= policy.maxRetries || (retryAfter ?? 0) > policy.maxRetryAfter) return undefined;
  if (status !== undefined && status !== 408 && status !== 429 && status < 500) return undefined;
  const declined = (status === 429 || status === 503) && retryAfter !== undefined;
  if (!IDEMPOTENT.test(method) && !notSent && !declined) return undefined;
  return retryAfter ?? backoff(retry);
}
