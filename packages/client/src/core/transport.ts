// Runs one call as a series of attempts: each with its own time limit, all under the caller's
// AbortSignal, retried by the policy in retry.ts. An attempt is a whole openapi-fetch request,
// body read included, so a connection that breaks mid-body is a connection error (and can be
// retried) and every retry re-serializes the body instead of keeping a copy of the stream.
import { APIConnectionError, APITimeoutError, APIUserAbortError } from "../errors.js";
import { parseRetryAfter, retryDelay, wasNotSent, type RetryPolicy } from "./retry.js";

export interface AttemptOptions extends RetryPolicy {
  /** Time limit per attempt in ms; 0 disables it. */
  timeout: number;
  /** The caller's signal, if any. */
  signal: AbortSignal | undefined;
  /** `METHOD url` for error messages, computed only when an error needs it. */
  label: () => string;
}

/** Waits `ms`, or rejects as soon as `signal` aborts. Leaves no timer behind either way. */
function sleep(ms: number, options: AttemptOptions): Promise<void> {
  const { signal } = options;
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(new APIUserAbortError(options.label(), { cause: signal?.reason }));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

type Attempt<T> = { result: T; error?: undefined } | { result?: undefined; error: unknown; timedOut: boolean };

async function attemptOnce<T>(run: (signal: AbortSignal | undefined) => Promise<T>, options: AttemptOptions): Promise<Attempt<T>> {
  const { timeout, signal } = options;
  if (!timeout) {
    try {
      return { result: await run(signal) };
    } catch (error) {
      return { error, timedOut: false };
    }
  }
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeout);
  const onAbort = () => controller.abort(signal?.reason);
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    return { result: await run(controller.signal) };
  } catch (error) {
    return { error, timedOut };
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
  }
}

/**
 * Calls `run` until it yields a response that is not retried, or throws the error of the last
 * attempt as a typed error.
 */
export async function withRetries<T extends { response: Response }>(
  method: string,
  run: (signal: AbortSignal | undefined) => Promise<T>,
  options: AttemptOptions,
): Promise<T> {
  const { signal } = options;
  for (let retry = 0; ; retry++) {
    if (signal?.aborted) throw new APIUserAbortError(options.label(), { cause: signal.reason });
    const attempt = await attemptOnce(run, options);

    if (attempt.error === undefined) {
      const { response } = attempt.result!;
      if (response.ok) return attempt.result!;
      const retryAfter = parseRetryAfter(response.headers.get("retry-after"));
      const delay = retryDelay(method, { kind: "response", status: response.status, retryAfter }, retry, options);
      if (delay === undefined) return attempt.result!;
      await sleep(delay, options);
      continue;
    }

    const { error, timedOut } = attempt;
    if (signal?.aborted) throw new APIUserAbortError(options.label(), { cause: signal.reason });
    // Errors of our own making (a refused argument, a malformed body) are final.
    if (!timedOut && !isNetworkError(error)) throw error;
    const delay = retryDelay(method, { kind: "error", notSent: !timedOut && wasNotSent(error) }, retry, options);
    if (delay === undefined) {
      if (timedOut) throw new APITimeoutError(options.label(), `no complete response within ${options.timeout} ms`);
      const reason = (error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message;
      throw new APIConnectionError(options.label(), `connection failed: ${reason}`, { cause: error });
    }
    await sleep(delay, options);
  }
}

// fetch reports network failures as a TypeError ("fetch failed" with a cause in Node, "Failed to
// fetch" / "Load failed" / "NetworkError …" in browsers; "terminated" when a body read breaks).
// Other TypeErrors (an invalid header value, a bad URL) are the caller's and are not retried.
const NETWORK_MESSAGE = /fetch|network|terminated|load failed|socket|other side closed/i;

function isNetworkError(error: unknown): boolean {
  if (error instanceof Error && error.name === "AbortError") return true;
  return error instanceof TypeError && (error.cause !== undefined || NETWORK_MESSAGE.test(error.message));
}
