// Stateful mode through the typed client, as a frontend builds list → detail → revoke screens.
// The client is imported from source: it depends on this package for its own tests, so a
// dependency back would make the workspace graph circular.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { BadRequestError, InternalServerError, createClient } from "../../client/src/index.js";
import { startMock, type MockServer } from "../src/index.js";
import { checkFixtures, isJwt } from "@tokenkit/msw/engine";
import { auth, doc, errorShape, errorStatusFor, exampleRequests, ops, startMockSharingPrism, timeout, validator } from "./helpers.js";

const op = (id: string) => ops.find((o) => o.operationId === id)!;
const exampleOf = (id: string) => exampleRequests.find((r) => r.op.operationId === id)!;
const valid = (operationId: string, body: unknown) => expect(validator.check(op(operationId), "200", body), operationId).toEqual([]);

let mock: MockServer;
let client: ReturnType<typeof createClient>;
beforeAll(async () => {
  mock = await startMockSharingPrism({ stateful: true });
  client = createClient({ token: "dev", orgId: "dev-org", baseUrl: mock.url, maxRetries: 0, timeout: 10_000 });
});
afterAll(async () => {
  await mock?.stop();
});
beforeEach(() => mock.reset());

describe("API tokens", () => {
  it("generate → list shows it → get → revoke → get shows revoked → list with revoked=false hides it", async () => {
    const generated = await client.apitokens.generateToken({ body: { name: "storybook", roles: ["Analyst"] } });
    valid("GenerateToken", generated);
    const id = generated.metadata!.id!;
    expect(generated.metadata).toMatchObject({ name: "storybook", roles: ["Analyst"], revoked: false });

    const list = await client.apitokens.getAPITokens({});
    valid("GetAPITokens", list);
    expect(list.tokens!.map((t) => t.id)).toContain(id);

    const got = await client.apitokens.getAPIToken({ id });
    valid("GetAPIToken", got);
    expect(got).toEqual(generated.metadata);

    await client.apitokens.revokeToken({ id });
    expect(await client.apitokens.getAPIToken({ id })).toMatchObject({ id, revoked: true });

    const active = await client.apitokens.getAPITokens({ revoked: false });
    expect(active.tokens!.map((t) => t.id)).not.toContain(id);
    expect(active.tokens!.every((t) => t.revoked === false)).toBe(true);
    const revoked = await client.apitokens.getAPITokens({ revoked: true });
    expect(revoked.tokens!.map((t) => t.id)).toContain(id);
    expect(revoked.tokens!.every((t) => t.revoked === true)).toBe(true);

    // Every stored object matches the spec, checked with a JSON Schema validator.
    expect(() => checkFixtures(doc, ops, mock.state()!, "state")).not.toThrow();
  });

  it("gives every token a new id, a new JWT, and a 365-day lifetime unless told otherwise", async () => {
    const a = await client.apitokens.generateToken({ body: { name: "a", roles: ["Admin"] } });
    const b = await client.apitokens.generateToken({ body: { name: "b", roles: ["Admin"], expiration: "2099-01-01T00:00:00Z" } });
    expect(a.metadata!.id).not.toBe(b.metadata!.id);
    expect(a.token).not.toBe(b.token);
    expect(isJwt(a.token)).toBe(true);
    const lifetime = Date.parse(a.metadata!.expiration!) - Date.parse(a.metadata!.issuedAt!);
    expect(lifetime).toBe(365 * 86_400_000);
    expect(Math.abs(Date.parse(a.metadata!.issuedAt!) - Date.now())).toBeLessThan(60_000);
    expect(b.metadata!.expiration).toBe("2099-01-01T00:00:00Z");
  });

  it.each([
    ["an empty name", { name: "", roles: ["Admin"] }, /name cannot be empty/],
    ["a role that does not exist", { name: "x", roles: ["Admin", "Wizard"] }, /Wizard/],
    ["both role and roles", { name: "x", role: "Admin", roles: ["Admin"] }, /either role or roles/],
    ["an expiration in the past", { name: "x", roles: ["Admin"], expiration: "2001-01-01T00:00:00Z" }, /past/],
  ])("refuses %s as Central does: 400, code 3", async (_, body, message) => {
    const error = await client.apitokens.generateToken({ body: body as never }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    const { body: errorBody, code } = error as BadRequestError<{ message: string }>;
    expect(code).toBe(3);
    expect(errorBody!.message).toMatch(message);
    expect(validator.check(op("GenerateToken"), errorStatusFor(op("GenerateToken"), 400), errorBody)).toEqual([]);
    expect(Object.keys(errorBody!).sort()).toEqual(errorShape(op("GenerateToken"), 400));
  });

  it("answers an unknown id as Central does: get → 400 code 3, revoke → 500 code 13", async () => {
    const get = await client.apitokens.getAPIToken({ id: "no-such-token" }).catch((e: unknown) => e);
    expect(get).toBeInstanceOf(BadRequestError);
    expect((get as BadRequestError).code).toBe(3);
    expect(validator.check(op("GetAPIToken"), errorStatusFor(op("GetAPIToken"), 400), (get as BadRequestError).body)).toEqual([]);
    const revoke = await client.apitokens.revokeToken({ id: "no-such-token" }, { maxRetries: 0 }).catch((e: unknown) => e);
    expect(revoke).toBeInstanceOf(InternalServerError);
    expect((revoke as InternalServerError).code).toBe(13);
    expect(validator.check(op("RevokeToken"), errorStatusFor(op("RevokeToken"), 500), (revoke as InternalServerError).body)).toEqual([]);
  });

  it("only accepts the roles ListAllowedTokenRoles lists", async () => {
    const { roleNames } = await client.apitokens.listAllowedTokenRoles();
    expect(roleNames!.length).toBeGreaterThan(0);
    for (const role of roleNames!) await expect(client.apitokens.generateToken({ body: { name: role, roles: [role] } })).resolves.toBeDefined();
  });

  it("leaves a request with Prefer to Prism: the documented answer, state untouched", async () => {
    const before = mock.state();
    const response = await fetch(`${mock.url}/v1/apitokens/no-such-token`, { headers: { ...auth, Prefer: "code=200" }, signal: timeout() });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(exampleOf("GetAPIToken").expected);
    expect(mock.state()).toEqual(before);
  });
});

describe("groups", () => {
  it("gives two CreateGroup calls two ids, each group as asked for", async () => {
    const first = await client.org.createGroup({ body: { name: "Editors" } });
    const second = await client.org.createGroup({ body: { name: "Viewers", description: "read only" } });
    valid("CreateGroup", first);
    valid("CreateGroup", second);
    expect(first.group!.id).not.toBe(second.group!.id);
    expect(first.group).toMatchObject({ name: "Editors", members: 0, user_infos: [] });
    expect(second.group).toMatchObject({ name: "Viewers", description: "read only" });
    expect(mock.state()!.groups.map((g) => g.id)).toEqual(expect.arrayContaining([first.group!.id, second.group!.id]));
  });

  it("adds the users named in user_ids, and refuses an id no user has", async () => {
    const users = mock.state()!.users;
    expect(users.length).toBeGreaterThan(0);
    const created = await client.org.createGroup({ body: { name: "All", user_ids: users.map((u) => u.id) } });
    expect(created.group).toMatchObject({ members: users.length, user_infos: users });
    const error = await client.org.createGroup({ body: { name: "Ghosts", user_ids: ["nobody"] } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as BadRequestError<{ message: string }>).body!.message).toContain("nobody");
  });
});

describe("minted tokens", () => {
  const jwts = (value: unknown): string[] =>
    isJwt(value) ? [value] : value && typeof value === "object" ? Object.values(value).flatMap(jwts) : [];

  it.each(exampleRequests.filter((r) => jwts(r.expected).length).map((r) => [r.op.operationId, r] as const))(
    "%s hands out new tokens on every call",
    async (_, r) => {
      const call = async () => {
        const response = await fetch(mock.url + r.path, { method: r.method, headers: auth, body: r.body === undefined ? undefined : JSON.stringify(r.body), signal: timeout() });
        expect(response.status).toBe(200);
        const body = await response.json();
        valid(r.op.operationId, body);
        return jwts(body);
      };
      const [first, second] = [await call(), await call()];
      expect(first.length).toBe(jwts(r.expected).length);
      for (const token of first) {
        expect(second).not.toContain(token);
        expect(jwts(r.expected)).not.toContain(token);
      }
    },
  );
});

describe("reset and fixtures", () => {
  it("reset restores the initial state, over HTTP and from startMock()", async () => {
    const initial = await client.apitokens.getAPITokens({});
    expect(initial.tokens).toEqual((exampleOf("GetAPITokens").expected as { tokens: unknown[] }).tokens);
    const { metadata } = await client.apitokens.generateToken({ body: { name: "temp", roles: ["Admin"] } });
    await client.apitokens.revokeToken({ id: initial.tokens![0]!.id! });

    expect((await fetch(`${mock.url}/__mock/reset`, { method: "POST", signal: timeout() })).status).toBe(204);
    expect(await client.apitokens.getAPITokens({})).toEqual(initial);
    await expect(client.apitokens.getAPIToken({ id: metadata!.id! })).rejects.toBeInstanceOf(BadRequestError);
  });

  it("starts from a fixtures file, checked against the spec", { timeout: 180_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), "mock-fixtures-"));
    const token = { id: "fixture-1", name: "from-fixture", roles: ["Analyst"], issuedAt: "2026-01-01T00:00:00Z", expiration: "2027-01-01T00:00:00Z", revoked: false };
    const file = join(dir, "fixtures.json");
    writeFileSync(file, JSON.stringify({ tokens: [token], allowedRoles: ["Analyst"] }));
    const fromFile = await startMockSharingPrism({ stateful: true, fixtures: file });
    try {
      const c = createClient({ token: "dev", baseUrl: fromFile.url, maxRetries: 0, timeout: 10_000 });
      expect((await c.apitokens.getAPITokens({})).tokens).toEqual([token]);
      expect((await c.apitokens.listAllowedTokenRoles()).roleNames).toEqual(["Analyst"]);
      await expect(c.apitokens.generateToken({ body: { name: "x", roles: ["Admin"] } })).rejects.toBeInstanceOf(BadRequestError);
    } finally {
      await fromFile.stop();
    }

    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ tokens: [{ ...token, revoked: "no" }] }));
    await expect(startMock({ stateful: true, fixtures: bad })).rejects.toThrow(new RegExp(`${bad}.*tokens.*revoked`));
  });
});
