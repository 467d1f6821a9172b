// Fault injection: a real local server misbehaves on cue; each test checks the exact error type
// and fields, how many attempts the server saw, and that no write was applied twice.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
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
  InvalidArgumentError,
  TokenkitError,
  type TokenkitClient,
} from "../src/index.js";
import { REQUEST_ID_HEADERS } from "../src/errors.js";
import { operationsByTag } from "../src/generated/operations.js";
import { freePort } from "@tokenkit/mock";
import { failure, json, noAnswer, resetMidBody, slow, startFaultServer, text, type FaultServer } from "./fault-server.js";

const TOKEN = "tk_live_FAULT_SUITE_7f3a9c";
let server: FaultServer;
let client: TokenkitClient;

beforeAll(async () => {
  server = await startFaultServer();
  client = createClient({ token: TOKEN, orgId: "org-1", baseUrl: server.url, timeout: 2_000 });
  // One request on the real clock first: fetch's own timers (connect, headers, body) start with
  // the first request, and a fake clock must not be the one they start on.
  await (await fetch(server.url, { signal: AbortSignal.timeout(10_000) })).arrayBuffer();
});
afterAll(() => server.close());
beforeEach(() => server.script());

const listRoles = (c = client) => c.apitokens.listAllowedTokenRoles();
const generate = (c = client) =>
  c.apitokens.generateToken({ body: { name: "ci", roles: ["Admin"], expiration: "2027-01-01T00:00:00Z" } });
const posts = () => server.received.filter((r) => r.method === "POST").length;

/**
 * Runs `call` on a fake clock (setTimeout and Date) that jumps to the next timer whenever the
 * event loop turns, so the waits between attempts cost no real time while the server still
 * answers over real HTTP. For clients without a time limit (`timeout: 0`), whose only timers are
 * those waits, or calls that never reach the network: a time limit would otherwise be jumped to
 * while a request is on its way.
 */
async function onFakeClock<T>(call: () => Promise<T>): Promise<T> {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
  vi.setTimerTickMode("nextTimerAsync");
  try {
    return await call();
  } finally {
    vi.useRealTimers();
  }
}
afterEach(() => vi.useRealTimers());
/** The suite's client without a time limit, for `onFakeClock`. */
const untimed = () => createClient({ token: TOKEN, orgId: "org-1", baseUrl: server.url, timeout: 0 });

/** Runs `call` and checks it fails with an InvalidArgumentError naming `field`, nothing sent. */
async function refused(call: () => unknown, field: string): Promise<InvalidArgumentError> {
  let error: unknown;
  try {
    await call();
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(InvalidArgumentError);
  expect(error).toMatchObject({ field });
  expect(server.received).toHaveLength(0);
  return error as InvalidArgumentError;
}

const rpcStatus = { code: 5, message: "live not found", details: [] };
const runtimeError = { error: "token not found", code: 5, message: "token not found", details: [] };

describe("retries", () => {
  it("GET: 503 then 200 succeeds on the second attempt", async () => {
    server.script(text(503, "unavailable"), json(200, { roleNames: ["Admin", "Analyst"] }));
    await expect(onFakeClock(() => listRoles(untimed()))).resolves.toEqual({ roleNames: ["Admin", "Analyst"] });
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
    // The fake clock when each attempt is sent and when its answer is handed to the client, read
    // in full first so that nothing but the client's own wait lies between an answer and the retry.
    const clock: number[] = [];
    const timed = createClient({
      token: TOKEN,
      baseUrl: server.url,
      timeout: 0,
      fetch: async (request) => {
        clock.push(Date.now());
        const response = await fetch(request);
        const body = await response.arrayBuffer();
        clock.push(Date.now());
        return new Response(body, response);
      },
    });
    await expect(onFakeClock(() => generate(timed))).resolves.toEqual({ token: "t" });
    expect(posts()).toBe(2);
    expect(clock).toHaveLength(4);
    expect(clock[2]! - clock[1]!).toBeGreaterThanOrEqual(1_000);
  });

  it("POST: 503 with Retry-After as an HTTP date is retried", async () => {
    await expect(
      onFakeClock(() => {
        const date = new Date(Date.now() + 1_000).toUTCString();
        server.script(text(503, "maintenance", { "retry-after": date }), json(200, { token: "t" }));
        return generate(untimed());
      }),
    ).resolves.toEqual({ token: "t" });
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
    const error = await failure(onFakeClock(() => listRoles(untimed())));
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
    await expect(onFakeClock(() => listRoles(untimed()))).resolves.toEqual({ roleNames: ["Admin"] });
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
      timeout: 0,
      fetch: (request) => (attempts++, fetch(request)),
    });
    const error = await failure(onFakeClock(() => generate(counting)));
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error.message).toMatch(/ECONNREFUSED|connect/i);
    expect(attempts).toBe(3);
  });
});

