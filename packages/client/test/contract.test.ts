// Contract tests: every operation of the spec, through the client, against a real Prism mock of
// the spec. The cases come from the spec itself: every operation, both call styles, every
// declared status and every named example, with requests built from the operation's examples.
import { declaredStatuses, exampleRequest, responseExamples, type Operation } from "@tokenkit/spec-model";
import type { MockServer } from "@tokenkit/mock";
import { startMockSharingPrism } from "../../mock/test/mock-sharing-prism.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  APIError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  createClient,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
  type TokenkitClient,
} from "../src/index.js";
import { pathStyle, spec, specOperations } from "./spec-examples.js";

const TOKEN = "contract-test-token";
const ORG = "9c6a3f4e-5b1d-4f7a-8e2c-0d9b7a6f5e41";
const LIVE = "0b7f5a52-3c2d-4e8f-9a1b-6c5d4e3f2a10";
const CHATROOM = "6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const TOKEN_ID = "d3b07384-d113-4ec6-a2a3-2f8f1b5c9e7a";

/** The class the client's README promises for each status. */
function errorClassFor(status: number): Function {
  const byStatus: Record<number, Function> = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
  };
  return byStatus[status] ?? (status >= 500 ? InternalServerError : APIError);
}

type Headers = Record<string, string>;

let mock: MockServer;
let client: TokenkitClient;

beforeAll(async () => {
  mock = await startMockSharingPrism();
  // Each case checks Prism's answer to one request: a declared 5xx is handed back as it came,
  // not retried (retries and their back-off are the subject of faults.test.ts).
  client = createClient({ token: TOKEN, orgId: ORG, baseUrl: mock.url, timeout: 10_000, maxRetries: 0 });
});
afterAll(() => mock?.stop());

function operation(operationId: string): Operation {
  const op = specOperations.find((o) => o.operationId === operationId);
  if (!op) throw new Error(`no operation ${operationId} in the spec`);
  return op;
}

/** The same call through the named operation (`client.<tag>.<name>({ ...path, ...query, body })`). */
function namedStyle(c: TokenkitClient, op: Operation, headers?: Headers): Promise<unknown> {
  const { path, query, body } = exampleRequest(spec, op);
  const args = { ...path, ...query, ...(body === undefined ? {} : { body }) };
  const group = (c as unknown as Record<string, Record<string, (args?: object, options?: object) => Promise<unknown>>>)[op.tag!]!;
  return group[op.name]!(Object.keys(args).length ? args : undefined, { headers });
}

/** Every example of every declared status: what to ask Prism for, and what must come back. */
function cases(op: Operation) {
  return declaredStatuses(op).flatMap((status) =>
    responseExamples(spec, op, status).map(({ name, value }) => ({
      label: `${status}${name ? ` ${name}` : ""}`,
      status,
      prefer: name ? `code=${status}, example=${name}` : `code=${status}`,
      value,
    })),
  );
}

describe("the spec", () => {
  it("has operations, each with an example of every declared status", () => {
    expect(specOperations.length).toBeGreaterThan(0);
    for (const op of specOperations) {
      for (const status of declaredStatuses(op)) {
        expect(responseExamples(spec, op, status).length, `${op.operationId} ${status}`).toBeGreaterThan(0);
      }
    }
  });
});

describe.each(specOperations.map((op) => [op.operationId, op] as const))("%s", (_, op) => {
  const success = Math.min(...declaredStatuses(op).filter((s) => s < 300));

  it("answers its first success example by default, both styles", async () => {
    const expected = responseExamples(spec, op, success)[0]!.value;
    const { data, error, response } = await pathStyle(client, op);
    expect(error).toBeUndefined();
    expect(response.status).toBe(success);
    expect(data).toEqual(expected);
    await expect(namedStyle(client, op)).resolves.toEqual(expected);
  });

  it.each(cases(op).map((c) => [c.label, c] as const))("answers %s as declared, both styles", async (_, c) => {
    const headers = { Prefer: c.prefer };
    const { data, error, response } = await pathStyle(client, op, headers);
    expect(response.status).toBe(c.status);
    if (c.status < 300) {
      expect(error).toBeUndefined();
      expect(data).toEqual(c.value);
      await expect(namedStyle(client, op, headers)).resolves.toEqual(c.value);
      return;
    }
    expect(data).toBeUndefined();
    expect(error).toBeInstanceOf(errorClassFor(c.status));
    expect(error).toMatchObject({ status: c.status, body: c.value });
    const code = (c.value as { code?: unknown } | null)?.code;
    if (typeof code === "number") expect(error!.code).toBe(code);
    const thrown = await namedStyle(client, op, headers).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(errorClassFor(c.status));
    expect(thrown).toMatchObject({ status: c.status, body: c.value });
  });

  it(op.authenticated ? "answers 401 when the bearer token is missing" : "needs no bearer token (security: [])", async () => {
    const anonymous = createClient({ token: TOKEN, orgId: ORG, baseUrl: mock.url, timeout: 10_000 });
    anonymous.use({ onRequest: ({ request }) => (request.headers.delete("Authorization"), request) });
    const { data, error, response } = await pathStyle(anonymous, op);
    if (!op.authenticated) {
      expect(error).toBeUndefined();
      expect(response.status).toBe(success);
      expect(data).toEqual(responseExamples(spec, op, success)[0]!.value);
      return;
    }
    expect(response.status).toBe(401);
    expect(error).toBeInstanceOf(AuthenticationError);
    const declared = responseExamples(spec, op, 401)[0];
    if (declared) expect(error!.body).toEqual(declared.value);
  });
});

describe("named operations", () => {
  it("exist for every operation of the spec, grouped by tag, and nothing else", () => {
    // The tags and operations are inherited (built on first use), hence for-in rather than Object.entries.
    const methods: string[] = [];
    for (const tag in client) {
      const group = client[tag as keyof TokenkitClient];
      if (typeof group === "object") for (const name in group) methods.push(`${tag}.${name}`);
    }
    expect(methods.sort()).toEqual(specOperations.map((op) => `${op.tag}.${op.name}`).sort());
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
    const live = await pathStyle(client, operation("CreateLiveAdminInteractionToken"));
    const resource = await pathStyle(client, operation("CreateAdminResourceToken"));
    expect(live.data).toHaveProperty("chatroom_token");
    expect(resource.data).toHaveProperty("token");
    expect(resource.data).not.toHaveProperty("chatroom_token");
  });
});
