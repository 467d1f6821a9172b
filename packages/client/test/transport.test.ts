// Unit tests of the transport's reuse of abort controllers, with a `fetch` that records the
// signal of every attempt (the fault-injection suite covers the same paths over real HTTP).
import { describe, expect, it } from "vitest";
import { APITimeoutError, APIUserAbortError, createClient } from "../src/index.js";

const ROLES = "/v1/apitokens/generate/allowed-roles";

/**
 * A `fetch` that answers 200 at once; for a request with `x-hang` it only fails once aborted, and
 * with `x-late` it answers after 60 ms whatever its signal says (as a fetch that ignores it would).
 */
function signalRecorder() {
  const signals: AbortSignal[] = [];
  const fetch = async (request: Request, init?: RequestInit) => {
    const signal = init?.signal ?? undefined;
    if (!signal) throw new Error("an attempt without a signal");
    signals.push(signal);
    if (request.headers.has("x-hang")) {
      await new Promise((_, reject) => signal.addEventListener("abort", () => reject(signal.reason)));
    }
    if (request.headers.has("x-late")) await new Promise((resolve) => setTimeout(resolve, 60));
    return new Response('{"responseRoles":[]}', { headers: { "content-type": "application/json" } });
  };
  return { signals, fetch };
}

describe("abort controller reuse", () => {
  it("hands one controller to at most 100 attempts in a row", async () => {
    const { signals, fetch } = signalRecorder();
    const client = createClient({ token: "t", baseUrl: "http://mock.test", fetch });
    for (let i = 0; i < 250; i++) await client.apitokens.listAllowedTokenRoles();
    const runs: number[] = [];
    signals.forEach((signal, i) => (i > 0 && signal === signals[i - 1] ? runs[runs.length - 1]!++ : runs.push(1)));
    expect(runs).toEqual([100, 100, 50]);
    expect(signals.some((signal) => signal.aborted)).toBe(false);
  });

  it("never reuses the controller of an attempt that timed out", async () => {
    const { signals, fetch } = signalRecorder();
    const client = createClient({ token: "t", baseUrl: "http://mock.test", fetch, timeout: 30, maxRetries: 0 });
    await client.apitokens.listAllowedTokenRoles();
    const error = await client.apitokens.listAllowedTokenRoles(undefined, { headers: { "x-hang": "1" } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APITimeoutError);
    expect(signals[1]).toBe(signals[0]); // the clean attempt's controller was handed on
    expect(signals[1]!.aborted).toBe(true);
    await expect(client.apitokens.listAllowedTokenRoles()).resolves.toEqual({ responseRoles: [] });
    expect(signals[2]).not.toBe(signals[1]);
    expect(signals[2]!.aborted).toBe(false);
  });

  it("never reuses a controller that was aborted while its response still came through", async () => {
    const { signals, fetch } = signalRecorder();
    const client = createClient({ token: "t", baseUrl: "http://mock.test", fetch, timeout: 20 });
    await expect(client.apitokens.listAllowedTokenRoles(undefined, { headers: { "x-late": "1" } })).resolves.toEqual({ responseRoles: [] });
    expect(signals[0]!.aborted).toBe(true);
    await client.apitokens.listAllowedTokenRoles();
    expect(signals[1]).not.toBe(signals[0]);
    expect(signals[1]!.aborted).toBe(false);
  });

  it("never reuses the controller of an attempt the caller aborted", async () => {
    const { signals, fetch } = signalRecorder();
    const client = createClient({ token: "t", baseUrl: "http://mock.test", fetch });
    const caller = new AbortController();
    setTimeout(() => caller.abort(), 20);
    const error = await client.apitokens
      .listAllowedTokenRoles(undefined, { signal: caller.signal, headers: { "x-hang": "1" } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIUserAbortError);
    await client.apitokens.listAllowedTokenRoles();
    expect(signals[0]!.aborted).toBe(true);
    expect(signals[1]).not.toBe(signals[0]);
    expect(signals[1]!.aborted).toBe(false);
  });

  it("keeps the controller of a streamed body to that body: not reused, not aborted at the deadline", async () => {
    const { signals, fetch } = signalRecorder();
    const client = createClient({ token: "t", baseUrl: "http://mock.test", fetch, timeout: 20 });
    const { data } = await client.GET(ROLES, { parseAs: "stream" });
    await client.GET(ROLES);
    expect(signals[1]).not.toBe(signals[0]);
    await new Promise((resolve) => setTimeout(resolve, 60)); // past the first attempt's deadline
    expect(signals[0]!.aborted).toBe(false);
    expect(await new Response(data as ReadableStream).json()).toEqual({ responseRoles: [] });
  });

  it("gives each client its own controllers", async () => {
    const one = signalRecorder();
    const two = signalRecorder();
    await createClient({ token: "t", baseUrl: "http://mock.test", fetch: one.fetch }).apitokens.listAllowedTokenRoles();
    await createClient({ token: "t", baseUrl: "http://mock.test", fetch: two.fetch }).apitokens.listAllowedTokenRoles();
    expect(two.signals[0]).not.toBe(one.signals[0]);
  });
});
