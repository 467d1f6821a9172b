// Unit tests of the client's own logic, with a recording `fetch` (the contract tests use Prism).
import { describe, expect, it } from "vitest";
import { BLENDVISION_BASE_URL, createClient, InvalidArgumentError } from "../src/index.js";
import { operationsByTag } from "../src/generated/operations.js";
import { specOperations as operations } from "./spec-examples.js";

function recorder() {
  const requests: Request[] = [];
  const fetch = async (request: Request) => {
    requests.push(request);
    return new Response("{}", { status: 200, headers: { "content-type": "application/json" } });
  };
  return { requests, fetch };
}

describe("createClient", () => {
  it("refuses a missing or blank token, naming the option", () => {
    expect(() => createClient({ token: "" })).toThrow(InvalidArgumentError);
    expect(() => createClient({ token: "  " })).toThrow(/"token"/);
    expect(() => createClient(undefined as never)).toThrow(/"token"/);
  });

  it("refuses a negative timeout", () => {
    expect(() => createClient({ token: "t", timeout: -1 })).toThrow(/"timeout"/);
  });

  it("sends the bearer token on every request", async () => {
    const { requests, fetch } = recorder();
    const client = createClient({ token: "secret-1", baseUrl: "http://mock.test", fetch });
    await client.GET("/v1/apitokens");
    expect(requests[0]!.headers.get("authorization")).toBe("Bearer secret-1");
  });

  it("sends x-bv-org-id only on the operations that declare it", async () => {
    const { requests, fetch } = recorder();
    const client = createClient({ token: "t", orgId: "org-7", baseUrl: "http://mock.test", fetch });
    await client.POST("/bv/org/v1/groups", { body: { name: "g" } });
    await client.POST("/bv/cms/v1/resources/tokens:admin", { body: { resource_id: "r", resource_type: "RESOURCE_TYPE_VOD" } });
    await client.POST("/bv/cms/v1/lives/{id}/interaction/tokens:admin", { params: { path: { id: "l" } }, body: {} });
    await client.POST("/bv/chatroom/v1/chatrooms/{id}/tokens", { params: { path: { id: "c" } }, body: {} });
    await client.GET("/v1/apitokens");
    expect(requests.map((r) => r.headers.get("x-bv-org-id"))).toEqual(["org-7", "org-7", "org-7", null, null]);
  });

  it("lets an explicit x-bv-org-id win over the client's", async () => {
    const { requests, fetch } = recorder();
    const client = createClient({ token: "t", orgId: "org-7", baseUrl: "http://mock.test", fetch });
    await client.POST("/bv/org/v1/groups", { body: { name: "g" }, params: { header: { "x-bv-org-id": "org-9" } } });
    expect(requests[0]!.headers.get("x-bv-org-id")).toBe("org-9");
  });

  it("routes each API family to its own base URL", async () => {
    const { requests, fetch } = recorder();
    const client = createClient({ token: "t", orgId: "org-7", baseUrl: { stackrox: "https://central.example.test/" }, fetch });
    await client.POST("/bv/org/v1/groups", { body: { name: "g" } });
    await client.GET("/v1/apitokens/{id}", { params: { path: { id: "abc" } } });
    expect(requests.map((r) => r.url)).toEqual([
      `${BLENDVISION_BASE_URL}/bv/org/v1/groups`,
      "https://central.example.test/v1/apitokens/abc",
    ]);
  });

  it("needs a StackRox base URL before calling a StackRox operation", async () => {
    const { requests, fetch } = recorder();
    const client = createClient({ token: "t", fetch });
    await expect(client.GET("/v1/apitokens")).rejects.toThrow(/baseUrl\.stackrox/);
    expect(requests).toHaveLength(0);
  });

  it.each([undefined, null, "", "   ", ".", ".."])("refuses the path parameter %j before sending", async (id) => {
    const { requests, fetch } = recorder();
    const client = createClient({ token: "t", baseUrl: "http://mock.test", fetch });
    const call = client.GET("/v1/apitokens/{id}", { params: { path: { id: id as string } } });
    await expect(call).rejects.toThrow(InvalidArgumentError);
    await expect(call).rejects.toMatchObject({ field: "id" });
    expect(requests).toHaveLength(0);
  });

  it("percent-encodes path parameters so they cannot change the route", async () => {
    const { requests, fetch } = recorder();
    const client = createClient({ token: "t", baseUrl: "http://mock.test", fetch });
    for (const id of ["a/b", "x?y", "#", "%2e%2e", "ü"]) {
      await client.GET("/v1/apitokens/{id}", { params: { path: { id } } });
    }
    expect(requests.map((r) => new URL(r.url).pathname)).toEqual([
      "/v1/apitokens/a%2Fb",
      "/v1/apitokens/x%3Fy",
      "/v1/apitokens/%23",
      "/v1/apitokens/%252e%252e",
      "/v1/apitokens/%C3%BC",
    ]);
  });
});

