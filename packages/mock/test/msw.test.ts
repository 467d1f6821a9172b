// The MSW handlers on their own: a header the spec makes required, and the stateful flow. The
// comparison with the server, case by case, is table.test.ts.
import { setupServer } from "msw/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHandlers } from "@tokenkit/msw";
import { responseExamples } from "@tokenkit/spec-model";
import { auth, doc, exampleRequests } from "./helpers.js";

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
