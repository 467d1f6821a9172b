// Fault injection: a real local server misbehaves on cue; each test checks the exact error type
// and fields, how many attempts the server saw, and that no write was applied twice.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  APIConnectionError,
  APIError,
  APITimeoutError,
  APIUserAbortError,
  AuthenticationError,
  createClient,
  InternalServerError,
  MalformedResponseError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  type TokenkitClient,
} from "../src/index.js";
import { freePort } from "@tokenkit/mock";
import { json, resetMidBody, slow, startFaultServer, text, type FaultServer } from "./fault-server.js";

const TOKEN = "tk_live_FAULT_SUITE_7f3a9c";
let server: FaultServer;
let client: TokenkitClient;

beforeAll(async () => {
  server = await startFaultServer();
  client = createClient({ token: TOKEN, orgId: "org-1", baseUrl: server.url, timeout: 2_000 });
});
afterAll(() => server.close());
beforeEach(() => server.script());

const listRoles = (c = client) => c.apitokens.listAllowedTokenRoles();
const generate = (c = client) =>
  c.apitokens.generateToken({ body: { name: "ci", roles: ["Admin"], expiration: "2027-01-01T00:00:00Z" } });
const posts = () => server.received.filter((r) => r.method === "POST").length;

async function failure(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail");
}

const rpcStatus = { code: 5, message: "live not found", details: [] };
const runtimeError = { error: "token not found", code: 5, message: "token not found", details: [] };

describe("retries", () => {
  it("GET: 503 then 200 succeeds on the second attempt", async () => {
    server.script(text(503, "unavailable"), json(200, { roleNames: ["Admin", "Analyst"] }));
    await expect(listRoles()).resolves.toEqual({ roleNames: ["Admin", "Analyst"] });
    expect(server.received).toHaveLength(2);
  });

  it("POST: 503 without Retry-After is not retried (it may have been processed)", async () => {
    server.script(json(503, { error: "busy", code: 14, message: "busy" }));
    const error = await failure(generate());
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).toMatchObject({ status: 503, code: 14 });
    expect(posts()).toBe(1);
  });

  it("POST: 429 with Retry-After: 1 waits about a second, then retries", async () => {
    server.script(json(429, { error: "slow down", code: 8, message: "slow down" }, { "retry-after": "1" }), json(200, { token: "t" }));
    const started = performance.now();
    await expect(generate()).resolves.toEqual({ token: "t" });
    expect(performance.now() - started).toBeGreaterThanOrEqual(950);
    expect(posts()).toBe(2);
  });

  it("POST: 503 with Retry-After as an HTTP date is retried", async () => {
    const date = new Date(Date.now() + 1_000).toUTCString();
    server.script(text(503, "maintenance", { "retry-after": date }), json(200, { token: "t" }));
    await expect(generate()).resolves.toEqual({ token: "t" });
    expect(posts()).toBe(2);
  });

  it("a Retry-After beyond maxRetryAfter ends the retries with a RateLimitError", async () => {
    server.script(json(429, { error: "quota", code: 8, message: "quota" }, { "retry-after": "3600" }));
    const error = await failure(listRoles());
    expect(error).toBeInstanceOf(RateLimitError);
    expect(server.received).toHaveLength(1);
  });

  it("gives up after maxRetries and reports the last status", async () => {
    server.script(text(500, ""), text(502, ""), text(504, ""), json(200, {}));
    const error = await failure(listRoles());
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error.status).toBe(504);
    expect(server.received).toHaveLength(3);
  });

  it("maxRetries: 0 per call disables retrying", async () => {
    server.script(text(503, ""), json(200, { roleNames: [] }));
    const error = await failure(client.apitokens.listAllowedTokenRoles(undefined, { maxRetries: 0 }));
    expect(error).toBeInstanceOf(InternalServerError);
    expect(server.received).toHaveLength(1);
  });
});

describe("connection failures", () => {
  it("GET: a reset mid-response is retried", async () => {
    server.script(resetMidBody, json(200, { roleNames: ["Admin"] }));
    await expect(listRoles()).resolves.toEqual({ roleNames: ["Admin"] });
    expect(server.received).toHaveLength(2);
  });

  it("POST: a reset mid-response is an APIConnectionError, and the POST is not sent again", async () => {
    server.script(resetMidBody, json(200, { token: "t" }));
    const error = await failure(generate());
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error).not.toBeInstanceOf(APITimeoutError);
    expect(error.message).toContain(`POST ${server.url}/v1/apitokens/generate`);
    expect(posts()).toBe(1);
  });

  it("connection refused: the POST is retried (nothing was sent), then an APIConnectionError", async () => {
    const port = await freePort(); // nothing listens there
    let attempts = 0;
    const counting = createClient({
      token: TOKEN,
      baseUrl: `http://127.0.0.1:${port}`,
      fetch: (request) => (attempts++, fetch(request)),
    });
    const error = await failure(generate(counting));
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error.message).toMatch(/ECONNREFUSED|connect/i);
    expect(attempts).toBe(3);
  });
});

