// Contract tests: every operation, through the client, against a real Prism mock of the spec.
import { startMock, type MockServer } from "@tokenkit/mock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  APIError,
  AuthenticationError,
  BadRequestError,
  createClient,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  type TokenkitClient,
} from "../src/index.js";
import { declaredStatuses, firstExample, specOperations } from "./spec-examples.js";

const TOKEN = "contract-test-token";
const ORG = "9c6a3f4e-5b1d-4f7a-8e2c-0d9b7a6f5e41";
const CHATROOM = "6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const LIVE = "0b7f5a52-3c2d-4e8f-9a1b-6c5d4e3f2a10";
const TOKEN_ID = "d3b07384-d113-4ec6-a2a3-2f8f1b5c9e7a";

const ERROR_CLASSES: Record<number, Function> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  500: InternalServerError,
};

let mock: MockServer;
let client: TokenkitClient;

beforeAll(async () => {
  mock = await startMock();
  client = createClient({ token: TOKEN, orgId: ORG, baseUrl: mock.url, timeout: 10_000 });
});
afterAll(() => mock?.stop());

/** One valid call per operation; `headers` lets a test ask Prism for another response. */
const calls: Record<string, (c: TokenkitClient, headers?: Record<string, string>) => Promise<{ data?: unknown; error?: APIError; response: Response }>> = {
  CreateChatroomToken: (c, headers) =>
    c.POST("/bv/chatroom/v1/chatrooms/{id}/tokens", {
      params: { path: { id: CHATROOM } },
      body: { role: "ROLE_VIEWER", name: "Ada" },
      headers,
    }),
  CreateLiveAdminInteractionToken: (c, headers) =>
    c.POST("/bv/cms/v1/lives/{id}/interaction/tokens:admin", { params: { path: { id: LIVE } }, body: {}, headers }),
  CreateAdminResourceToken: (c, headers) =>
    c.POST("/bv/cms/v1/resources/tokens:admin", {
      body: { resource_id: LIVE, resource_type: "RESOURCE_TYPE_LIVE", expires_in: "3600s" },
      headers,
    }),
  CreateGroup: (c, headers) =>
    c.POST("/bv/org/v1/groups", { body: { name: "Editors", description: "Content editors", user_ids: [] }, headers }),
  ListAllowedTokenRoles: (c, headers) => c.GET("/v1/apitokens/generate/allowed-roles", { headers }),
  GenerateToken: (c, headers) =>
    c.POST("/v1/apitokens/generate", {
      body: { name: "ci-pipeline", roles: ["Continuous Integration"], expiration: "2027-01-01T00:00:00Z" },
      headers,
    }),
  GetAPITokens: (c, headers) => c.GET("/v1/apitokens", { params: { query: { revoked: false } }, headers }),
  GetAPIToken: (c, headers) => c.GET("/v1/apitokens/{id}", { params: { path: { id: TOKEN_ID } }, headers }),
  RevokeToken: (c, headers) => c.PATCH("/v1/apitokens/revoke/{id}", { params: { path: { id: TOKEN_ID } }, headers }),
};

describe("the spec and the test table agree", () => {
  it("covers every operation of the spec, and nothing else", () => {
    expect(Object.keys(calls).sort()).toEqual(specOperations.map((o) => o.operationId).sort());
    expect(specOperations).toHaveLength(9);
  });
});

describe.each(Object.keys(calls))("%s", (operationId) => {
  const call = calls[operationId]!;

  it("returns the 200 example", async () => {
    const { data, error, response } = await call(client);
    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data).toEqual(firstExample(operationId, 200));
  });

  it.each(declaredStatuses(operationId).filter((s) => s !== 200))("decodes the declared %i error body", async (status) => {
    const { data, error, response } = await call(client, { Prefer: `code=${status}` });
    expect(data).toBeUndefined();
    expect(response.status).toBe(status);
    expect(error).toBeInstanceOf(APIError);
    expect(error).toBeInstanceOf(ERROR_CLASSES[status]);
    expect(error!.status).toBe(status);
    expect(error!.body).toEqual(firstExample(operationId, status));
    expect(error!.code).toBe((firstExample(operationId, status) as { code: number }).code);
  });

  it("answers 401 when the bearer token is missing", async () => {
    const anonymous = createClient({ token: TOKEN, orgId: ORG, baseUrl: mock.url, timeout: 10_000 });
    anonymous.use({ onRequest: ({ request }) => (request.headers.delete("Authorization"), request) });
    const { error, response } = await call(anonymous);
    expect(response.status).toBe(401);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error!.body).toEqual(firstExample(operationId, 401));
  });
});

