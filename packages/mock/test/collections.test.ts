// The stateful mock's collections, read from the spec's paths (every GET on `<base>/{id}` whose
// base is listed), driven through the mock server and the MSW handlers alike: create → list (page
// by page, by number or by token) → get → update → delete → unknown id, each answer checked
// against the spec. No operation is named here: adding a collection to the spec adds its cases.
import { setupServer } from "msw/node";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createHandlers, type MockControls } from "@tokenkit/msw";
import { collections, deref, jwtClaims, pagingOf, PAGE_NUMBER, PAGE_TOKEN, type Collection, type Operation } from "@tokenkit/msw/engine";
import { exampleRequest } from "@tokenkit/spec-model";
import type { MockServer } from "../src/index.js";
import { auth, doc, errorStatusFor, exampleRequests, ops, startMockSharingPrism, timeout, validator } from "./helpers.js";

const found = collections(doc, ops);
const byRole = (c: Collection, role: string) => ops.filter((o) => c.roles.get(o.operationId) === role);
const path = (op: Operation, id: string) => op.path.replace(/\{[^}]+\}/, encodeURIComponent(id));
/** The collections whose every step the state owns (StackRox's token service has its own rules: state.test.ts). */
const full = found.filter((c) => ["create", "get", "delete"].every((role) => byRole(c, role).length));

interface Target {
  name: string;
  origin: () => string;
  controls: () => MockControls;
  /** Asked through msw, which listens only meanwhile (see below). */
  throughMsw: boolean;
}
let server: MockServer;
const handlers = createHandlers({ baseUrl: "http://collections.test", stateful: true });
const msw = setupServer(...handlers);
const targets: Target[] = [
  { name: "server", origin: () => server.url, controls: () => server, throughMsw: false },
  { name: "handlers", origin: () => "http://collections.test", controls: () => handlers, throughMsw: true },
];
beforeAll(async () => {
  server = await startMockSharingPrism({ stateful: true });
});
afterAll(async () => {
  await server?.stop();
});
beforeEach(() => {
  server.reset();
  handlers.reset();
});

async function call(target: Target, op: Operation, url: string, body?: unknown) {
  const response = await fetch(target.origin() + url, { method: op.method, headers: auth, body: body === undefined ? undefined : JSON.stringify(body), signal: timeout() });
  const json = (await response.json()) as Record<string, any>;
  return { status: response.status, body: json };
}
const valid = (op: Operation, status: number, body: unknown) => expect(validator.check(op, status < 300 ? String(status) : errorStatusFor(op, status), body), `${op.operationId} ${status}`).toEqual([]);
const unwrap = (c: Collection, body: Record<string, any>) => (c.wrapper ? body[c.wrapper] : body);
/** A list request: the example's query, without its paging (each test sets its own). */
function listUrl(op: Operation, query: Record<string, string | number>) {
  const url = new URL(exampleRequest(doc, op).url, "http://x");
  for (const name of [...url.searchParams.keys()]) if (name.startsWith("filter.") || Object.values({ ...PAGE_NUMBER, ...PAGE_TOKEN }).includes(name as never)) url.searchParams.delete(name);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, String(value));
  return url.pathname + url.search;
}

