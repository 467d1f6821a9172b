// The MSW handlers in a real Chromium page through a service worker (msw's own worker script):
// every documented answer of every operation comes back with the same status and body as Prism.
import { mkdtempSync, copyFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveStatic } from "../../../scripts/static-server.mjs";
import type { MockServer } from "../src/index.js";
import { bundle } from "./bundle.js";
import { connectSharedChromium } from "./chromium.js";
import { preferCases, startMockSharingPrism, timeout } from "./helpers.js";
import { allStarted } from "./together.js";

const require = createRequire(import.meta.url);

let mock: MockServer | undefined;
let site: { url: string; close(): Promise<void> } | undefined;
let browser: Browser | undefined;
let page: Page;
const fromPrism = new Map<string, { status: number; body: unknown }>();

beforeAll(async () => {
  // The app: one page that starts the worker as the README's Storybook recipe does (its
  // `.storybook/preview.ts`, word for word), with the default handlers (any origin).
  const dir = mkdtempSync(join(tmpdir(), "msw-page-"));
  writeFileSync(join(dir, "index.html"), '<!doctype html><title>app</title><script type="module" src="./app.js"></script>');
  copyFileSync(require.resolve("msw/mockServiceWorker.js"), join(dir, "mockServiceWorker.js"));
  await allStarted([
    // One case at a time, each with its own time limit: all at once, while Chromium starts and
    // the bundle builds, a loaded machine left the last ones past it.
    startMockSharingPrism().then(async (started) => {
      mock = started;
      for (const c of preferCases) {
        const response = await fetch(started.url + c.path, { method: c.method, headers: c.headers, body: c.body, signal: timeout() });
        fromPrism.set(c.name, { status: response.status, body: await response.json() });
      }
    }),
    bundle(`
      import { setupWorker } from "msw/browser";
      import { createHandlers } from "@tokenkit/msw";

      const worker = setupWorker(...createHandlers());
      export const loaders = [() => worker.start({ onUnhandledFrame: "bypass", quiet: true })];

      (globalThis as any).workerReady = loaders[0]!();
    `).then(async (code) => {
      writeFileSync(join(dir, "app.js"), code);
      site = await serveStatic(dir);
    }),
    connectSharedChromium().then((connected) => (browser = connected)),
  ]);

  page = await browser!.newPage();
  page.setDefaultTimeout(15_000);
  await page.goto(site!.url);
  await page.evaluate(() => (globalThis as any).workerReady);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await mock?.stop();
});

describe("MSW handlers in Chromium (service worker)", () => {
  it("run in a service worker that controls the page", async () => {
    expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(`${site!.url}mockServiceWorker.js`);
  });

  it("answer every documented case with Prism's status and body", async () => {
    // Same-origin paths: without the worker the static server would answer 404 to all of them.
    const answers = await page.evaluate(async (cases) => {
      // The handlers keep no state without `stateful`: the cases are asked side by side.
      const out: Record<string, { status: number; body: unknown }> = {};
      await Promise.all(
        cases.map(async (c) => {
          const response = await fetch(c.path, { method: c.method, headers: c.headers, body: c.body });
          out[c.name] = { status: response.status, body: await response.json() };
        }),
      );
      return out;
    }, preferCases);
    for (const c of preferCases) expect(answers[c.name], c.name).toEqual(fromPrism.get(c.name));
  });
});
