// A browser app on another origin (another loopback port) calls the mock directly: the
// Authorization header makes Chromium send a CORS preflight first, and both must pass.
import { createServer, type Server } from "node:http";
import type { Browser, CDPSession, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JournalEntry, MockServer } from "../src/index.js";
import { bundle } from "./bundle.js";
import { connectSharedChromium } from "./chromium.js";
import { startMockSharingPrism } from "./helpers.js";
import { allStarted } from "./together.js";

let mock: MockServer | undefined;
let app: Server | undefined;
let appUrl = "";
let browser: Browser | undefined;
let page: Page;
const preflights: string[] = [];
const external: string[] = [];

beforeAll(async () => {
  // The "frontend": a page on its own origin with the typed client (bundled from source) on `window`.
  let clientScript = "";
  await allStarted([
    startMockSharingPrism().then((started) => (mock = started)),
    bundle(`import { createClient } from "../../client/src/index.js"; (globalThis as any).createClient = createClient;`).then((code) => (clientScript = code)),
    connectSharedChromium().then((launched) => (browser = launched)),
  ]);
  app = createServer((req, res) => {
    if (req.url === "/client.js") res.writeHead(200, { "Content-Type": "text/javascript" }).end(clientScript);
    else res.writeHead(200, { "Content-Type": "text/html" }).end('<!doctype html><title>app</title><script type="module" src="/client.js"></script>');
  });
  await new Promise<void>((resolve, reject) => {
    app!.once("error", reject);
    app!.listen(0, "127.0.0.1", resolve);
  });
  appUrl = `http://127.0.0.1:${(app.address() as { port: number }).port}/`;

  page = await browser!.newPage();
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
  await page.waitForFunction(() => "createClient" in globalThis);
}, 120_000);

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
        headers: { Authorization: "Bearer x", "Content-Type": "application/json", "x-bv-org-id": "org-x" },
        body: JSON.stringify({ description: "no name" }),
      });
      return { status: response.status, violations: JSON.parse(response.headers.get("sl-violations") ?? "null") };
    }, mock!.url);
    expect(result.status).toBe(400);
    expect(result.violations[0]).toMatchObject({ location: ["request", "body"], message: "Request body must have required property 'name'" });
    expect(external).toEqual([]);
  });
});

describe("faults on cue, seen from the browser app", () => {
  it("shows a 429 with a readable Retry-After when the request asks for one", async () => {
    const result = await page.evaluate(async (mockUrl) => {
      const response = await fetch(`${mockUrl}/v1/apitokens`, { headers: { Authorization: "Bearer x", "x-mock-fault": "429; retry-after=2" } });
      return { status: response.status, retryAfter: response.headers.get("retry-after"), body: await response.json() };
    }, mock!.url);
    expect(result).toMatchObject({ status: 429, retryAfter: "2", body: { code: 8 } });
  });

  it("lets the typed client retry a queued 429 after its Retry-After, then succeed", async () => {
    mock!.clearRequests();
    mock!.fault({ operationId: "GetAPITokens", status: 429, retryAfter: 1, times: 1 });
    const result = await page.evaluate(async (mockUrl) => {
      const client = (globalThis as any).createClient({ token: "x", baseUrl: mockUrl, maxRetries: 2 });
      const started = performance.now();
      const data = await client.apitokens.getAPITokens({});
      return { tokens: data.tokens.length, waitedMs: performance.now() - started };
    }, mock!.url);
    expect(result.tokens).toBeGreaterThan(0);
    expect(result.waitedMs).toBeGreaterThanOrEqual(900);
    expect(mock!.requests().map((e) => [e.operationId, e.status])).toEqual([
      ["GetAPITokens", 429],
      ["GetAPITokens", 200],
    ]);
  });
});