describe("request validation by the mock", () => {
  it("rejects an enum value outside the spec", async () => {
    const { error, response } = await client.POST("/bv/chatroom/v1/chatrooms/{id}/tokens", {
      params: { path: { id: CHATROOM } },
      body: { role: "ROLE_SUPERUSER" as never },
    });
    expect(response.status).toBe(400);
    expect(error).toBeInstanceOf(BadRequestError);
    // Prism names the failing field in its sl-violations header.
    expect(error!.headers.get("sl-violations")).toMatch(/role/);
  });

  it("rejects a body without a required field", async () => {
    const { response } = await client.POST("/bv/cms/v1/resources/tokens:admin", {
      body: { resource_id: LIVE } as never,
    });
    expect(response.status).toBe(400);
  });

  it("rejects a malformed date-time", async () => {
    const { response } = await client.POST("/v1/apitokens/generate", {
      body: { name: "ci", roles: ["Admin"], expiration: "next tuesday" },
    });
    expect(response.status).toBe(400);
  });

  it("rejects expired_at together with expires_in", async () => {
    const { response } = await client.POST("/bv/cms/v1/resources/tokens:admin", {
      body: { resource_id: LIVE, resource_type: "RESOURCE_TYPE_VOD", expires_in: "60s", expired_at: "2027-01-01T00:00:00Z" },
    });
    expect(response.status).toBe(400);
  });
});

describe("routing of overlapping paths", () => {
  it("sends /v1/apitokens/generate/allowed-roles to ListAllowedTokenRoles, not GetAPIToken", async () => {
    const { data } = await client.GET("/v1/apitokens/generate/allowed-roles");
    expect(data).toHaveProperty("roleNames");
    expect(data).not.toHaveProperty("id");
  });

  it("sends /v1/apitokens/{id} to GetAPIToken", async () => {
    const { data } = await client.GET("/v1/apitokens/{id}", { params: { path: { id: TOKEN_ID } } });
    expect(data).toHaveProperty("id");
    expect(data).not.toHaveProperty("roleNames");
  });

  it("tells the two tokens:admin operations apart", async () => {
    const live = await calls.CreateLiveAdminInteractionToken!(client);
    const resource = await calls.CreateAdminResourceToken!(client);
    expect(live.data).toHaveProperty("chatroom_token");
    expect(resource.data).toHaveProperty("token");
    expect(resource.data).not.toHaveProperty("chatroom_token");
  });
});

/** The same nine calls through the named operations (throwing style). */
const named: Record<string, (c: TokenkitClient, headers?: Record<string, string>) => Promise<unknown>> = {
  CreateChatroomToken: (c, headers) =>
    c.chatroom.createChatroomToken({ id: CHATROOM, body: { role: "ROLE_VIEWER", name: "Ada" } }, { headers }),
  CreateLiveAdminInteractionToken: (c, headers) => c.cms.createLiveAdminInteractionToken({ id: LIVE, body: {} }, { headers }),
  CreateAdminResourceToken: (c, headers) =>
    c.cms.createAdminResourceToken({ body: { resource_id: LIVE, resource_type: "RESOURCE_TYPE_VOD" } }, { headers }),
  CreateGroup: (c, headers) => c.org.createGroup({ body: { name: "Editors" } }, { headers }),
  ListAllowedTokenRoles: (c, headers) => c.apitokens.listAllowedTokenRoles(undefined, { headers }),
  GenerateToken: (c, headers) => c.apitokens.generateToken({ body: { name: "ci", roles: ["Admin"] } }, { headers }),
  GetAPITokens: (c, headers) => c.apitokens.getAPITokens({ revoked: true }, { headers }),
  GetAPIToken: (c, headers) => c.apitokens.getAPIToken({ id: TOKEN_ID }, { headers }),
  RevokeToken: (c, headers) => c.apitokens.revokeToken({ id: TOKEN_ID }, { headers }),
};

describe("named operations", () => {
  it("exist for every operation of the spec, grouped by tag", () => {
    expect(Object.keys(named).sort()).toEqual(specOperations.map((o) => o.operationId).sort());
    // The tags and operations are inherited (built on first use), hence for-in rather than Object.entries.
    const methods: string[] = [];
    for (const tag in client) {
      const group = client[tag as keyof TokenkitClient];
      if (typeof group === "object") for (const name in group) methods.push(`${tag}.${name}`);
    }
    const expected = specOperations.map((o) => `${o.tag}.${o.operationId[0]!.toLowerCase()}${o.operationId.slice(1)}`);
    expect(methods.sort()).toEqual(expected.sort());
  });

  describe.each(Object.keys(named))("%s", (operationId) => {
    it("resolves to the 200 example", async () => {
      await expect(named[operationId]!(client)).resolves.toEqual(firstExample(operationId, 200));
    });

    it("throws the typed error for every declared error status", async () => {
      for (const status of declaredStatuses(operationId).filter((s) => s !== 200)) {
        const error = await named[operationId]!(client, { Prefer: `code=${status}` }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ERROR_CLASSES[status]);
        expect(error).toMatchObject({ status, body: firstExample(operationId, status) });
      }
    });
  });
});
