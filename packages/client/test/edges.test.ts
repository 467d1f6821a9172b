// Edges of a call against a real server on loopback: a server that echoes the credentials, long
// error messages, redirect loops, bodies not in their content-encoding, and a token refused
// with 401 that a provider replaces.
import { inspect } from "node:util";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  APIConnectionError,
  AuthenticationError,
  BLENDVISION_BASE_URL,
  createClient,
  MalformedResponseError,
  NotFoundError,
  type TokenContext,
} from "../src/index.js";
import { failure, json, redirectLoop, startFaultServer, text, type Behaviour, type FaultServer } from "./fault-server.js";

const TOKEN = "tk_live_ECHOED_4d1f0b7e9a";
let server: FaultServer;

beforeAll(async () => {
  server = await startFaultServer();
});
afterAll(() => server.close());
beforeEach(() => server.script());

/** Every text form of an error a log or a test report may show. */
const renderings = (error: unknown) => [
  String(error),
  (error as Error).message,
  (error as Error).stack ?? "",
  JSON.stringify(error),
  inspect(error),
  inspect(error, { depth: 10, showHidden: true }),
];

/** Answers 401 with the Authorization header it received in the message, as some servers do. */
const echoCredentials: Behaviour = (res, req) => json(401, { code: 16, message: `invalid credentials: ${req.headers.authorization}`, details: [] })(res, req);

describe("a server that echoes the credentials", () => {
  it("the token is masked in message, stack, toString, JSON and inspect; rawBody keeps the bytes", async () => {
    server.script(echoCredentials);
    const client = createClient({ token: TOKEN, baseUrl: server.url });
    const error = await failure(client.apitokens.getAPIToken({ id: "x" }));
    expect(error).toBeInstanceOf(AuthenticationError);
    for (const rendering of renderings(error)) expect(rendering).not.toContain(TOKEN);
    expect(error.message).toContain("invalid credentials: ***");
    expect(error.body.message).toBe("invalid credentials: ***");
    expect(error.rawBody).toContain(`Bearer ${TOKEN}`);
    expect(JSON.parse(error.rawBody).message).toBe(`invalid credentials: Bearer ${TOKEN}`);
  });

  it("so is an Authorization value the caller set, and a token from a provider, in a text body too", async () => {
    server.script((res, req) => text(401, `denied ${req.headers.authorization}`)(res, req));
    const basic = `Basic ${Buffer.from("admin:hunter2-central").toString("base64")}`;
    const client = createClient({ token: TOKEN, baseUrl: server.url });
    const error = await failure(client.apitokens.getAPITokens(undefined, { headers: { Authorization: basic } }));
    for (const rendering of renderings(error)) expect(rendering).not.toContain(basic.slice(6));
    expect(error.rawBody).toBe(`denied ${basic}`);

    server.script(echoCredentials, echoCredentials);
    const provided = createClient({ token: async () => TOKEN, baseUrl: server.url });
    const refused = await failure(provided.apitokens.getAPITokens());
    expect(refused).toBeInstanceOf(AuthenticationError);
    for (const rendering of renderings(refused)) expect(rendering).not.toContain(TOKEN);
  });

  it("a 2xx body that is not JSON and quotes the token is masked too", async () => {
    server.script(text(200, `Bearer ${TOKEN} <- not JSON`, { "content-type": "application/json" }));
    const client = createClient({ token: TOKEN, baseUrl: server.url });
    const error = await failure(client.apitokens.getAPITokens());
    expect(error).toBeInstanceOf(MalformedResponseError);
    for (const rendering of renderings(error)) expect(rendering).not.toContain(TOKEN);
    expect(error.rawBody).toContain(TOKEN);
  });
});

describe("an error message taken from the body", () => {
  it("is bounded like a text body's, while body and rawBody keep all of it", async () => {
    const long = `token not found: ${"x".repeat(5_000)}`;
    server.script(json(404, { code: 5, message: long }));
    const client = createClient({ token: TOKEN, baseUrl: server.url });
    const error = await failure(client.apitokens.getAPIToken({ id: "x" }));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message.length).toBeLessThan(400);
    expect(error.message).toContain("token not found: xxx");
    expect(error.body.message).toBe(long);
    expect(error.rawBody).toContain(long);
  });
});

describe("a redirect loop", () => {
  it("costs one attempt's redirects and is not retried", async () => {
    // What one fetch of a loop costs on this runtime: the first request and its redirects.
    const loop = () => Array.from({ length: 100 }, () => redirectLoop);
    server.script(...loop());
    await fetch(`${server.url}/v1/apitokens`).catch(() => undefined);
    const oneAttempt = server.received.length;
    expect(oneAttempt).toBeGreaterThan(1);

    server.script(...loop());
    const client = createClient({ token: TOKEN, baseUrl: server.url });
    const error = await failure(client.apitokens.getAPITokens());
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error.message).toContain("too many redirects");
    expect(server.received).toHaveLength(oneAttempt);
  });
});

describe("a body not in its content-encoding", () => {
  it.each(["gzip", "br"])("labelled %s is a MalformedResponseError, not retried", async (encoding) => {
    server.script(text(200, '{"roleNames":[]}', { "content-type": "application/json", "content-encoding": encoding }));
    const client = createClient({ token: TOKEN, baseUrl: server.url });
    const error = await failure(client.apitokens.listAllowedTokenRoles());
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect(error).toMatchObject({ status: 200 });
    expect(error.message).toContain(encoding);
    expect(server.received).toHaveLength(1);
  });
});

