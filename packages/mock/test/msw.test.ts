// The MSW handlers answer like the mock server: for every operation, every declared status and
// every named example, the same status and body as Prism gives for the same request.
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startMock, type MockServer } from "../src/index.js";
import { createHandlers } from "@tokenkit/msw";
import { responseExamples } from "@tokenkit/spec-model";
import { auth, doc, exampleRequests, preferCases as cases, timeout, type PreferCase as Case } from "./helpers.js";

const send = (origin: string, c: Case) => fetch(origin + c.path, { method: c.method, headers: c.headers, body: c.body, signal: timeout() });
const answer = async (response: Response) => ({ status: response.status, body: await response.json() });

let mock: MockServer;
const fromPrism = new Map<string, { status: number; body: unknown }>();

beforeAll(async () => {
  mock = await startMock();
  for (const c of cases) fromPrism.set(c.name, await answer(await send(mock.url, c)));
});
afterAll(async () => {
  await mock?.stop();
});

describe("MSW handlers in Node (msw/node, as in vitest)", () => {
  const server = setupServer(...createHandlers({ baseUrl: "http://api.test" }));
  beforeAll(() => server.listen({ onUnhandledFrame: "error" }));
  afterAll(() => server.close());

  it("cover every operation", () => {
    expect(new Set(cases.map((c) => c.name.split(" ")[0])).size).toBe(exampleRequests.length);
    expect(cases.length).toBeGreaterThan(exampleRequests.length * 4);
  });

  it.each(cases.map((c) => [c.name, c] as const))("%s: same status and body as Prism", async (_, c) => {
    expect(await answer(await send("http://api.test", c))).toEqual(fromPrism.get(c.name));
  });

  it("answer an empty path parameter and malformed JSON in the API's error shape, like the server", async () => {
    const withParam = exampleRequests.find((r) => r.op.pathParams.length)!;
    const emptied = withParam.op.path.replace(/\{[^}]+\}/, "").replace(/\{([^}]+)\}/g, "x");
    const prismEmpty = await answer(await fetch(mock.url + emptied, { method: withParam.method, headers: auth, body: withParam.body === undefined ? undefined : "{}" }));
    expect(await answer(await fetch(`http://api.test${emptied}`, { method: withParam.method, headers: auth, body: withParam.body === undefined ? undefined : "{}" }))).toEqual(prismEmpty);

    const withBody = exampleRequests.find((r) => r.body !== undefined)!;
    const bad = { method: withBody.method, headers: auth, body: "{" };
    const fromServer = await answer(await fetch(mock.url + withBody.path, bad));
    expect(fromServer.status).toBe(400);
    expect(await answer(await fetch(`http://api.test${withBody.path}`, bad))).toEqual(fromServer);
  });

  it("honour x-mock-fault with Retry-After", async () => {
    const r = exampleRequests[0]!;
    const response = await fetch(`http://api.test${r.path}`, { method: r.method, headers: { ...auth, "x-mock-fault": "429; retry-after=3" }, body: r.body === undefined ? undefined : JSON.stringify(r.body) });
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("3");
    await expect(fetch(`http://api.test${r.path}`, { method: r.method, headers: { ...auth, "x-mock-fault": "drop" }, body: r.body === undefined ? undefined : JSON.stringify(r.body) })).rejects.toThrow();
  });
});

describe("a required header", () => {
  // Made required in a copy of the spec, so the check is exercised whatever the spec requires.
  const withHeader = exampleRequests.find((r) => r.op.parameters.some((p) => p.in === "header"))!;
  const header = withHeader.op.parameters.find((p) => p.in === "header")!;
  const strict = structuredClone(doc);
  for (const p of Object.values<Record<string, unknown>>(strict.components.parameters)) if (p.in === "header" && p.name === header.name) p.required = true;
  for (const item of Object.values<any>(strict.paths))
    for (const op of Object.values<any>(item)) for (const p of op?.parameters ?? []) if (p.in === "header" && p.name === header.name) p.required = true;
  const server = setupServer(...createHandlers({ baseUrl: "http://strict.test", spec: strict }));
  beforeAll(() => server.listen({ onUnhandledFrame: "error" }));
  afterAll(() => server.close());

  it("answers its absence with the operation's 400 and names it in sl-violations, as Prism does", async () => {
    const send = (headers: Record<string, string>) =>
      fetch(`http://strict.test${withHeader.path}`, { method: withHeader.method, headers, body: withHeader.body === undefined ? undefined : JSON.stringify(withHeader.body) });
    const without = Object.fromEntries(Object.entries(auth).filter(([h]) => h.toLowerCase() !== String(header.name).toLowerCase()));
    const rejected = await send(without);
    expect(rejected.status).toBe(400);
    expect(await rejected.json()).toEqual(responseExamples(doc, withHeader.op, 400)[0]?.value);
    expect(JSON.parse(rejected.headers.get("sl-violations")!)).toEqual([
      expect.objectContaining({ location: ["request", "header"], message: `Request header must have required property '${header.name}'` }),
    ]);
    expect((await send({ ...without, [String(header.name)]: "org" })).status).toBe(200);
  });
});

