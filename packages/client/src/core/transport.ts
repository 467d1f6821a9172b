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
  signal?: AbortSignal | undefined;
  /** `METHOD url`, for error messages. */
  request: string;
  /** True when an attempt has read the whole body once `run` resolves (not a stream). */
  bodyRead: boolean;
}

// An AbortController costs about as much to create on Node 20 as the rest of a call, so an
// attempt that ends without aborting hands its controller on to the next one: only after the
// body has been read (nothing can still hang on the signal), and for at most 10 attempts,
// because undici leaves one listener per request on the signal until garbage collection and
// walks them all on every new request.
interface Slot {
  controller: AbortController;
  uses: number;
  /** performance.now() after which the attempt is aborted. */
  deadline: number;
}
const idle: Slot[] = [];

function takeSlot(): Slot {
  return idle.pop() ?? { controller: new AbortController(), uses: 0, deadline: 0 };
}

function giveBack(slot: Slot): void {
  if (!slot.controller.signal.aborted && ++slot.uses < 10 && idle.length < 64) idle.push(slot);
}

// Time limits share one ticker instead of a timer per attempt (a timer per call costs more than
// the rest of the client's own work on it): attempts register a deadline, the ticker aborts the
// late ones and stops as soon as nothing is in flight. Limits fire at most TICK ms late.
const TICK = 10;
const watched = new Set<Slot>();
let ticker: ReturnType<typeof setInterval> | undefined;

function sweep(): void {
  if (!watched.size) {
    clearInterval(ticker);
    ticker = undefined;
    return;
  }
  const now = performance.now();
  for (const slot of watched) {
    if (slot.deadline > now) continue;
    watched.delete(slot);
    slot.controller.abort();
  }
}

function watch(slot: Slot, timeout: number): void {
  slot.deadline = performance.now() + timeout;
  watched.add(slot);
  ticker ??= setInterval(sweep, TICK);
}

// fetch reports network failures as a TypeError ("fetch failed" with a cause in Node, "Failed to
// fetch" / "Load failed" / "NetworkError …" in browsers; "terminated" when a body read breaks).
// Other TypeErrors (an invalid header value, a bad URL) are the caller's and are not retried.
const NETWORK_ERROR = /fetch|network|terminated|load failed|socket|closed/i;

/** Calls `run` until it yields a response that is not retried; failures become typed errors. */
export async function withRetries<T extends { response: Response }>(
  method: string,
  run: (signal: AbortSignal | undefined) => Promise<T>,
  options: AttemptOptions,
): Promise<T> {
  const { signal, timeout, request } = options;
  const aborted = () => new APIUserAbortError(request, { cause: signal?.reason });

  for (let retry = 0; ; retry++) {
    if (signal?.aborted) throw aborted();
    // One controller per attempt, aborted at its deadline or by the caller; both are removed after.
    const slot = timeout ? takeSlot() : undefined;
    const controller = slot?.controller;
    if (slot) watch(slot, timeout);
    const onAbort = signal && controller && (() => controller.abort());
    if (onAbort) signal!.addEventListener("abort", onAbort);
    let delay: number | undefined;
    try {
      const result = await run(controller?.signal ?? signal);
      const { status, ok, headers } = result.response;
      delay = ok ? undefined : retryDelay(method, { status, retryAfter: parseRetryAfter(headers.get("retry-after")) }, retry, options);
      if (slot && options.bodyRead) giveBack(slot);
      if (delay === undefined) return result;
    } catch (caught) {
      const error = caught as Error;
      if (signal?.aborted) throw aborted();
      const timedOut = controller?.signal.aborted;
      const network = error instanceof Error && (error.name === "AbortError" || (error instanceof TypeError && NETWORK_ERROR.test(`${error.message} ${error.cause}`)));
      // Errors of our own making (a refused argument, a bad header value) are final.
      if (!timedOut && !network) throw error;
      delay = retryDelay(method, { notSent: !timedOut && wasNotSent(error) }, retry, options);
      if (delay === undefined) {
        if (timedOut) throw new APITimeoutError(request, `no complete response within ${timeout} ms`);
        throw new APIConnectionError(request, `connection failed: ${(error.cause as Error)?.message ?? error.message}`, { cause: error });
      }
    } finally {
      if (slot) watched.delete(slot);
      if (onAbort) signal!.removeEventListener("abort", onAbort);
    }
    await sleep(delay, signal, aborted);
  }
}

/** Waits `ms`, or rejects as soon as `signal` aborts. Leaves no timer or listener behind. */
function sleep(ms: number, signal: AbortSignal | undefined, aborted: () => Error): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      if (signal?.aborted) reject(aborted());
      else resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done);
  });
}