describe("a token provider", () => {
  it("always receives an AbortSignal, one that never aborts with no time limit and no caller signal", async () => {
    const contexts: TokenContext[] = [];
    const client = createClient({ token: (context) => (contexts.push(context), TOKEN), baseUrl: server.url, timeout: 0 });
    await client.apitokens.listAllowedTokenRoles();
    expect(contexts).toHaveLength(1);
    expect(contexts[0]!.signal).toBeInstanceOf(AbortSignal);
    expect(contexts[0]!.signal.aborted).toBe(false);
    expect(contexts[0]!.reason).toBeUndefined();
  });
});

describe("baseUrl given per API family", () => {
  it("a family left undefined keeps its default, as an undefined option does", async () => {
    // As with `{ blendvision: process.env.BV_URL }` when the variable is not set.
    const urls: string[] = [];
    // Records the URL the client chose, and sends the request to the server on loopback instead.
    const toLoopback = (request: Request) => (urls.push(request.url), fetch(new Request(request.url.replace(BLENDVISION_BASE_URL, server.url), request)));
    const client = createClient({ token: TOKEN, baseUrl: { blendvision: undefined, stackrox: server.url }, fetch: toLoopback });
    server.script(json(200, { token: "t" }));
    await expect(client.chatroom.createDictionaryToken({ body: {} })).resolves.toEqual({ token: "t" });
    expect(urls).toEqual([`${BLENDVISION_BASE_URL}/bv/chatroom/v1/dictionaries/tokens`]);
    expect(server.received.map((r) => `${r.method} ${r.target}`)).toEqual(["POST /bv/chatroom/v1/dictionaries/tokens"]);
  });
});

describe("refresh on 401", () => {
  /** A provider that hands out `old` first and `fresh` after, recording what it was told. */
  function rotating() {
    const contexts: TokenContext[] = [];
    const token = (context: TokenContext) => (contexts.push(context), contexts.length === 1 ? "tk_old_expired" : "tk_fresh_valid");
    return { contexts, token };
  }
  /** Accepts only the fresh token. */
  const acceptsFresh = (body: unknown): Behaviour => (res, req) =>
    req.headers.authorization === "Bearer tk_fresh_valid" ? json(200, body)(res, req) : json(401, { code: 16, message: "token expired" })(res, req);

  it.each([
    ["GET", (c: ReturnType<typeof createClient>) => c.apitokens.getAPITokens()],
    ["POST", (c: ReturnType<typeof createClient>) => c.apitokens.generateToken({ body: { name: "ci", roles: ["Admin"] } })],
    ["PATCH", (c: ReturnType<typeof createClient>) => c.apitokens.revokeToken({ id: "t-1" })],
  ])("%s: the provider is asked again with reason unauthorized, and the request is sent once more", async (method, call) => {
    const { contexts, token } = rotating();
    server.script(acceptsFresh({ ok: 1 }), acceptsFresh({ ok: 1 }));
    const client = createClient({ token, baseUrl: server.url, maxRetries: 0 });
    await expect(call(client)).resolves.toEqual({ ok: 1 });
    expect(contexts.map((c) => c.reason)).toEqual([undefined, "unauthorized"]);
    expect(contexts[1]!.signal).toBeInstanceOf(AbortSignal);
    expect(server.received.map((r) => `${r.method} ${r.headers.authorization}`)).toEqual([`${method} Bearer tk_old_expired`, `${method} Bearer tk_fresh_valid`]);
    // The request itself is the same: the body is sent again in full.
    expect(server.received[1]!.body).toBe(server.received[0]!.body);
  });

  it("a second 401 is the AuthenticationError: one re-send only", async () => {
    const { contexts, token } = rotating();
    const refuse = json(401, { code: 16, message: "token revoked" });
    server.script(refuse, refuse, refuse);
    const client = createClient({ token, baseUrl: server.url });
    const error = await failure(client.apitokens.getAPITokens());
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.message).toContain("token revoked");
    expect(contexts).toHaveLength(2);
    expect(server.received).toHaveLength(2);
  });

  it("a fixed token is never sent again after a 401", async () => {
    server.script(json(401, { code: 16, message: "bad token" }), json(200, {}));
    const client = createClient({ token: TOKEN, baseUrl: server.url });
    expect(await failure(client.apitokens.generateToken({ body: { name: "ci" } }))).toBeInstanceOf(AuthenticationError);
    expect(server.received).toHaveLength(1);
  });

  it("the re-send is not one of the retries: a 503 after it is still retried", async () => {
    const { token } = rotating();
    server.script(json(401, {}), text(503, "", { "retry-after": "0" }), json(200, { roleNames: [] }));
    const client = createClient({ token, baseUrl: server.url, maxRetries: 1 });
    await expect(client.apitokens.listAllowedTokenRoles()).resolves.toEqual({ roleNames: [] });
    expect(server.received).toHaveLength(3);
  });

  it("only the attempt right after the 401 is told unauthorized: later retries are ordinary attempts", async () => {
    const { contexts, token } = rotating();
    const busy = text(503, "", { "retry-after": "0" });
    server.script(json(401, {}), busy, busy, json(200, { roleNames: [] }));
    const client = createClient({ token, baseUrl: server.url, maxRetries: 2 });
    await expect(client.apitokens.listAllowedTokenRoles()).resolves.toEqual({ roleNames: [] });
    // A provider that refetches on "unauthorized" (README, "Refresh on 401") does so once, not per retry.
    expect(contexts.map((c) => c.reason)).toEqual([undefined, "unauthorized", undefined, undefined]);
    expect(server.received).toHaveLength(4);
  });
});