describe("request bodies, checked as Prism checks them", () => {
  const server = setupServer(...createHandlers({ baseUrl: "http://bodies.test" }));
  beforeAll(() => server.listen({ onUnhandledFrame: "error" }));
  afterAll(() => server.close());

  /** A value of another JSON type than `value`. */
  const wrongType = (value: unknown) => (typeof value === "string" ? 5 : "not-the-type");
  // For every operation with a body, from its example: no body, an empty object, and the example
  // with each of its fields in turn of the wrong type.
  const bodyCases = exampleRequests
    .filter((r) => r.body !== undefined)
    .flatMap((r) => [
      { name: `${r.op.operationId} without a body`, r, body: undefined },
      { name: `${r.op.operationId} with {}`, r, body: "{}" },
      ...Object.keys(r.body as object).map((field) => ({ name: `${r.op.operationId} with ${field} of the wrong type`, r, body: JSON.stringify({ ...(r.body as object), [field]: wrongType((r.body as Record<string, unknown>)[field]) }) })),
    ]);
  const reply = async (origin: string, c: (typeof bodyCases)[number]) => {
    const response = await fetch(origin + c.r.path, { method: c.r.method, headers: auth, body: c.body, signal: timeout() });
    return { status: response.status, violations: JSON.parse(response.headers.get("sl-violations") ?? "null"), body: await response.json() };
  };

  it("reject most of these cases", async () => {
    const statuses = await Promise.all(bodyCases.map(async (c) => (await reply("http://bodies.test", c)).status));
    expect(statuses.filter((s) => s >= 400).length).toBeGreaterThan(bodyCases.length / 2);
  });

  it.each(bodyCases.map((c) => [c.name, c] as const))("%s: the same status, body and sl-violations as Prism", async (_, c) => {
    expect(await reply("http://bodies.test", c)).toEqual(await reply(mock.url, c));
  });
});

describe("query and header values, checked as Prism checks them", () => {
  const server = setupServer(...createHandlers({ baseUrl: "http://params.test" }));
  beforeAll(() => server.listen({ onUnhandledFrame: "error" }));
  afterAll(() => server.close());

  // For every operation, from its example request: each query parameter of a type other than
  // string given a value that is not of it, and each header parameter sent empty.
  const paramCases = exampleRequests.flatMap((r) =>
    r.op.parameters.flatMap((p) => {
      const type = p.schema?.type;
      if (p.in === "query" && type && type !== "string") {
        const url = new URL(r.path, "http://x");
        url.searchParams.set(p.name, `not-a-${type}`);
        return [{ name: `${r.op.operationId} with ${p.name}=not-a-${type}`, r, path: url.pathname + url.search, headers: auth }];
      }
      if (p.in === "header") return [{ name: `${r.op.operationId} with ${p.name} empty`, r, path: r.path, headers: { ...auth, [p.name]: "" } }];
      return [];
    }),
  );
  const reply = async (origin: string, c: (typeof paramCases)[number]) => {
    const body = c.r.body === undefined ? undefined : JSON.stringify(c.r.body);
    const response = await fetch(origin + c.path, { method: c.r.method, headers: c.headers, body, signal: timeout() });
    return { status: response.status, violations: JSON.parse(response.headers.get("sl-violations") ?? "null"), body: await response.json() };
  };

  it("cover the spec's query and header parameters", () => {
    expect(paramCases.length).toBeGreaterThan(0);
  });

  it.each(paramCases.map((c) => [c.name, c] as const))("%s: the same status, body and sl-violations as Prism", async (_, c) => {
    const fromHandlers = await reply("http://params.test", c);
    expect(fromHandlers.status).toBeGreaterThanOrEqual(400);
    expect(fromHandlers).toEqual(await reply(mock.url, c));
  });
});

describe("stateful MSW handlers", () => {
  const server = setupServer(...createHandlers({ baseUrl: "http://api.test", stateful: true }));
  beforeAll(() => server.listen({ onUnhandledFrame: "error" }));
  afterAll(() => server.close());

  it("keep a generated token: list shows it, revoke revokes it", async () => {
    const post = (path: string, body: unknown, method = "POST") => fetch(`http://api.test${path}`, { method, headers: auth, body: body === undefined ? undefined : JSON.stringify(body) });
    const generated = await (await post("/v1/apitokens/generate", { name: "story", roles: ["Admin"] })).json();
    const id = generated.metadata.id;
    const list = await (await fetch("http://api.test/v1/apitokens", { headers: auth })).json();
    expect(list.tokens.map((t: { id: string }) => t.id)).toContain(id);
    expect((await post(`/v1/apitokens/revoke/${id}`, undefined, "PATCH")).status).toBe(200);
    expect(await (await fetch(`http://api.test/v1/apitokens/${id}`, { headers: auth })).json()).toMatchObject({ id, revoked: true });
    expect((await fetch("http://api.test/v1/apitokens/unknown", { headers: auth })).status).toBe(400);
  });
});
