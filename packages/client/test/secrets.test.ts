// The API token must not appear in any string form of any error the client can produce.
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "@tokenkit/mock";
import { createClient, TokenkitError } from "../src/index.js";
import { json, noAnswer, resetMidBody, startFaultServer, text, type FaultServer } from "./fault-server.js";
import { PAGING_STYLES } from "@tokenkit/spec-model";
import { specOperations } from "./spec-examples.js";

const TOKEN = "tk_SECRET_0123456789_do_not_leak";
let server: FaultServer;
// Never answers anything: a request that reaches it late cannot take another case's scripted answer.
let silent: FaultServer;

beforeAll(async () => {
  server = await startFaultServer();
  silent = await startFaultServer({ fallback: noAnswer });
});
afterAll(() => Promise.all([server.close(), silent.close()]));

/** Every way an error can be turned into text, including its causes. */
function renderings(error: unknown): string[] {
  const out: string[] = [];
  for (let e: any = error, depth = 0; e && depth < 5; e = e.cause, depth++) {
    out.push(String(e), e.message ?? "", e.stack ?? "", JSON.stringify(e) ?? "", inspect(e, { depth: 10, showHidden: true }));
    if (e.headers) out.push(JSON.stringify([...e.headers]));
  }
  return out;
}

async function failure(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error("expected a failure");
}

describe("no error reveals the token", () => {
  const cases: Array<[string, () => Promise<unknown>]> = [
    ["HTTP 401", async () => (server.script(json(401, { code: 16, message: "bad token" })), client().apitokens.getAPIToken({ id: "x" }))],
    [
      "HTTP 401 echoing the credentials in a header",
      async () => (
        server.script((res, req) => json(401, { code: 16, message: "bad token" }, { "www-authenticate": `Bearer error="invalid_token", token="${req.headers.authorization}"` })(res, req)),
        client().apitokens.getAPIToken({ id: "x" })
      ),
    ],
    [
      "body not in its content-encoding, the credentials echoed in a header",
      async () => (
        server.script((res, req) => text(200, '{"data":[]}', { "content-type": "application/json", "content-encoding": "gzip", "www-authenticate": `token="${req.headers.authorization}"` })(res, req)),
        client().apitokens.getAPITokens()
      ),
    ],
    ["HTTP 500 HTML", async () => (server.script(text(500, "<html>oops</html>")), client({ maxRetries: 0 }).apitokens.getAPITokens())],
    ["malformed 200", async () => (server.script(text(200, "{", { "content-type": "application/json" })), client().apitokens.getAPITokens())],
    ["reset mid-body", async () => (server.script(resetMidBody), client().apitokens.generateToken({ body: {} }))],
    ["timeout", async () => createClient({ token: TOKEN, baseUrl: silent.url, timeout: 50, maxRetries: 0 }).apitokens.getAPITokens()],
    [
      "user abort",
      async () => createClient({ token: TOKEN, baseUrl: silent.url }).apitokens.getAPITokens(undefined, { signal: AbortSignal.timeout(50) }),
    ],
    ["connection refused", async () => createClient({ token: TOKEN, baseUrl: `http://127.0.0.1:${await freePort()}`, maxRetries: 0 }).apitokens.getAPITokens()],
    ["bad path parameter", async () => client().apitokens.revokeToken({ id: ".." })],
    ["missing base URL", async () => createClient({ token: TOKEN }).apitokens.getAPITokens()],
    ["token with a newline", async () => createClient({ token: `${TOKEN}\n` })],
    ["negative timeout", async () => createClient({ token: TOKEN, timeout: -1 })],
    ["token provider, HTTP 401 twice", async () => (server.script(json(401, { code: 16, message: "bad token" }), json(401, { code: 16, message: "bad token" })), createClient({ token: async () => TOKEN, baseUrl: server.url }).apitokens.getAPITokens())],
    ["token provider returning a newline", async () => createClient({ token: () => `${TOKEN}\n`, baseUrl: server.url }).apitokens.getAPITokens()],
    ["token in a per-call header with a newline", async () => client().apitokens.getAPITokens(undefined, { headers: { authorization: `Bearer ${TOKEN}\n` } })],
    ["token as orgId with a control character", async () => createClient({ token: "t", orgId: `${TOKEN}\u0001` })],
  ];

  function client(extra: Record<string, number> = {}) {
    return createClient({ token: TOKEN, orgId: "org", baseUrl: server.url, ...extra });
  }

  it.each(cases)("%s", async (_, run) => {
    const error = await failure(run);
    expect(error).toBeInstanceOf(TokenkitError);
    for (const rendering of renderings(error)) {
      expect(rendering).not.toContain(TOKEN);
      expect(rendering).not.toContain("SECRET_0123456789");
    }
  });

  it("the client object itself does not reveal it", () => {
    const c = client();
    expect(inspect(c, { depth: 10, showHidden: true })).not.toContain(TOKEN);
    expect(JSON.stringify(c) ?? "").not.toContain(TOKEN);
  });
});

