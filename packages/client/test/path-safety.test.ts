// Path parameters can never change which route is called: the request line the server receives
// is recorded for each hostile id.
import createFetchClient from "openapi-fetch";
import type { paths } from "@tokenkit/types";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createClient, InvalidArgumentError, type TokenkitClient } from "../src/index.js";
import { startFaultServer, type FaultServer } from "./fault-server.js";

let server: FaultServer;
let client: TokenkitClient;

beforeAll(async () => {
  server = await startFaultServer();
  client = createClient({ token: "t", baseUrl: server.url, maxRetries: 0 });
});
afterAll(() => server.close());
beforeEach(() => server.script());

describe("hostile path parameters", () => {
  it.each([
    ["a/b", "/v1/apitokens/a%2Fb"],
    ["x?y", "/v1/apitokens/x%3Fy"],
    ["#", "/v1/apitokens/%23"],
    ["%2e%2e", "/v1/apitokens/%252e%252e"],
    ["../revoke/x", "/v1/apitokens/..%2Frevoke%2Fx"],
    ["...", "/v1/apitokens/..."],
    ["ü ✓", "/v1/apitokens/%C3%BC%20%E2%9C%93"],
    ["tokens:admin", "/v1/apitokens/tokens%3Aadmin"],
  ])("%j is sent as the request line %s", async (id, target) => {
    await client.apitokens.getAPIToken({ id });
    expect(server.received.map((r) => `${r.method} ${r.target}`)).toEqual([`GET ${target}`]);
  });

  it.each([".", "..", "", " ", "\t", undefined, null])("%j is refused before anything is sent, naming the parameter", async (id) => {
    const error = await client.apitokens.revokeToken({ id: id as string }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error).toMatchObject({ field: "id" });
    expect((error as Error).message).toContain('"id"');
    expect(server.received).toHaveLength(0);
  });

  it("the path style is guarded the same way", async () => {
    const call = client.PATCH("/v1/apitokens/revoke/{id}", { params: { path: { id: ".." } } });
    await expect(call).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(server.received).toHaveLength(0);
  });

  it("(why) bare openapi-fetch lets an id of '..' call a different route", async () => {
    const bare = createFetchClient<paths>({ baseUrl: server.url });
    await bare.PATCH("/v1/apitokens/revoke/{id}", { params: { path: { id: ".." } } });
    expect(server.received.map((r) => `${r.method} ${r.target}`)).toEqual(["PATCH /v1/apitokens/"]);
  });
});
