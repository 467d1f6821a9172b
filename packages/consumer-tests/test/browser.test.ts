// A browser app: esbuild bundles the installed client, a loopback server serves the page, and
// headless Chromium runs it against the mock on another port (a real cross-origin request).
import { statSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
// Debian's Chromium through playwright-core, with the flags that keep it offline.
import { launchChromium } from "../../../scripts/chromium.mjs";
import { serveStatic, type StaticServer } from "../../../scripts/static-server.mjs";
import { expectedBody, OPERATION } from "./example.js";

const { app, mockUrl } = inject("consumer");
const pageDir = join(app, "browser");

let server: StaticServer | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  await build({
    absWorkingDir: app,
    entryPoints: [join(pageDir, "main.js")],
    outfile: join(pageDir, "bundle.js"),
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    logLevel: "error",
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("a browser app bundled with esbuild", () => {
  it(`calls GET ${OPERATION} on the mock from headless Chromium (CORS)`, async () => {
    console.log(`browser bundle: ${statSync(join(pageDir, "bundle.js")).size} bytes minified`);
    server = await serveStatic(pageDir);
    const origin = new URL(server.url).origin;
    expect(new URL(origin).port).not.toBe(new URL(mockUrl).port);

    const page = await browser!.newPage();
    const problems: string[] = [];
    page.on("pageerror", (err) => problems.push(err.message));
    page.on("console", (msg) => msg.type() === "error" && problems.push(msg.text()));

    await page.goto(`${origin}/index.html?mock=${encodeURIComponent(mockUrl)}`, { timeout: 15_000 });
    await page.waitForFunction(() => "result" in window, undefined, { timeout: 15_000 });
    const result = await page.evaluate(() => (window as unknown as { result: Promise<unknown> }).result);

    expect(problems).toEqual([]);
    expect(result).toMatchObject({ status: 200, data: expectedBody(app) });
  });
});