describe("timeouts and cancellation", () => {
  it("a response slower than the timeout is an APITimeoutError (GET retried once per attempt)", async () => {
    server.script(slow(3_000, json(200, {})), slow(3_000, json(200, {})));
    const fast = createClient({ token: TOKEN, baseUrl: server.url, timeout: 150, maxRetries: 1 });
    const error = await failure(listRoles(fast));
    expect(error).toBeInstanceOf(APITimeoutError);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error.message).toContain("150 ms");
    expect(server.received).toHaveLength(2);
  });

  it("POST: a timeout is not retried", async () => {
    server.script(slow(3_000, json(200, {})));
    const error = await failure(client.apitokens.generateToken({ body: { name: "x" } }, { timeout: 150 }));
    expect(error).toBeInstanceOf(APITimeoutError);
    expect(posts()).toBe(1);
  });

  it("the caller's AbortSignal gives an APIUserAbortError, told apart from a timeout and never retried", async () => {
    server.script(slow(3_000, json(200, {})), json(200, {}));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await failure(client.apitokens.listAllowedTokenRoles(undefined, { signal: controller.signal }));
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(error).not.toBeInstanceOf(APIConnectionError);
    expect(server.received).toHaveLength(1);
  });

  it("an AbortSignal also cancels the wait between retries", async () => {
    server.script(json(503, {}, { "retry-after": "30" }), json(200, {}));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = performance.now();
    const error = await failure(client.apitokens.listAllowedTokenRoles(undefined, { signal: controller.signal, timeout: 0 }));
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});

describe("bodies that are not the JSON they should be", () => {
  it("an HTML 502 from a proxy becomes an InternalServerError with the raw text", async () => {
    server.script(text(502, "<html><body>Bad Gateway</body></html>", { "content-type": "text/html" }));
    const error = await failure(client.apitokens.listAllowedTokenRoles(undefined, { maxRetries: 0 }));
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).toMatchObject({ status: 502, body: undefined, code: undefined });
    expect(error.rawBody).toBe("<html><body>Bad Gateway</body></html>");
  });

  it("a truncated JSON 200 body is a MalformedResponseError with the raw text", async () => {
    server.script(text(200, '{"roleNames":["Adm', { "content-type": "application/json" }));
    const error = await failure(listRoles());
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect(error).toBeInstanceOf(APIError);
    expect(error).toMatchObject({ status: 200, rawBody: '{"roleNames":["Adm' });
    expect(error).not.toBeInstanceOf(SyntaxError);
  });

  it("a truncated JSON error body keeps its raw text", async () => {
    server.script(text(404, '{"code":5,"mess', { "content-type": "application/json" }));
    const error = await failure(client.apitokens.getAPIToken({ id: "abc" }));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ status: 404, body: undefined, rawBody: '{"code":5,"mess' });
  });

  it("an empty 500 is an InternalServerError with an empty raw body", async () => {
    server.script(text(500, ""));
    const error = await failure(client.apitokens.listAllowedTokenRoles(undefined, { maxRetries: 0 }));
    expect(error).toBeInstanceOf(InternalServerError);
    expect(error).toMatchObject({ status: 500, body: undefined, rawBody: "" });
    expect(error.message).toContain("(empty body)");
  });
});

describe("typed error bodies", () => {
  it.each([
    [401, AuthenticationError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
  ] as const)("google.rpc.Status with %i from BlendVision", async (status, Class) => {
    server.script(json(status, rpcStatus, { "x-request-id": "req-123" }));
    const error = await failure(client.cms.createLiveAdminInteractionToken({ id: "live-1", body: {} }));
    expect(error).toBeInstanceOf(Class);
    expect(error).toMatchObject({ status, code: 5, body: rpcStatus, requestId: "req-123" });
    expect(error.message).toContain("live not found");
    expect(error.message).toContain("req-123");
    expect(posts()).toBe(1);
  });

  it.each([
    [401, AuthenticationError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
  ] as const)("RuntimeError with %i from StackRox", async (status, Class) => {
    server.script(json(status, runtimeError, { "x-request-id": "req-456" }));
    const error = await failure(client.apitokens.getAPIToken({ id: "abc" }));
    expect(error).toBeInstanceOf(Class);
    expect(error).toMatchObject({ status, code: 5, body: runtimeError, requestId: "req-456" });
    expect(error.headers.get("x-request-id")).toBe("req-456");
  });

  it("the path style returns the same typed error instead of throwing", async () => {
    server.script(json(404, runtimeError));
    const { data, error, response } = await client.GET("/v1/apitokens/{id}", { params: { path: { id: "abc" } } });
    expect(data).toBeUndefined();
    expect(response.status).toBe(404);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error?.body?.message).toBe("token not found");
  });
});
