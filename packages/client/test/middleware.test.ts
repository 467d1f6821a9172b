// openapi-fetch's Middleware contract and per-call options, as the client runs them, against a
// real server: order, what each hook receives, replacing the request or the response, onError,
// eject, and the per-call serializers and RequestInit fields.
import type { Middleware } from "openapi-fetch";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createClient } from "../src/index.js";
import { json, startFaultServer, type FaultServer } from "./fault-server.js";

let server: FaultServer;
beforeAll(async () => {
  server = await startFaultServer();
});
afterAll(() => server.close());
beforeEach(() => server.script());

describe("middleware", () => {
  it("runs onRequest in order and onResponse in reverse, with openapi-fetch's parameters", async () => {
    const seen: string[] = [];
    const ids = new Set<string>();
    const tag = (name: string): Middleware => ({
      onRequest({ request, schemaPath, params, options, id }) {
        seen.push(`request ${name} ${schemaPath} ${JSON.stringify(params.path)} ${options.parseAs}`);
        ids.add(id);
        expect(Object.isFrozen(options)).toBe(true);
        const next = new Request(request);
        next.headers.set(`x-${name}`, "1");
        return next;
      },
      onResponse({ response, id }) {
        seen.push(`response ${name} ${response.status}`);
        ids.add(id);
        return undefined;
      },
    });
    const client = createClient({ token: "tk_middleware", baseUrl: server.url, middleware: [tag("a")] });
    server.script(json(200, { id: "t-1" }));
    await client.GET("/v1/apitokens/{id}", { params: { path: { id: "t-1" } }, middleware: [tag("b")] });
    expect(seen).toEqual([
      'request a /v1/apitokens/{id} {"id":"t-1"} json',
      'request b /v1/apitokens/{id} {"id":"t-1"} json',
      "response b 200",
      "response a 200",
    ]);
    expect(ids.size).toBe(1);
    expect(server.received[0]!.headers).toMatchObject({ "x-a": "1", "x-b": "1", authorization: "Bearer tk_middleware" });
  });

  it("a Response from onRequest or onError is the answer; ejected middleware no longer runs", async () => {
    const answer: Middleware = { onRequest: () => Response.json({ roleNames: ["FromMiddleware"] }) };
    const client = createClient({ token: "t", baseUrl: server.url });
    client.use(answer);
    await expect(client.apitokens.listAllowedTokenRoles()).resolves.toEqual({ roleNames: ["FromMiddleware"] });
    expect(server.received).toHaveLength(0);
    client.eject(answer);
    await expect(client.apitokens.listAllowedTokenRoles()).resolves.toEqual({ roleNames: ["Admin"] });

    const offline = createClient({
      token: "t",
      baseUrl: server.url,
      fetch: async () => Promise.reject(new TypeError("offline")),
      middleware: [{ onError: ({ error }) => Response.json({ roleNames: [String((error as Error).message)] }) }],
    });
    await expect(offline.apitokens.listAllowedTokenRoles()).resolves.toEqual({ roleNames: ["offline"] });
  });

  it("per-call querySerializer, bodySerializer and RequestInit fields are used", async () => {
    const client = createClient({ token: "t", baseUrl: server.url });
    server.script(json(200, { tokens: [] }), json(200, { token: "x" }));
    await client.GET("/v1/apitokens", { params: { query: { revoked: true } }, querySerializer: () => "revoked=yes", cache: "no-store" });
    await client.POST("/v1/apitokens/generate", { body: { name: "n" }, bodySerializer: (body: unknown) => JSON.stringify({ wrapped: body }) });
    expect(server.received.map((r) => r.target)).toEqual(["/v1/apitokens?revoked=yes", "/v1/apitokens/generate"]);
    expect(JSON.parse(server.received[1]!.body)).toEqual({ wrapped: { name: "n" } });
    expect(server.received[1]!.headers["content-type"]).toBe("application/json");
  });
});
