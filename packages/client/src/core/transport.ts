// Runs one call as a series of attempts, each with its own time limit, all under the caller's
// AbortSignal, retried by the policy in retry.ts. An attempt is a whole openapi-fetch request,
// body read included, so a connection that breaks mid-body is a connection error (and can be
// retried) and every retry re-serializes the body instead of keeping a copy of the stream.
import { APIConnectionError, APITimeoutError, APIUserAbortError, TokenkitError } from "../errors.js";
import { parseRetryAfter, retryDelay, wasNotSent, type RetryPolicy } from "./retry.js";

export interface Policy extends RetryPolicy {
  /** Time limit per attempt in ms; 0 disables it. */
  timeout: number;
}

export interface Attempts extends Policy {
  method: string;
  /** The caller's signal, if any. */
  signal: AbortSignal | undefined;
  /** `METHOD url` of the request, for error messages (built only when one is needed). */
  request(): string;
}

/** What one attempt resolves to: at least the response it got. */
export interface AttemptResult {
  response: Response;
}

/**
 * How far an attempt got: building the request, waiting for `fetch`, or reading the response.
 * Only a failure of `fetch` itself, or of reading the body, is a failed connection; anything
 * else (openapi-fetch refusing the request, a middleware's error) is not retried.
 */
export interface Progress {
  stage: "building" | "fetching" | "reading";
}

/** One attempt. `signal` is the attempt's own: its time limit joined with the caller's signal. */
export type Attempt<T extends AttemptResult> = (signal: AbortSignal | undefined, progress: Progress) => Promise<T>;

/** What reading a body throws when the connection breaks (undici: "terminated"), or an abort. */
const isReadFailure = (error: unknown) => error instanceof TypeError || (error as Error)?.name === "AbortError";

/**
 * Makes attempts until one gives a final result: a success, a status or failure the retry policy
 * does not retry, or the last retry. Failures become the matching TokenkitError.
 */
export async function attempts<T extends AttemptResult>(attempt: Attempt<T>, call: Attempts): Promise<T> {
  const { method, signal, timeout } = call;
  const aborted = () => new APIUserAbortError(call.request(), { cause: signal?.reason });

  for (let retry = 0; ; retry++) {
    if (signal?.aborted) throw aborted();
    // One controller and one timer per attempt, as the platform intends. The caller's signal is
    // joined with AbortSignal.any rather than a listener of ours, so any number of calls can
    // share one signal without piling listeners on it.
    const controller = timeout ? new AbortController() : undefined;
    const timer = controller && setTimeout(() => controller.abort(), timeout);
    const attemptSignal = signal ? AbortSignal.any(controller ? [signal, controller.signal] : [signal]) : controller?.signal;
    const progress: Progress = { stage: "building" };
    let delay: number | undefined;
    try {
      const result = await attempt(attemptSignal, progress);
      const { response } = result;
      if (!response.ok) {
        const retryAfter = parseRetryAfter(response.headers.get("retry-after"));
        delay = retryDelay(method, { status: response.status, retryAfter }, retry, call);
      }
      if (delay === undefined) return result;
    } catch (caught) {
      if (signal?.aborted) throw aborted();
      if (caught instanceof TokenkitError) throw caught;
      const error = caught as Error;
      const timedOut = controller?.signal.aborted === true;
      if (!timedOut && (progress.stage === "building" || (progress.stage === "reading" && !isReadFailure(caught)))) {
        throw new TokenkitError(`request failed: ${error?.message ?? error} [${call.request()}]`, { cause: caught });
      }
      // Timed out while still building (waiting on the token provider): nothing was sent.
      const notSent = timedOut ? progress.stage === "building" : wasNotSent(error);
      delay = retryDelay(method, { notSent }, retry, call);
      if (delay === undefined) {
        if (timedOut) throw new APITimeoutError(call.request(), `${notSent ? "no token from the provider" : "no complete response"} within ${timeout} ms`);
        throw new APIConnectionError(call.request(), `connection failed: ${(error?.cause as Error)?.message ?? error?.message ?? error}`, { cause: caught });
      }
    } finally {
      clearTimeout(timer);
    }
    await sleep(delay, signal, aborted);
  }
}

/** Waits `ms`, or rejects as soon as `signal` aborts. Leaves no timer or listener behind. */
function sleep(ms: number, signal: AbortSignal | undefined, aborted: () => Error): Promise<void> {
  return new Promise((resolve, reject) => {
    // A signal of its own to listen on, so waits sharing the caller's signal add no listeners to it.
    const own = signal && AbortSignal.any([signal]);
    const done = () => {
      clearTimeout(timer);
      own?.removeEventListener("abort", done);
      if (own?.aborted) reject(aborted());
      else resolve();
    };
    const timer = setTimeout(done, ms);
    own?.addEventListener("abort", done);
  });
}