// Which operations require the organization header comes from the spec, through the operation table.
describe("the organization header, where the spec requires it", () => {
  const requiring = operations.filter((o) => o.orgHeader === "required");
  const named = (client: ReturnType<typeof createClient>, o: (typeof operations)[number]) =>
    (client as unknown as Record<string, Record<string, (args: object, options?: object) => Promise<unknown>>>)[o.tag!]![o.name]!;
  /** Arguments that satisfy the operation's path parameters. */
  const pathArgs = (o: (typeof operations)[number]) => Object.fromEntries(o.pathParams.map((name) => [name, "x"]));
  /** An empty body where the operation declares one, nothing where it does not. */
  const bodyOf = (o: (typeof operations)[number]) => (o.requestBody ? { body: {} } : {});

  it("is required by at least one operation; the table says required, optional or not taken", () => {
    expect(requiring.length).toBeGreaterThan(0);
    for (const o of operations) expect([false, "optional", "required"]).toContain(o.orgHeader);
    // The generated table the client runs on says the same.
    const table = Object.values(operationsByTag).flatMap(([, ...entries]) => entries);
    for (const o of operations) expect(table.find(([, method, path]) => method === o.method && path === o.path)![3]).toBe(o.orgHeader || undefined);
  });

  it.each(requiring.map((o) => [o.operationId, o] as const))("%s without orgId or header is refused before the network", async (_, o) => {
    const { requests, fetch } = recorder();
    const client = createClient({ token: "t", baseUrl: "http://mock.test", fetch });
    const call = (client as unknown as Record<string, (path: string, init: object) => Promise<unknown>>)[o.method]!(o.path, {
      params: { path: pathArgs(o) },
      ...bodyOf(o),
    });
    await expect(call).rejects.toThrow(InvalidArgumentError);
    await expect(call).rejects.toMatchObject({ field: "orgId" });
    const namedCall = named(client, o)({ ...pathArgs(o), ...bodyOf(o) });
    await expect(namedCall).rejects.toThrow(InvalidArgumentError);
    await expect(namedCall).rejects.toMatchObject({ field: "orgId" });
    expect(requests).toHaveLength(0);
  });

  it.each(requiring.map((o) => [o.operationId, o] as const))("%s is sent with the header given per call, in any case, or for the client", async (_, o) => {
    const { requests, fetch } = recorder();
    const client = createClient({ token: "t", baseUrl: "http://mock.test", fetch });
    const path = client as unknown as Record<string, (path: string, init: object) => Promise<unknown>>;
    await path[o.method]!(o.path, { params: { path: pathArgs(o), header: { "x-bv-org-id": "org-1" } }, ...bodyOf(o) });
    await path[o.method]!(o.path, { params: { path: pathArgs(o) }, headers: { "X-BV-Org-Id": "org-2" }, ...bodyOf(o) });
    await named(client, o)({ ...pathArgs(o), ...bodyOf(o) }, { headers: { "x-bv-org-id": "org-3" } });
    const withDefault = createClient({ token: "t", baseUrl: "http://mock.test", fetch, headers: { "x-bv-org-id": "org-4" } });
    await named(withDefault, o)({ ...pathArgs(o), ...bodyOf(o) });
    expect(requests.map((r) => r.headers.get("x-bv-org-id"))).toEqual(["org-1", "org-2", "org-3", "org-4"]);
  });

  it("does not ask for it on operations that do not require it", async () => {
    const { requests, fetch } = recorder();
    const client = createClient({ token: "t", baseUrl: "http://mock.test", fetch });
    const others = operations.filter((o) => o.orgHeader !== "required");
    for (const o of others) await named(client, o)({ ...pathArgs(o), ...bodyOf(o) });
    expect(requests).toHaveLength(others.length);
    expect(requests.every((r) => r.headers.get("x-bv-org-id") === null)).toBe(true);
  });
});