describe("no error reveals the credentials a server echoes, however it writes them", () => {
  // `/` and `+` as in a Base64 token: PHP writes `/` as `\/` in JSON, other servers escape letters as `\u00XX`.
  const SLASHED = "tk/SLASHED+0123456789==";
  const PASSWORD = "pw-SECRET-hunter2";
  const BASIC = Buffer.from(`admin:${PASSWORD}`).toString("base64");
  const COOKIE = "ck-SECRET-session-0123";
  const echoed = (req: { headers: Record<string, string | string[] | undefined> }) => String(req.headers.authorization ?? "").replace(/^\S+\s+/, "");
  const cases: Array<[string, () => Promise<unknown>, string[]]> = [
    [
      "the token in JSON with `/` escaped",
      async () => (server.script((res, req) => text(401, JSON.stringify({ code: 16, message: `bad token ${echoed(req)}` }).replaceAll("/", "\\/"), { "content-type": "application/json" })(res, req)), slashed().apitokens.getAPITokens()),
      [SLASHED],
    ],
    [
      "the token in JSON with its letters escaped",
      async () => (
        server.script((res, req) => text(401, JSON.stringify({ code: 16, message: `bad token ${echoed(req)}` }).replace(/[a-z]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`), { "content-type": "application/json" })(res, req)),
        slashed().apitokens.getAPITokens()
      ),
      [SLASHED],
    ],
    [
      "the token in cut JSON with `/` escaped",
      async () => (server.script((res, req) => text(502, `{"message":"${echoed(req).replaceAll("/", "\\/")}`, { "content-type": "application/json" })(res, req)), slashed().apitokens.getAPITokens()),
      [SLASHED, SLASHED.replaceAll("/", "\\/")],
    ],
    [
      "a Basic password, decoded, in the body and a header",
      async () => (
        server.script((res, req) => {
          const decoded = Buffer.from(echoed(req), "base64").toString();
          json(401, { code: 16, message: `user ${decoded} or password ${decoded.split(":")[1]} refused` }, { "www-authenticate": `Basic realm="${decoded}"` })(res, req);
        }),
        slashed().apitokens.getAPITokens(undefined, { headers: { Authorization: `Basic ${BASIC}` } })
      ),
      [PASSWORD, BASIC],
    ],
    [
      "a cookie",
      async () => (server.script((res, req) => json(400, { code: 3, message: `bad session ${req.headers.cookie}` }, { "x-seen": String(req.headers.cookie) })(res, req)), createClient({ token: TOKEN, baseUrl: server.url, headers: { Cookie: `sid=${COOKIE}` } }).apitokens.getAPITokens()),
      [COOKIE],
    ],
    ["the token given as a path parameter, connection refused", async () => createClient({ token: SLASHED, baseUrl: `http://127.0.0.1:${await freePort()}`, maxRetries: 0 }).apitokens.revokeToken({ id: SLASHED }), [SLASHED, encodeURIComponent(SLASHED)]],
    ["the token given as a path parameter, by a provider, HTTP 404", async () => (server.script(json(404, { code: 5, message: "no such token" })), createClient({ token: () => SLASHED, baseUrl: server.url }).apitokens.getAPIToken({ id: SLASHED })), [SLASHED, encodeURIComponent(SLASHED)]],
    ["the token given as a path parameter, by a provider, the call aborted while waiting", async () => createClient({ token: () => SLASHED, baseUrl: silent.url }).apitokens.getAPIToken({ id: SLASHED }, { signal: AbortSignal.timeout(50) }), [SLASHED, encodeURIComponent(SLASHED)]],
    ["credentials in the base URL", async () => createClient({ token: TOKEN, baseUrl: `http://admin:${PASSWORD}@127.0.0.1:${await freePort()}` }).apitokens.getAPITokens(), [PASSWORD]],
    // The WHATWG URL parser takes these as `http://admin:…@127.0.0.1`, as fetch does.
    ["credentials in a base URL without its slashes", async () => createClient({ token: TOKEN, baseUrl: `http:admin:${PASSWORD}@127.0.0.1:${await freePort()}`, maxRetries: 0 }).apitokens.getAPITokens(), [PASSWORD]],
    ["credentials in a base URL written with backslashes", async () => createClient({ token: TOKEN, baseUrl: `http:\\\\admin:${PASSWORD}@127.0.0.1:${await freePort()}`, maxRetries: 0 }).apitokens.getAPITokens(), [PASSWORD]],
    ["credentials in a base URL that is not one", async () => createClient({ token: TOKEN, baseUrl: `http://admin:${PASSWORD} x@host name` }), [PASSWORD]],
    ["the token written into a header name", async () => createClient({ token: SLASHED, headers: { [`Authorization: Bearer ${SLASHED}`]: "x" } }), [SLASHED]],
    ["the token given as the timeout", async () => slashed().apitokens.getAPITokens(undefined, { timeout: SLASHED as never }), [SLASHED]],
  ];

  function slashed() {
    return createClient({ token: SLASHED, baseUrl: server.url, maxRetries: 0 });
  }

  it.each(cases)("%s", async (_, run, secrets) => {
    const error = await failure(run);
    expect(error).toBeInstanceOf(TokenkitError);
    for (const rendering of renderings(error)) for (const secret of secrets) expect(rendering).not.toContain(secret);
    // What is left is still the server's answer, with its status.
    if (((error as { status?: number }).status ?? 0) >= 400) expect((error as Error).message).toContain("***");
  });
});

describe("no error of a paged walk reveals the token", () => {
  // Each operation paged by token: a server that sends the same next page token again, echoing
  // the credentials in a header of its answer.
  const byToken = specOperations.filter((op) => op.paging?.style === "page-token");
  it("covers an operation", () => expect(byToken.length).toBeGreaterThan(0));

  it.each(byToken.map((op) => [`${op.tag}.${op.name}`, op] as const))("%s: a repeated next page token", async (_, op) => {
    const next = (PAGING_STYLES["page-token"] as { next: string }).next;
    const page = (req: { headers: Record<string, string | string[] | undefined> }) =>
      json(200, { [op.paging!.items]: [{ id: "a" }], [next]: "same" }, { "x-echo": String(req.headers.authorization), "x-request-id": "req-1" });
    server.script((res, req) => page(req)(res, req), (res, req) => page(req)(res, req));
    const client = createClient({ token: TOKEN, orgId: "org", baseUrl: server.url }) as unknown as Record<string, Record<string, { all(args?: object): AsyncIterable<unknown> }>>;
    const error = await failure(async () => {
      for await (const _item of client[op.tag!]![op.name]!.all()) void _item;
    });
    expect(error).toBeInstanceOf(TokenkitError);
    expect((error as { requestId?: string }).requestId).toBe("req-1");
    for (const rendering of renderings(error)) expect(rendering).not.toContain(TOKEN);
  });
});

