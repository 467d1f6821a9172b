// A browser app: esbuild bundles the installed client, a loopback server serves the page, and
// headless Chromium runs it against the mock on another port (a real cross-origin request).
import { readFileSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join } from "node:path";
import { build } from "esbuild";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
// Debian's Chromium through playwright-core, with the flags that keep it offline.
import { launchChromium } from "../../../scripts/chromium.mjs";
import { expectedBody, OPERATION } from "./example.js";

const { app, mockUrl } = inject("consumer");
const pageDir = join(app, "browser");
const TYPES: Record<string, string> = { ".html": "text/html", ".js": "text/javascript" };

let server: Server | undefined;
let browser: Browser | undefined;

/** Serves the page and its bundle from 127.0.0.1 on a free port. */
async function serve(dir: string): Promise<string> {
  server = createServer((req, res) => {
    const name = new URL(req.url ?? "/", "http://localhost").pathname.slice(1) || "index.html";
    if (!/^[\w.-]+$/.test(name)) return void res.writeHead(404).end();
    try {
      const body = readFileSync(join(dir, name));
      res.writeHead(200, { "content-type": TYPES[extname(name)] ?? "application/octet-stream" }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

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
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
});

describe("a browser app bundled with esbuild", () => {
  it(`calls GET ${OPERATION} on the mock from headless Chromium (CORS)`, async () => {
    console.log(`browser bundle: ${statSync(join(pageDir, "bundle.js")).size} bytes minified`);
    const origin = await serve(pageDir);
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