describe.each(targets.map((t) => [t.name, t] as const))("through the %s", (_, target) => {
  // msw takes over every socket this process opens while it listens, the server's requests (and
  // the server's own to Prism) included, and parses them both ways: it listens only while the
  // handlers are asked.
  beforeAll(() => {
    if (target.throughMsw) msw.listen({ onUnhandledFrame: "bypass" });
  });
  afterAll(() => {
    if (target.throughMsw) msw.close();
  });

  it("the spec has collections the state keeps whole", () => {
    expect(full.length).toBeGreaterThan(0);
  });

  describe.each(full.map((c) => [c.key, c] as const))("%s", (key, c) => {
    it("create → listed → get → update → delete → gone, every answer as the spec declares", async () => {
      for (const create of byRole(c, "create")) {
        const request = exampleRequests.find((r) => r.op === create)!;
        const created = await call(target, create, request.path, request.body);
        expect(created.status).toBe(200);
        valid(create, 200, created.body);
        const id = (c.wrapper && created.body[c.wrapper] ? created.body[c.wrapper] : created.body).id as string;
        expect(target.controls().state()![key as "groups"].map((i) => i.id)).toContain(id);

        for (const list of byRole(c, "list")) {
          const listed = await call(target, list, listUrl(list, pagingOf(list) === "number" ? { [PAGE_NUMBER.page]: 1, [PAGE_NUMBER.size]: 100 } : pagingOf(list) === "token" ? { [PAGE_TOKEN.size]: 100 } : {}));
          valid(list, 200, listed.body);
          expect(listed.body[key].map((i: { id: string }) => i.id), list.operationId).toContain(id);
        }
        for (const get of byRole(c, "get")) {
          const got = await call(target, get, path(get, id));
          valid(get, 200, got.body);
          expect(unwrap(c, got.body).id).toBe(id);
          for (const [field, value] of Object.entries((request.body ?? {}) as object)) if (field in c.properties) expect(unwrap(c, got.body)[field], field).toEqual(value);
        }
        for (const update of byRole(c, "update")) {
          const { body } = exampleRequest(doc, update);
          const changes = Object.fromEntries(Object.entries(body as object).filter(([field]) => field in c.properties));
          const updated = await call(target, update, path(update, id), changes);
          valid(update, 200, updated.body);
          expect(unwrap(c, updated.body)).toMatchObject(changes);
          const [get] = byRole(c, "get");
          expect(unwrap(c, (await call(target, get!, path(get!, id))).body)).toMatchObject(changes);
        }
        for (const remove of byRole(c, "delete")) {
          const deleted = await call(target, remove, path(remove, id));
          expect(deleted.status).toBe(200);
          valid(remove, 200, deleted.body);
        }
        expect(target.controls().state()![key as "groups"].map((i) => i.id)).not.toContain(id);
      }
    });

    it.each(ops.filter((o) => ["get", "update", "delete"].includes(c.roles.get(o.operationId) ?? "")).map((o) => [o.operationId, o] as const))(
      "%s answers an unknown id with the 404 it declares, else its 400",
      async (_, op) => {
        const body = exampleRequest(doc, op).body;
        const answer = await call(target, op, path(op, "no-such-id"), body);
        const expected = op.responses["404"] ? 404 : 400;
        expect(answer.status).toBe(expected);
        expect(answer.body.code).toBe(expected === 404 ? 5 : 3);
        expect(answer.body.message).toContain("no-such-id");
        valid(op, expected, answer.body);
      },
    );

    it.each(ops.filter((o) => c.roles.get(o.operationId) === "list" && pagingOf(o)).map((o) => [o.operationId, o] as const))(
      "%s pages through every item once, in order, as its parameters say",
      async (_, list) => {
        const [create] = byRole(c, "create");
        const request = exampleRequests.find((r) => r.op === create)!;
        for (let i = 0; i < 3; i++) expect((await call(target, create!, request.path, request.body)).status).toBe(200);
        const all = target.controls().state()![key as "groups"].map((i) => i.id);
        expect(all.length).toBeGreaterThan(3);
        const seen: string[] = [];
        if (pagingOf(list) === "number") {
          for (let page = 1; page <= all.length + 1; page++) {
            const answer = await call(target, list, listUrl(list, { [PAGE_NUMBER.page]: page, [PAGE_NUMBER.size]: 2 }));
            valid(list, 200, answer.body);
            expect(answer.body[PAGE_NUMBER.answer]).toEqual({ total_items: all.length, items_per_page: 2, current_page: page });
            seen.push(...answer.body[key].map((i: { id: string }) => i.id));
            expect(answer.body[key].length).toBe(Math.max(0, Math.min(2, all.length - (page - 1) * 2)));
          }
        } else {
          let token = "";
          for (let pages = 0; pages <= all.length; pages++) {
            const answer = await call(target, list, listUrl(list, { [PAGE_TOKEN.size]: 2, ...(token ? { [PAGE_TOKEN.token]: token } : {}) }));
            valid(list, 200, answer.body);
            seen.push(...answer.body[key].map((i: { id: string }) => i.id));
            token = answer.body[PAGE_TOKEN.next];
            if (!token) break;
          }
          expect(token).toBe("");
          const bad = await call(target, list, listUrl(list, { [PAGE_TOKEN.token]: "not-a-token" }));
          expect(bad.status).toBe(400);
          valid(list, 400, bad.body);
        }
        expect(seen).toEqual(all);
      },
    );
  });

  it("mints a new token on every call of an operation that hands tokens out but keeps none", async () => {
    const stateless = exampleRequests.filter((r) => !found.some((c) => c.roles.has(r.op.operationId)) && JSON.stringify(r.expected ?? null).includes('"token"'));
    expect(stateless.length).toBeGreaterThan(0);
    for (const r of stateless) {
      const [first, second] = [await call(target, r.op, r.path, r.body), await call(target, r.op, r.path, r.body)];
      expect(first.status, r.op.operationId).toBe(200);
      expect(first.body.token, r.op.operationId).not.toBe(second.body.token);
      expect(first.body.token, r.op.operationId).not.toBe((r.expected as { token?: string }).token);
    }
  });

  it("revokes a resource token it made, and refuses one it did not make without repeating it", async () => {
    const revoke = ops.find((o) => jsonMediaItems(o)?.includes("tokens") && o.path.includes("revoke") && o.method === "POST" && o.api === "blendvision")!;
    const create = ops.find((o) => o.path === revoke.path.replace(/:revoke$/, "") && o.method === "POST")!;
    const request = exampleRequests.find((r) => r.op === create)!;
    const made = await call(target, create, request.path, request.body);
    const token = made.body.token as string;
    const jti = jwtClaims(token)!.jti;
    expect(target.controls().state()!.resourceTokens).toContainEqual(expect.objectContaining({ jti, revoked: false }));
    const revoked = await call(target, revoke, revoke.path, { tokens: [token] });
    expect(revoked.status).toBe(200);
    valid(revoke, 200, revoked.body);
    expect(target.controls().state()!.resourceTokens).toContainEqual(expect.objectContaining({ jti, revoked: true }));
    const foreign = (exampleRequests.find((r) => r.op === revoke)!.body as { tokens: string[] }).tokens[0]!;
    const refused = await call(target, revoke, revoke.path, { tokens: [token, foreign] });
    expect(refused.status).toBe(400);
    valid(revoke, 400, refused.body);
    expect(JSON.stringify(refused.body)).not.toContain(foreign);
    expect(refused.body.message).toContain("tokens[1]");
  });
});

/** The request body's property names of an operation. */
function jsonMediaItems(op: Operation): string[] | undefined {
  const schema = op.requestBody?.content?.["application/json"]?.schema;
  return schema ? Object.keys(deref(doc, schema)?.properties ?? {}) : undefined;
}