describe("timeouts and cancellation", () => {
  it("a response slower than the timeout is an APITimeoutError (GET retried once per attempt)", async () => {
    server.script(noAnswer, noAnswer);
    const fast = createClient({ token: TOKEN, baseUrl: server.url, timeout: 150, maxRetries: 1 });
    const error = await failure(listRoles(fast));
    expect(error).toBeInstanceOf(APITimeoutError);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error.message).toContain("150 ms");
    expect(server.received).toHaveLength(2);
  });

  it("POST: a timeout is not retried", async () => {
    server.script(noAnswer);
    const error = await failure(client.apitokens.generateToken({ body: { name: "x" } }, { timeout: 150 }));
    expect(error).toBeInstanceOf(APITimeoutError);
    expect(posts()).toBe(1);
  });

  it("the caller's AbortSignal gives an APIUserAbortError, told apart from a timeout and never retried", async () => {
    server.script(noAnswer, json(200, {}));
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

describe("every failure is a TokenkitError", () => {
  it("a path value with a lone surrogate is refused, naming the parameter (both styles)", async () => {
    await refused(() => client.apitokens.getAPIToken({ id: "abc\ud800" }), "id");
    await refused(() => client.GET("/v1/apitokens/{id}", { params: { path: { id: "\udc00" } } }), "id");
    // A well-formed pair is fine.
    await client.apitokens.getAPIToken({ id: "😀" });
    expect(server.received.map((r) => r.target)).toEqual(["/v1/apitokens/%F0%9F%98%80"]);
  });

  it("a query value with a lone surrogate is refused, naming the parameter", async () => {
    await refused(() => client.GET("/v1/apitokens", { params: { query: { revoked: "\ud800" as never } } }), "revoked");
  });

  it.each([
    ["orgId", { orgId: "org\n1" }],
    ["orgId", { orgId: "org\u0000" }],
    ["orgId", { orgId: "organización ☃" }],
    ["orgId", { orgId: "  " }],
    ["headers.x-team", { headers: { "x-team": "a\r\nx-injected: 1" } }],
    ["headers", { headers: { "bad name": "v" } }],
  ])("createClient refuses a control character or bad header in %s", (field, extra) => {
    expect(() => createClient({ token: TOKEN, baseUrl: server.url, ...(extra as object) })).toThrow(
      expect.objectContaining({ name: "InvalidArgumentError", field }),
    );
  });

  it("a per-call header with a control character is refused before the network (both styles)", async () => {
    await refused(() => client.apitokens.getAPITokens(undefined, { headers: { "x-trace": "a\nb" } }), "headers.x-trace");
    await refused(() => client.GET("/v1/apitokens", { headers: { "x-trace": "\u0007" } }), "headers.x-trace");
    await refused(() => client.POST("/bv/org/v1/groups", { body: { name: "g" }, params: { header: { "x-bv-org-id": "o\r" } } }), "params.header.x-bv-org-id");
  });

  const badNumbers: unknown[] = ["300", true, [], null, {}, Number.NaN, Infinity, -1];
  // A time beyond what a timer can hold would fire at once.
  const tooLong = { timeout: 2 ** 31, maxRetryAfter: 2 ** 31, maxRetries: 0.5 };
  it.each(["timeout", "maxRetries", "maxRetryAfter"])("createClient refuses %s unless it is a finite number >= 0", (field) => {
    for (const value of [...badNumbers, tooLong[field as keyof typeof tooLong]]) {
      expect(() => createClient({ token: TOKEN, [field]: value })).toThrow(expect.objectContaining({ name: "InvalidArgumentError", field }));
    }
    expect(() => createClient({ token: TOKEN, [field]: 0 })).not.toThrow();
  });

  it.each(["timeout", "maxRetries"])("a call refuses %s unless it is a finite number >= 0, before the network", async (field) => {
    for (const value of [...badNumbers, tooLong[field as keyof typeof tooLong]]) await refused(() => client.apitokens.getAPITokens(undefined, { [field]: value }), field);
  });

  it.each(["99999999999", "2147484", String(2 ** 53)])(
    "a Retry-After of %s s (more than a timer can hold, or than maxRetryAfter) ends the retries: the POST is not sent again",
    async (seconds) => {
      const patient = createClient({ token: TOKEN, baseUrl: server.url, maxRetryAfter: 2 ** 31 - 1 });
      server.script(json(503, { code: 14, message: "busy" }, { "retry-after": seconds }), json(200, { token: "t" }));
      const started = performance.now();
      const error = await failure(generate(patient));
      expect(error).toBeInstanceOf(InternalServerError);
      expect(posts()).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(posts()).toBe(1);
      expect(performance.now() - started).toBeLessThan(2_000);
    },
  );

  it.each(["1.5", "-1", "0x10", "soon", "1e3", "Tue, 31 Feb"])("a malformed Retry-After %j is no Retry-After: a declined POST is not re-sent", async (value) => {
    server.script(json(503, { code: 14, message: "busy" }, { "retry-after": value }), json(200, { token: "t" }));
    const error = await failure(generate());
    expect(error).toBeInstanceOf(InternalServerError);
    expect(posts()).toBe(1);
  });

  it.each([
    ["no body", text(200, "", { "content-type": "application/json" })],
    ["Content-Length: 0", text(200, "", { "content-type": "application/json", "content-length": "0" })],
  ])("a 200 with %s where JSON is promised is a MalformedResponseError (both styles)", async (_, behaviour) => {
    server.script(behaviour, behaviour);
    const error = await failure(listRoles());
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect(error).toMatchObject({ status: 200, rawBody: "" });
    await expect(client.GET("/v1/apitokens/generate/allowed-roles")).rejects.toBeInstanceOf(MalformedResponseError);
  });

  it("rawBody keeps a JSON error body as received (big numbers, spacing, key order)", async () => {
    const raw = '{ "message": "token not found",\n  "code": 5, "id": 123456789012345678901234567890 }';
    server.script(text(404, raw, { "content-type": "application/json" }));
    const error = await failure(client.apitokens.getAPIToken({ id: "abc" }));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.rawBody).toBe(raw);
    expect(error.body).toMatchObject({ message: "token not found", code: 5 });
    expect(error.code).toBe(5);
  });

  it("more than 10 calls in flight sharing one AbortSignal print no MaxListenersExceededWarning, waiting for a retry included", async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on("warning", onWarning);
    try {
      const shared = new AbortController().signal;
      const calls = 30;
      server.script(...Array.from({ length: calls }, () => text(503, "", { "retry-after": "1" })), ...Array.from({ length: calls }, () => slow(50, json(200, { roleNames: [] }))));
      const results = await Promise.all(Array.from({ length: calls }, () => client.apitokens.listAllowedTokenRoles(undefined, { signal: shared })));
      expect(results).toHaveLength(calls);
      expect(server.received).toHaveLength(2 * calls);
      await new Promise((resolve) => setTimeout(resolve, 50)); // warnings are emitted on a later tick
    } finally {
      process.off("warning", onWarning);
    }
    expect(warnings.map((w) => w.name)).not.toContain("MaxListenersExceededWarning");
  });

  it("an error names the path that was called, never the template", async () => {
    server.script(json(404, runtimeError));
    const error = await failure(client.apitokens.getAPIToken({ id: "a/b c" }));
    expect(error.request).toBe(`GET ${server.url}/v1/apitokens/a%2Fb%20c`);
    expect(error.message).toContain(`GET ${server.url}/v1/apitokens/a%2Fb%20c`);
    expect(error.message).not.toContain("{id}");
    server.script(noAnswer);
    const timeout = await failure(client.apitokens.revokeToken({ id: "t-1" }, { timeout: 50 }));
    expect(timeout).toBeInstanceOf(APITimeoutError);
    expect(timeout.request).toBe(`PATCH ${server.url}/v1/apitokens/revoke/t-1`);
    // On a loaded machine the request may reach the server after the time limit: let it arrive
    // here rather than take the next test's scripted answer.
    await vi.waitFor(() => expect(server.received).toHaveLength(1), { timeout: 5_000 });
  });

  it.each(REQUEST_ID_HEADERS)("the request id is read from %s", async (header) => {
    server.script(json(404, runtimeError, { [header]: `id-from-${header}` }));
    const error = await failure(client.apitokens.getAPIToken({ id: "abc" }));
    expect(error.requestId).toBe(`id-from-${header}`);
    expect(error.message).toContain(`id-from-${header}`);
  });

  it("a body JSON cannot carry (a BigInt, a cycle) is refused, naming the body", async () => {
    await refused(() => client.org.createGroup({ body: { name: 10n as never } }), "body");
    const cycle: Record<string, unknown> = { name: "g" };
    cycle.self = cycle;
    await refused(() => client.POST("/bv/org/v1/groups", { body: cycle as never }), "body");
  });

  it("a GET with a body is refused", async () => {
    await refused(() => client.GET("/v1/apitokens", { body: { x: 1 } } as never), "body");
  });

  it.each([
    ["baseUrl", { baseUrl: "not a url" }],
    ["baseUrl.stackrox", { baseUrl: { stackrox: "central.example.com" } }],
    ["fetch", { fetch: "fetch" }],
    ["middleware", { middleware: [{ onWhatever() {} }] }],
    ["token", { token: 42 }],
  ])("createClient refuses a bad %s", (field, extra) => {
    expect(() => createClient({ token: TOKEN, ...(extra as object) })).toThrow(expect.objectContaining({ name: "InvalidArgumentError", field }));
  });

  // A misspelt family would otherwise leave the real one on its default: BlendVision's production URL.
  const families = [...new Set(Object.values(operationsByTag).map(([api]) => api))];
  it.each(families.map((api) => `${api[0]!.toUpperCase()}${api.slice(1)}`))("createClient refuses baseUrl.%s, a key that is no API family", (key) => {
    expect(() => createClient({ token: TOKEN, baseUrl: { [key]: "http://staging.example.com" } as never })).toThrow(
      expect.objectContaining({ name: "InvalidArgumentError", field: `baseUrl.${key}`, message: `"baseUrl.${key}" is not an API family: give ${families.join(" or ")}` }),
    );
  });

  it("bad call arguments are refused, naming them", async () => {
    await refused(() => client.apitokens.getAPIToken("abc" as never), "args");
    await refused(() => client.apitokens.getAPITokens(undefined, 5 as never), "options");
    await refused(() => client.GET("/v1/apitokens", { signal: "stop" as never }), "signal");
    await refused(() => client.GET("/v1/apitokens", { parseAs: "xml" as never }), "parseAs");
  });

  it("a refusal says what it got in plain words", async () => {
    expect((await refused(() => client.GET("/v1/apitokens", { signal: {} as never }), "signal")).message).toBe('"signal" must be an AbortSignal, got an object');
    expect((await refused(() => client.GET("/v1/apitokens", { signal: [] as never }), "signal")).message).toBe('"signal" must be an AbortSignal, got an array');
    expect((await refused(() => client.GET("/v1/apitokens", { fetch: true as never }), "fetch")).message).toBe('"fetch" must be a function, got a boolean');
  });

  it("a fetch that does not return a Response is a TokenkitError", async () => {
    const broken = createClient({ token: TOKEN, baseUrl: server.url, fetch: (async () => ({ status: 200 })) as never });
    const error = await failure(listRoles(broken));
    expect(error).toBeInstanceOf(TokenkitError);
    expect(error.message).toContain("did not return a Response");
  });

  it("an org-header operation without orgId or the header is refused before the network, naming orgId", async () => {
    const noOrg = createClient({ token: TOKEN, baseUrl: server.url });
    const orgOperations = Object.values(operationsByTag).flatMap(([, ...entries]) => entries.filter(([, , , orgHeader]) => orgHeader === "required"));
    expect(orgOperations.length).toBeGreaterThan(0);
    for (const [, method, path] of orgOperations) {
      // A body only where the method may carry one: a GET with a body is refused for its body.
      const body = method === "GET" || method === "HEAD" ? {} : { body: {} };
      const error = await refused(() => (noOrg as any)[method](path, { params: { path: { id: "x" } }, ...body }), "orgId");
      expect(error.message).toContain(`${method} ${path}`);
    }
    await refused(() => noOrg.org.createGroup({ body: { name: "g" } }), "orgId");
    // The header given per call is enough.
    await noOrg.org.createGroup({ body: { name: "g" } }, { headers: { "X-BV-Org-Id": "org-2" } });
    expect(server.received.map((r) => r.headers["x-bv-org-id"])).toEqual(["org-2"]);
  });
});

describe("rotating tokens", () => {
  it("a token provider is asked per attempt: the server sees two different tokens on two attempts", async () => {
    let issued = 0;
    const rotating = createClient({ token: () => `tk_rotated_${++issued}`, baseUrl: server.url });
    server.script(text(503, "", { "retry-after": "0" }), json(200, { roleNames: ["Admin"] }));
    await expect(listRoles(rotating)).resolves.toEqual({ roleNames: ["Admin"] });
    expect(server.received.map((r) => r.headers.authorization)).toEqual(["Bearer tk_rotated_1", "Bearer tk_rotated_2"]);
  });

  it("an async provider works, and a rejected one is an InvalidArgumentError naming token", async () => {
    const fromVault = createClient({ token: async () => "tk_from_vault", baseUrl: server.url });
    await listRoles(fromVault);
    expect(server.received[0]!.headers.authorization).toBe("Bearer tk_from_vault");
    server.script();
    const failing = createClient({ token: async () => Promise.reject(new Error("vault sealed")), baseUrl: server.url });
    const error = await refused(() => listRoles(failing), "token");
    expect((error.cause as Error).message).toBe("vault sealed");
  });

  it("a provider that never settles: the attempt's time limit ends the wait, nothing is sent, and a retry asks it again", async () => {
    const signals: (AbortSignal | undefined)[] = [];
    const stuck = createClient({ token: ({ signal }) => (signals.push(signal), new Promise<string>(() => {})), baseUrl: server.url, timeout: 100, maxRetries: 1 });
    // Only timers are involved (nothing reaches the network): all of them on the fake clock.
    const error = await failure(onFakeClock(() => generate(stuck)));
    expect(error).toBeInstanceOf(APITimeoutError);
    expect(error.message).toContain("no token from the provider within 100 ms");
    expect(error.message).toContain("POST");
    // Nothing was sent, so even a POST is tried again; each attempt had its own aborted signal.
    expect(signals).toHaveLength(2);
    expect(signals.every((s) => s?.aborted)).toBe(true);
    expect(server.received).toHaveLength(0);
  });

  it("the caller's abort ends the wait for a provider, even with no time limit", async () => {
    const controller = new AbortController();
    const stuck = createClient({ token: () => new Promise<string>(() => {}), baseUrl: server.url, timeout: 0 });
    const call = failure(stuck.apitokens.listAllowedTokenRoles({}, { signal: controller.signal }));
    setTimeout(() => controller.abort(), 20);
    expect(await call).toBeInstanceOf(APIUserAbortError);
    expect(server.received).toHaveLength(0);
  });

  it.each([["", "an empty string"], ["tk with space", "whitespace"], ["tk\nnewline", "a newline"], [42, "a number"], [undefined, "undefined"]])(
    "a provider returning %j is refused, naming token and never showing the value",
    async (value, _what) => {
      const bad = createClient({ token: () => value as string, baseUrl: server.url });
      const error = await refused(() => listRoles(bad), "token");
      if (typeof value === "string" && value) expect(error.message).not.toContain(value);
    },
  );
});

describe("errors of the caller's own hooks", () => {
  it("a middleware that throws is a TokenkitError with the error as cause, and is not retried", async () => {
    const thrown = new Error("middleware bug");
    const hooked = createClient({ token: TOKEN, baseUrl: server.url, middleware: [{ onResponse: () => { throw thrown; } }] });
    const error = await failure(listRoles(hooked));
    expect(error).toBeInstanceOf(TokenkitError);
    expect(error).not.toBeInstanceOf(APIConnectionError);
    expect(error.cause).toBe(thrown);
    expect(server.received).toHaveLength(1);
  });

  it("a custom fetch that throws is a connection failure", async () => {
    const failing = createClient({ token: TOKEN, baseUrl: server.url, maxRetries: 0, fetch: async () => Promise.reject(new Error("proxy down")) });
    const error = await failure(listRoles(failing));
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error.message).toContain("proxy down");
  });
});
