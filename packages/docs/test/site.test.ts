// The built reference site in a real browser, with the network cut off: whatever the page would
// fetch from anywhere but its own server is aborted and recorded, and must never happen.
import { mkdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../../scripts/chromium.mjs";
import { clientSample, curlSample, operations } from "../src/build.mjs";
import { serveStatic, type StaticServer } from "../../../scripts/static-server.mjs";

const dist = fileURLToPath(new URL("../dist/", import.meta.url));
const artifacts = fileURLToPath(new URL("../artifacts/", import.meta.url));
const spec = JSON.parse(readFileSync(`${dist}openapi.json`, "utf8"));
const ops = operations(spec);
const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);
const WAIT = { timeout: 10_000 };

let server: StaticServer | undefined;
let browser: Browser | undefined;
let page: Page;
const external: string[] = [];
const local: string[] = [];
const consoleErrors: string[] = [];
/** summary -> sidebar link (`#/cms/createadminresourcetoken`), filled by the first test. */
const links = new Map<string, string>();

beforeAll(async () => {
  server = await serveStatic(dist, "/tokenkit/");
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.setDefaultTimeout(10_000);
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (LOOPBACK.has(new URL(url).hostname)) {
      local.push(url);
      return route.continue();
    }
    external.push(url);
    return route.abort("blockedbyclient");
  });
  page.on("websocket", (ws) => external.push(ws.url()));
  // The page's Content-Security-Policy stops a request before it reaches the network (and the
  // route above); count those attempts too. (It also blocks `eval`, which the renderer probes
  // for and does without: not a request.)
  await page.exposeFunction("reportBlocked", (uri: string) => external.push(`blocked by CSP: ${uri}`));
  await page.addInitScript(() =>
    document.addEventListener("securitypolicyviolation", (e) => {
      if (/^(https?|wss?):/.test(e.blockedURI)) (window as any).reportBlocked(e.blockedURI);
    }),
  );
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => consoleErrors.push(error.message));
  await page.goto(server.url, { waitUntil: "load", timeout: 20_000 });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** The rendered block of one operation (Redoc gives it `data-section-id="/<tag>/<operation>"`). */
const section = (link: string) => page.locator(`[data-section-id="${link.slice(1)}"]`);

async function open(link: string) {
  await page.goto(`${server!.url}${link}`, { timeout: 10_000 });
  await section(link).waitFor(WAIT);
}

async function sampleText(link: string) {
  const block = section(link).locator(".panel-request-samples [data-component-name='CodeBlock/CodeBlock']");
  return (await block.first().textContent(WAIT))?.trim() ?? "";
}

describe("reference site (dist/index.html)", () => {
  it("renders the title and the landing section", async () => {
    await expect(page.title()).resolves.toBe(spec.info.title);
    const text = await page.locator("#redoc").innerText(WAIT);
    for (const words of ["Getting started", "Authorization: Bearer", "x-bv-org-id", "http://127.0.0.1:4010", "pnpm mock"]) {
      expect(text).toContain(words);
    }
  });

  it("lists all nine operations with their summaries", async () => {
    for (const tag of spec.tags.map((t: { name: string }) => t.name)) {
      // Opening a tag in the sidebar expands it and shows its operations.
      await page.locator(`[data-component-name="Menu/MenuItem"] [data-text="${tag}"]`).first().click();
      const expected = ops.filter((o) => o.tag === tag).map((o) => `#/${tag}/${o.op.operationId.toLowerCase()}`);
      await page.locator(`[data-component-name="Menu/MenuItem"] a[href="${expected.at(-1)}"]`).waitFor(WAIT);
      const items = page.locator(`[data-component-name="Menu/MenuItem"] a[href^="#/${tag}/"]`);
      for (const item of await items.all()) {
        links.set((await item.locator("[data-text]").first().getAttribute("data-text"))!, (await item.getAttribute("href"))!);
      }
    }
    expect([...links.keys()].sort()).toEqual(ops.map((o) => o.op.summary).sort());
    expect(links.size).toBe(9);
  });

  it("shows the request and response schema of an operation", async () => {
    const o = ops.find((x) => x.name === "createAdminResourceToken")!;
    const link = links.get(o.op.summary)!;
    await page.locator(`[data-component-name="Menu/MenuItem"] [data-text="${o.tag}"]`).first().click();
    await page.locator(`[data-component-name="Menu/MenuItem"] a[href="${link}"]`).click();
    await section(link).waitFor(WAIT);
    expect(new URL(page.url()).hash).toBe(link);
    const text = await section(link).innerText();
    expect(text).toContain(o.op.summary);
    expect(text).toMatch(/Request/);
    expect(text).toMatch(/Responses/);
    // Every request-body and 200-response property is documented, each under its own anchor.
    const ids = await section(link).locator("[id]").evaluateAll((els) => els.map((e) => e.id));
    const schema = (name: string) => spec.components.schemas[name].properties as Record<string, unknown>;
    for (const prop of Object.keys(schema("CreateAdminResourceTokenRequest"))) {
      expect(ids).toContain(`${link.slice(2)}/t=request&path=${prop}`);
    }
    for (const prop of Object.keys(schema("AdminResourceToken"))) {
      expect(ids).toContain(`${link.slice(2)}/t=response&c=200&path=${prop}`);
    }
  });

  it("finds an operation with the search box", async () => {
    // The box in the sidebar opens the search dialog with the cursor in its input.
    await page.locator("#redoc").getByText(/^Search\b/).first().click();
    await page.locator("[data-component-name='Search/SearchInput'] input").waitFor(WAIT);
    await page.keyboard.type("revoke");
    const hit = page.locator("[data-component-name='Search/SearchItem']", { hasText: "Revoke API token" }).first();
    await hit.waitFor(WAIT);
    await hit.click();
    await section("#/apitokens/revoketoken").waitFor(WAIT);
    expect(new URL(page.url()).hash).toBe("#/apitokens/revoketoken");
  });

  it("shows the TypeScript client sample for 9/9 operations", async () => {
    let shown = 0;
    for (const o of ops) {
      const link = links.get(o.op.summary)!;
      await open(link);
      expect(await sampleText(link)).toBe(clientSample(o).trim());
      shown++;
    }
    expect(shown).toBe(9);
  });

  it("saves a screenshot to artifacts/site.png", async () => {
    const link = links.get(ops.find((x) => x.name === "createAdminResourceToken")!.op.summary)!;
    await open(link);
    mkdirSync(artifacts, { recursive: true });
    const png = await page.screenshot({ path: `${artifacts}site.png`, timeout: 10_000 });
    expect(png.byteLength).toBeGreaterThan(10_000);
  });

  it("shows the curl sample for 9/9 operations", async () => {
    const first = links.get(ops[0]!.op.summary)!;
    await open(first);
    // The chosen language applies to every operation.
    await section(first).locator(".panel-request-samples button", { hasText: /^TypeScript$/ }).click();
    await page.locator("[data-component-name='Dropdown/DropdownMenuItem']:visible", { hasText: /^curl$/ }).click();
    let shown = 0;
    for (const o of ops) {
      const link = links.get(o.op.summary)!;
      await open(link);
      expect(await sampleText(link)).toBe(curlSample(o).trim());
      shown++;
    }
    expect(shown).toBe(9);
  });

  // Last, so that it covers everything the tests above made the page do.
  it("made no request off the machine and logged no console error", () => {
    expect(local.length).toBeGreaterThan(0); // the interception saw the page itself
    expect(external).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
