// Runs one call as a series of attempts: each with its own time limit, all under the caller's
// AbortSignal, retried by the policy in retry.ts. An attempt is a whole openapi-fetch request,
// body read included, so a connection that breaks mid-body is a connection error (and can be
// retried) and every retry re-serializes the body instead of keeping a copy of the stream.
import { APIConnectionError, APITimeoutError, APIUserAbortError } from "../errors.js";
import { parseRetryAfter, retryDelay, wasNotSent, type RetryPolicy } from "./retry.js";

export type Fetch = (input: Request, init?: RequestInit) => Promise<Response>;

export interface Policy extends RetryPolicy {
  /** Time limit per attempt in ms; 0 disables it. */
  timeout: number;
}

export interface CallInfo {
  method: string;
  /** The caller's signal, if any. */
  signal?: AbortSignal | undefined;
  /** `METHOD url`, for error messages. */
  request: string;
  /** True when an attempt has read the whole body once `run` resolves (not a stream). */
  bodyRead: boolean;
}

/** Runs a call: `run` makes one attempt with the `fetch` it is given (which carries the attempt's signal). */
export type Send = <T extends { response: Response }>(run: (fetch: Fetch) => Promise<T>, info: CallInfo, policy: Policy) => Promise<T>;

// An attempt with a time limit needs an AbortController, and one costs about as much to create
// on Node 20 as the rest of a call. So an attempt that ends without aborting hands its slot (the
// controller and a `fetch` bound to its signal) on to the next one: only after the body has been
// read (nothing can still hang on the signal), and for at most MAX_USES attempts, because undici
// leaves one listener per request on the signal until garbage collection and walks them all on
// every new request (unbounded reuse slows real requests down; 100 does not, see BENCHMARKS.md).
const MAX_USES = 100;
/** Idle slots a client keeps at most. */
const MAX_IDLE = 64;
interface Slot {
  controller: AbortController;
  fetch: Fetch;
  uses: number;
  /** performance.now() after which the attempt is aborted. */
  deadline: number;
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

// fetch reports network failures as a TypeError ("fetch failed" with a cause in Node, "Failed to
// fetch" / "Load failed" / "NetworkError …" in browsers; "terminated" when a body read breaks).
// Other TypeErrors (an invalid header value, a bad URL) are the caller's and are not retried.
const NETWORK_ERROR = /fetch|network|terminated|load failed|socket|closed/i;

/** The transport of one client, sending through `baseFetch`. */
export function createTransport(baseFetch: Fetch): Send {
  const idle: Slot[] = [];

  function takeSlot(timeout: number): Slot {
    let slot = idle.pop();
    if (!slot) {
      const controller = new AbortController();
      const init = { signal: controller.signal };
      slot = { controller, fetch: (input) => baseFetch(input, init), uses: 0, deadline: 0 };
    }
    slot.deadline = performance.now() + timeout;
    watched.add(slot);
    ticker ??= setInterval(sweep, TICK);
    return slot;
  }

  return async function send(run, { method, signal, request, bodyRead }, policy) {
    const { timeout } = policy;
    const aborted = () => new APIUserAbortError(request, { cause: signal?.reason });
    const signalled: Fetch | undefined = signal && ((input) => baseFetch(input, { signal }));

    for (let retry = 0; ; retry++) {
      if (signal?.aborted) throw aborted();
      // A slot per attempt, aborted at its deadline or by the caller; both are removed after.
      const slot = timeout ? takeSlot(timeout) : undefined;
      const onAbort = signal && slot && (() => slot.controller.abort());
      if (onAbort) signal!.addEventListener("abort", onAbort);
      let delay: number | undefined;
      try {
        const result = await run(slot?.fetch ?? signalled ?? baseFetch);
        const { response } = result;
        if (!response.ok) {
          const retryAfter = parseRetryAfter(response.headers.get("retry-after"));
          delay = retryDelay(method, { status: response.status, retryAfter }, retry, policy);
        }
        if (slot && bodyRead && !slot.controller.signal.aborted && ++slot.uses < MAX_USES && idle.length < MAX_IDLE) idle.push(slot);
        if (delay === undefined) return result;
      } catch (caught) {
        const error = caught as Error;
        if (signal?.aborted) throw aborted();
        const timedOut = slot?.controller.signal.aborted;
        const network = error instanceof Error && (error.name === "AbortError" || (error instanceof TypeError && NETWORK_ERROR.test(`${error.message} ${error.cause}`)));
        // Errors of our own making (a refused argument, a bad header value) are final.
        if (!timedOut && !network) throw error;
        delay = retryDelay(method, { notSent: !timedOut && wasNotSent(error) }, retry, policy);
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
  };
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
