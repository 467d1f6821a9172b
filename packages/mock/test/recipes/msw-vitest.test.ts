// @vitest-environment jsdom
// The README's "MSW in vitest" recipe, word for word, in jsdom (test/msw.test.ts covers Node).
import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { createHandlers } from "@tokenkit/msw";

const server = setupServer(...createHandlers());
beforeAll(() => server.listen({ onUnhandledFrame: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

it("shows the tokens", async () => {
  const response = await fetch("https://central.example.com/v1/apitokens", { headers: { Authorization: "Bearer dev" } });
  expect((await response.json()).tokens.length).toBeGreaterThan(0);
});

it("runs in jsdom", () => {
  expect(typeof document.createElement).toBe("function");
  expect(navigator.userAgent).toMatch(/jsdom/);
});