describe("the client's other failure paths, seen from the browser app", () => {
  it("retries a dropped connection and an attempt that timed out, then succeeds", { timeout: 90_000 }, async () => {
    // The client's timeout is ten times this run's slowest of three plain calls (1 to 10 s), so
    // the answered attempt fits in it on a loaded machine too; the delayed one is held twice as
    // long, and the mock journals it when it has waited that out.
    const slowest = await page.evaluate(async (mockUrl) => {
      const client = (globalThis as any).createClient({ token: "x", baseUrl: mockUrl, maxRetries: 0 });
      let slowest = 0;
      for (let i = 0; i < 3; i++) {
        const started = performance.now();
        await client.apitokens.getAPITokens({});
        slowest = Math.max(slowest, performance.now() - started);
      }
      return slowest;
    }, mock!.url);
    const timeout = Math.min(10_000, Math.max(1000, Math.ceil(10 * slowest)));
    mock!.clearRequests();
    mock!.fault({ operationId: "GetAPITokens", drop: true });
    mock!.fault({ operationId: "GetAPITokens", delay: 2 * timeout });
    const result = await page.evaluate(
      async ({ mockUrl, timeout }) => {
        const client = (globalThis as any).createClient({ token: "x", baseUrl: mockUrl, maxRetries: 3, timeout });
        return (await client.apitokens.getAPITokens({})).tokens.length;
      },
      { mockUrl: mock!.url, timeout },
    );
    expect(result).toBeGreaterThan(0);
    await expect.poll(() => mock!.requests().length, { timeout: 2 * timeout + 10_000 }).toBe(3);
    const attempts = [...mock!.requests()].sort((a, b) => a.seq - b.seq);
    expect(attempts.map((e) => e.fault ?? "none")).toEqual(["drop", `delay ${2 * timeout}ms`, "none"]);
    // The client gave up on the slow attempt at its timeout: nothing was answered to it.
    expect(attempts.map((e) => [e.status, e.closedByClient ?? false])).toEqual([
      [null, false],
      [null, true],
      [200, false],
    ]);
  });
});

describe("the journal, read by a Playwright test", () => {
  it("shows the body the app sent and its Authorization masked", async () => {
    const secret = "app-secret-token-123";
    const sent = { name: "from-the-app", roles: ["Analyst"] };
    await page.evaluate(
      async ({ mockUrl, secret, sent }) => {
        await fetch(`${mockUrl}/v1/apitokens/generate`, { method: "POST", headers: { Authorization: `Bearer ${secret}`, "Content-Type": "application/json" }, body: JSON.stringify(sent) });
      },
      { mockUrl: mock!.url, secret, sent },
    );
    const response = await page.request.get(`${mock!.url}/__mock/requests`);
    expect(response.status()).toBe(200);
    const { requests } = (await response.json()) as { requests: JournalEntry[] };
    const entry = requests.filter((e) => e.operationId === "GenerateToken").at(-1);
    expect(entry).toMatchObject({ method: "POST", path: "/v1/apitokens/generate", body: sent, status: 200 });
    expect(entry!.headers.authorization).toBe("Bearer ***");
    expect(entry!.headers.origin).toBe(new URL(appUrl).origin);
    expect(JSON.stringify(requests)).not.toContain(secret);
  });
});

describe("the README's Playwright recipe", () => {
  it("asserts what the app sent, as written", async () => {
    const MOCK = mock!.url;
    // The app under test: a button that generates a token through the mock.
    await page.setContent(`<!doctype html><button>Create token</button><script>
      document.querySelector("button").onclick = () => fetch(${JSON.stringify(MOCK)} + "/v1/apitokens/generate", {
        method: "POST",
        headers: { Authorization: "Bearer app-token", "Content-Type": "application/json" },
        body: JSON.stringify({ name: "ci-pipeline", roles: ["Continuous Integration"] }),
      });
    </script>`);

    await page.request.delete(`${MOCK}/__mock/requests`);
    await page.getByRole("button", { name: "Create token" }).click();
    await expect.poll(async () => (await (await page.request.get(`${MOCK}/__mock/requests`)).json()).requests.length).toBe(1);
    const { requests } = await (await page.request.get(`${MOCK}/__mock/requests`)).json();
    expect(requests[0]).toMatchObject({
      operationId: "GenerateToken",
      body: { name: "ci-pipeline", roles: ["Continuous Integration"] },
      headers: { authorization: "Bearer ***" },
      status: 200,
    });
  });
});
