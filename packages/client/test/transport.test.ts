// Unit tests of the attempt machinery, with a `fetch` that records what it is given (the
// fault-injection suite covers the same paths over real HTTP).
import { getEventListeners } from "node:events";
import { afterEach, describe, expect, it, vi } from "vitest";
import { APITimeoutError, APIUserAbortError, createClient } from "../src/index.js";

const ROLES = "/v1/apitokens/generate/allowed-roles";
const ok = () => new Response('{"roleNames":[]}', { headers: { "content-type": "application/json" } });

/**
 * A `fetch` that reads nothing but the Request: it answers 503 for the statuses queued in
 * `failures`, 200 after that; with `hang` it only settles once the Request's signal aborts.
 */
function recorder({ failures = 0, hang = false } = {}) {
  const requests: Request[] = [];
  const fetch = async (request: Request) => {
    requests.push(request);
    if (hang) {
      await new Promise((_, reject) => request.signal.addEventListener("abort", () => reject(request.signal.reason)));
    }
    return requests.length <= failures ? new Response("", { status: 503 }) : ok();
  };
  return { requests, fetch };
}

/**
 * Runs `call` with the retry backoff on fake timers: the waits between attempts are the retry
 * policy's (tested in faults.test.ts against a real server), not what these tests are about.
 */
async function withFakeBackoff<T>(call: () => Promise<T>): Promise<T> {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
  try {
    const result = call();
    await vi.advanceTimersByTimeAsync(10_000); // past every backoff (at most 8 s), short of the 60 s time limit
    return await result;
  } finally {
    vi.useRealTimers();
  }
}
afterEach(() => vi.useRealTimers());

describe("attempts", () => {
  it("give every attempt a signal of its own, on the Request itself, never aborted once the attempt is done", async () => {
    const { requests, fetch } = recorder({ failures: 1 });
    const client = createClient({ token: "t", baseUrl: "http://mock.test", fetch });
    await expect(withFakeBackoff(() => client.apitokens.listAllowedTokenRoles())).resolves.toEqual({ roleNames: [] });
    expect(requests).toHaveLength(2);
    expect(requests[0]!.signal).not.toBe(requests[1]!.signal);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(requests.map((r) => r.signal.aborted)).toEqual([false, false]);
  });

  it("time out through the Request's signal, so a fetch that only passes the Request on keeps its time limit", async () => {
    const { requests, fetch } = recorder({ hang: true });
    const client = createClient({ token: "t", baseUrl: "http://mock.test", fetch, timeout: 30, maxRetries: 1 });
    const error = await client.apitokens.listAllowedTokenRoles().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APITimeoutError);
    expect(requests).toHaveLength(2);
    expect(requests.every((r) => r.signal.aborted)).toBe(true);
  });

  it("abort through the Request's signal when the caller's signal aborts", async () => {
    const { requests, fetch } = recorder({ hang: true });
    const client = createClient({ token: "t", baseUrl: "http://mock.test", fetch });
    const error = await client.apitokens.listAllowedTokenRoles(undefined, { signal: AbortSignal.timeout(20) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(requests).toHaveLength(1);
    expect(requests[0]!.signal.aborted).toBe(true);
  });

  it.each([60_000, 0])("add no listener to a signal shared by many calls in flight (timeout %i)", async (timeout) => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const fetch = async () => (await gate, ok());
    const client = createClient({ token: "t", baseUrl: "http://mock.test", fetch, timeout });
    const shared = new AbortController().signal;
    const calls = Array.from({ length: 50 }, () => client.GET(ROLES, { signal: shared }));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(getEventListeners(shared, "abort")).toHaveLength(0);
    release();
    await Promise.all(calls);
  });

  it("leave a streamed body to the caller: the time limit ends with the headers", async () => {
    const { requests, fetch } = recorder();
    const client = createClient({ token: "t", baseUrl: "http://mock.test", fetch, timeout: 20 });
    const { data } = await client.GET(ROLES, { parseAs: "stream" });
    await new Promise((resolve) => setTimeout(resolve, 60)); // past the attempt's time limit
    expect(requests[0]!.signal.aborted).toBe(false);
    expect(await new Response(data as ReadableStream).json()).toEqual({ roleNames: [] });
  });

  it("ask a token provider once per attempt", async () => {
    const { requests, fetch } = recorder({ failures: 2 });
    let issued = 0;
    const client = createClient({ token: async () => `rotated-${++issued}`, baseUrl: "http://mock.test", fetch });
    await withFakeBackoff(() => client.apitokens.listAllowedTokenRoles());
    expect(requests.map((r) => r.headers.get("authorization"))).toEqual(["Bearer rotated-1", "Bearer rotated-2", "Bearer rotated-3"]);
  });
});
