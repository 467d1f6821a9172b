// The README's first example, as written: the handlers in vitest with msw/node, stateful, with a
// queued fault and the journal.
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { createHandlers } from "@tokenkit/msw";

const mock = createHandlers({ stateful: true });
const server = setupServer(...mock);
beforeAll(() => server.listen({ onUnhandledFrame: "error" }));
afterEach(() => mock.reset());
afterAll(() => server.close());

it("lists the token it generated, and survives a rate limit", async () => {
  const headers = { Authorization: "Bearer dev", "Content-Type": "application/json" };
  const generated = await fetch("https://central.example.com/v1/apitokens/generate", { method: "POST", headers, body: JSON.stringify({ name: "story", roles: ["Analyst"] }) });
  expect(generated.status).toBe(200);
  mock.fault({ operationId: "GetAPITokens", status: 429, retryAfter: 1 });
  expect((await fetch("https://central.example.com/v1/apitokens", { headers })).status).toBe(429);
  const list = await (await fetch("https://central.example.com/v1/apitokens", { headers })).json();
  expect(list.tokens.map((t: { name: string }) => t.name)).toContain("story");
  expect(mock.requests().map((r) => r.status)).toEqual([200, 429, 200]);
});
