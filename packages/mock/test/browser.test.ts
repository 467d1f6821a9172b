// A browser app on another origin (another loopback port) calls the mock directly: the
// Authorization header makes Chromium send a CORS preflight first, and both must pass.
import { createServer, type Server } from "node:http";
import type { Browser, CDPSession, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../../scripts/chromium.mjs";
import { startMock, type MockServer } from "../src/index.js";

let mock: MockServer | undefined;
let app: Server | undefined;
let appUrl = "";
let browser: Browser | undefined;
let page: Page;
const preflights: string[] = [];
const external: string[] = [];

beforeAll(async () => {
  mock = await startMock();
  // The "frontend": one empty page on its own origin.
  app = createServer((_, res) => res.writeHead(200, { "Content-Type": "text/html" }).end("<!doctype html><title>app</title>"));
  await new Promise<void>((resolve, reject) => {
    app!.once("error", reject);
    app!.listen(0, "127.0.0.1", resolve);
  });
  appUrl = `http://127.0.0.1:${(app.address() as { port: number }).port}/`;

  browser = await launchChromium();
  page = await browser.newPage();
  page.setDefaultTimeout(10_000);
  await page.route("**/*", (route) => {
    if (new URL(route.request().url()).hostname === "127.0.0.1") return route.continue();
    external.push(route.request().url());
    return route.abort();
  });
  // Preflights are handled inside Chromium's network stack; the DevTools protocol still sees them.
  const cdp: CDPSession = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  cdp.on("Network.requestWillBeSent", (e) => {
    if (e.request.method === "OPTIONS") preflights.push(e.request.url);
  });
  await page.goto(appUrl, { timeout: 10_000 });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => (app ? app.close(resolve) : resolve(undefined)));
  await mock?.stop();
});

describe("the mock from a browser app on another origin", () => {
  it("answers a preflighted GET with 200 JSON", async () => {
    expect(new URL(appUrl).origin).not.toBe(new URL(mock!.url).origin);
    const result = await page.evaluate(async (mockUrl) => {
      const response = await fetch(`${mockUrl}/v1/apitokens`, { headers: { Authorization: "Bearer x" } });
      return { status: response.status, type: response.headers.get("content-type"), body: await response.json() };
    }, mock!.url);
    expect(result.status).toBe(200);
    expect(result.type).toMatch(/^application\/json/);
    expect(result.body.tokens).toHaveLength(3);
    expect(preflights).toContain(`${mock!.url}/v1/apitokens`);
  });

  it("lets the app read which field was wrong from sl-violations", async () => {
    const result = await page.evaluate(async (mockUrl) => {
      const response = await fetch(`${mockUrl}/bv/org/v1/groups`, {
        method: "POST",
        headers: { Authorization: "Bearer x", "Content-Type": "application/json" },
        body: JSON.stringify({ description: "no name" }),
      });
      return { status: response.status, violations: JSON.parse(response.headers.get("sl-violations") ?? "null") };
    }, mock!.url);
    expect(result.status).toBe(400);
    expect(result.violations[0]).toMatchObject({ location: ["request", "body"], message: "Request body must have required property 'name'" });
    expect(external).toEqual([]);
  });
});
