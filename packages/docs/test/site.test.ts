// The built reference site in a real browser, with the network cut off: whatever the page would
// fetch from anywhere but its own server is aborted and recorded, and must never happen.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../../scripts/chromium.mjs";
import { clientSample, curlSample, operations, requestExamples } from "../src/build.mjs";
import { deref } from "@tokenkit/spec-model";
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
/**
 * The route the page is first opened at: the landing section the build adds. That load, in a new
 * context with nothing stored, is also the check that a link of its kind lands on its target when
 * opened afresh (see the link test): one page load fewer, the costliest thing here. (A section's
 * route leaves the sidebar as a load at the top does; an operation's would open its tag's group.)
 */
const firstRoute = "#/section/getting-started";
/** Where the first load landed: the URL's fragment, and `notShown`'s answer for `firstRoute`. */
let firstLanding: { hash: string; missed: string[] } | undefined;

/**
 * A page of its own (own clipboard, own viewport) whose every request off the machine is aborted
 * and recorded in `external`, and whose console errors go to `consoleErrors`.
 */
async function watchedPage(viewport: { width: number; height: number }) {
  // Clipboard access for the copy-button test.
  const context = await browser!.newContext({ viewport, permissions: ["clipboard-read", "clipboard-write"] });
  const watched = await context.newPage();
  watched.setDefaultTimeout(10_000);
  await watched.route("**/*", (route) => {
    const url = route.request().url();
    if (LOOPBACK.has(new URL(url).hostname)) {
      local.push(url);
      return route.continue();
    }
    external.push(url);
    return route.abort("blockedbyclient");
  });
  watched.on("websocket", (ws) => external.push(ws.url()));
  // The page's Content-Security-Policy stops a request before it reaches the network (and the
  // route above); count those attempts too. (It also blocks `eval`, which the renderer probes
  // for and does without: not a request.)
  await watched.exposeFunction("reportBlocked", (uri: string) => external.push(`blocked by CSP: ${uri}`));
  await watched.addInitScript(() =>
    document.addEventListener("securitypolicyviolation", (e) => {
      if (/^(https?|wss?):/.test(e.blockedURI)) (window as any).reportBlocked(e.blockedURI);
    }),
  );
  watched.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  watched.on("pageerror", (error) => consoleErrors.push(error.message));
  return watched;
}

beforeAll(async () => {
  // Side by side; both are awaited before a failure is thrown, so afterAll stops what started.
  const started = await Promise.allSettled([serveStatic(dist, "/tokenkit/").then((s) => (server = s)), launchChromium().then((b) => (browser = b))]);
  for (const s of started) if (s.status === "rejected") throw s.reason;
  // A laptop's width, at which the page must be readable (see the 1280 px test).
  page = await watchedPage({ width: 1280, height: 800 });
  await page.goto(`${server!.url}${firstRoute}`, { waitUntil: "load", timeout: 20_000 });
  firstLanding = { hash: new URL(page.url()).hash, missed: await notShown(page, [firstRoute]) };
  // The tests start from the top of the page, where a reader opening the site starts.
  expect(await notShown(page, ["#/"])).toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** The rendered block of one operation (Redoc gives it `data-section-id="/<tag>/<operation>"`). */
const section = (link: string) => page.locator(`[data-section-id="${link.slice(1)}"]`);

/**
 * The element a route (`#/cms`, `#/cms/createadminresourcetoken`) or a deep link into one
 * (`#/cms/createadminresourcetoken#cms/createadminresourcetoken/request`) points at.
 */
const target = (hash: string) => {
  const [route, anchor] = hash.slice(1).split("#");
  return anchor ? `[id="${anchor}"]` : `[data-section-id="${route}"]`;
};

/**
 * The routes (`#/…`) whose target does not come to where a link should bring the reader within
 * WAIT: at the top of the window, or in view with the page scrolled to its end (the last sections
 * cannot reach the top). Each route is followed in turn inside the page, checked there every
 * frame, so a long list costs no round trip per check.
 */
function notShown(on: Page, routes: string[]) {
  return on.evaluate(
    async ({ targets, timeout }) => {
      const shown = (selector: string) => {
        const top = document.querySelector(selector)?.getBoundingClientRect().top;
        if (top === undefined) return false;
        const atEnd = scrollY + innerHeight >= document.documentElement.scrollHeight - 2;
        return (top > -2 && top < 100) || (atEnd && top < innerHeight);
      };
      const missed: string[] = [];
      for (const [route, selector] of targets) {
        // A page opened at the route is already there: it must land on its own.
        if (location.hash !== route) location.hash = route;
        const deadline = performance.now() + timeout;
        while (!shown(selector)) {
          if (performance.now() > deadline) {
            missed.push(route);
            break;
          }
          // Once a frame, before it is laid out: a check between frames would lay the page out
          // an extra time.
          await new Promise((resolve) => requestAnimationFrame(resolve));
        }
      }
      return missed;
    },
    { targets: routes.map((route) => [route, target(route)] as const), timeout: WAIT.timeout },
  );
}

/**
 * Opens a tag's group in the sidebar until its last operation's link shows. A click is sent only
 * while the link is hidden, and again if the page did not react (a click can land before the page
 * is ready, or toggle a group that was opening).
 */
async function expandTag(tag: string) {
  const last = ops.filter((o) => o.tag === tag).at(-1)!;
  const link = page.locator(`[data-component-name="Menu/MenuItem"] a[href="#/${tag}/${last.op.operationId.toLowerCase()}"]`);
  const deadline = Date.now() + 3 * WAIT.timeout;
  while (!(await link.isVisible())) {
    if (Date.now() > deadline) throw new Error(`the sidebar did not open tag "${tag}"`);
    await page.locator(`[data-component-name="Menu/MenuItem"] [data-text="${tag}"]`).first().click();
    await link.waitFor({ timeout: 2_000 }).catch(() => undefined);
  }
}

async function open(link: string) {
  await page.goto(`${server!.url}${link}`, { timeout: 10_000 });
  await section(link).waitFor(WAIT);
}

const SAMPLE = ".panel-request-samples [data-component-name='CodeBlock/CodeBlock']";

async function sampleText(link: string) {
  return (await section(link).locator(SAMPLE).first().textContent(WAIT))?.trim() ?? "";
}

/**
 * Every operation's request sample (its text, and whether its first lines are wider than the
 * block, to be scrolled sideways), by sidebar link. Opening an operation often renders some of its
 * neighbours too: their samples are read on the same visit, as a route change costs far more.
 */
async function everySample() {
  const read = new Map<string, { text: string; cutOff: boolean }>();
  for (const o of ops) {
    const link = links.get(o.op.summary)!;
    if (read.has(link)) continue;
    await open(link);
    await section(link).locator(SAMPLE).first().waitFor(WAIT);
    const onPage = await page.evaluate((selector) => {
      return [...document.querySelectorAll("[data-section-id]")].flatMap((s) => {
        const block = s.querySelector(selector);
        const pre = s.querySelector(".panel-request-samples pre");
        if (!block || !pre) return [];
        return [[`#${s.getAttribute("data-section-id")}`, { text: block.textContent!.trim(), cutOff: pre.scrollWidth > pre.clientWidth + 1 }] as const];
      });
    }, SAMPLE);
    for (const [at, sample] of onPage) if (!read.has(at)) read.set(at, sample);
  }
  return read;
}

const exactly = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);

/** What the example selector shows for a request example: its summary, else its name. */
function exampleSummary(o: (typeof ops)[number], name: string): string {
  return deref<{ summary?: string }>(spec, o.requestBody!.content["application/json"].examples[name]).summary ?? name;
}

/** Switches a request-sample panel's example selector from one example (by summary) to another. */
async function selectExample(panel: ReturnType<Page["locator"]>, from: string, to: string) {
  await panel.locator("[data-component-name='Dropdown/Dropdown'] button", { hasText: exactly(from) }).click();
  await page.locator("[data-component-name='Dropdown/DropdownMenuItem']:visible", { hasText: exactly(to) }).click();
}

/** Picks a language in a request-sample panel (the choice applies to every operation). */
async function chooseLanguage(panel: ReturnType<Page["locator"]>, language: string) {
  const current = panel.locator("[data-component-name='Dropdown/Dropdown'] button", { hasText: /^(TypeScript|curl)$/ });
  if ((await current.textContent())?.trim() === language) return;
  await current.click();
  await page.locator("[data-component-name='Dropdown/DropdownMenuItem']:visible", { hasText: new RegExp(`^${language}$`) }).click();
}

describe("reference site (dist/index.html)", () => {
  it("renders the title and the landing section", async () => {
    await expect(page.title()).resolves.toBe(spec.info.title);
    const text = await page.locator("#redoc").innerText(WAIT);
    for (const words of ["Getting started", "Authorization: Bearer", "x-bv-org-id", "http://127.0.0.1:4010", "npm run mock"]) {
      expect(text).toContain(words);
    }
  });

  it("lists every operation of the spec with its summary", async () => {
    for (const tag of spec.tags.map((t: { name: string }) => t.name)) {
      // Opening a tag in the sidebar expands it and shows its operations.
      await expandTag(tag);
      const items = page.locator(`[data-component-name="Menu/MenuItem"] a[href^="#/${tag}/"]`);
      const found = await items.evaluateAll((as) => as.map((a) => [a.querySelector("[data-text]")!.getAttribute("data-text")!, a.getAttribute("href")!] as const));
      for (const [summary, href] of found) links.set(summary, href);
    }
    expect([...links.keys()].sort()).toEqual(ops.map((o) => o.op.summary).sort());
    expect(links.size).toBe(ops.length);
  });

  it("shows the request and response schema of an operation", async () => {
    const o = ops.find((x) => x.name === "createAdminResourceToken")!;
    const link = links.get(o.op.summary)!;
    await expandTag(o.tag!);
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

  it("shows the TypeScript client sample for every operation, in whole lines at 1280 px", async () => {
    const samples = await everySample();
    let shown = 0;
    for (const o of ops) {
      expect(samples.get(links.get(o.op.summary)!)?.text).toBe(clientSample(o).trim());
      shown++;
    }
    expect(shown).toBe(ops.length);
    // Whole lines, with nothing to scroll sideways to (the page is 1280 px wide).
    expect(ops.filter((o) => samples.get(links.get(o.op.summary)!)!.cutOff).map((o) => o.name)).toEqual([]);
  });

  it("saves a screenshot to artifacts/site.png", async () => {
    const link = links.get(ops.find((x) => x.name === "createAdminResourceToken")!.op.summary)!;
    await open(link);
    mkdirSync(artifacts, { recursive: true });
    const png = await page.screenshot({ path: `${artifacts}site.png`, timeout: 10_000 });
    expect(png.byteLength).toBeGreaterThan(10_000);
  });

  it("shows the curl sample for every operation", async () => {
    const first = links.get(ops[0]!.op.summary)!;
    await open(first);
    // The chosen language applies to every operation (all at once, so one is enough to wait for).
    await chooseLanguage(section(first).locator(".panel-request-samples"), "curl");
    await expect.poll(() => sampleText(first), WAIT).toBe(curlSample(ops[0]!).trim());
    const samples = await everySample();
    let shown = 0;
    for (const o of ops) {
      expect(samples.get(links.get(o.op.summary)!)?.text).toBe(curlSample(o).trim());
      shown++;
    }
    expect(shown).toBe(ops.length);
  });

  it("shows the selected request example's sample, for every operation with two or more", { timeout: 90_000 }, async () => {
    const withExamples = ops.map((o) => ({ o, examples: requestExamples(spec, o) })).filter(({ examples }) => examples.length > 1);
    expect(withExamples.length).toBeGreaterThan(0);
    const samples = [
      { language: "TypeScript", sample: clientSample },
      { language: "curl", sample: curlSample },
    ];
    // One visit per operation (a route change costs more than a language switch): its examples
    // in one language, then in the other. The language applies to every operation, so the next
    // one starts in the language this one ended in.
    let order = samples;
    for (const { o, examples } of withExamples) {
      const link = links.get(o.op.summary)!;
      await open(link);
      const panel = section(link).locator(".panel-request-samples");
      const summaries = examples.map((e) => exampleSummary(o, e.name!));
      for (const { language, sample } of order) {
        await chooseLanguage(panel, language);
        await expect.poll(() => sampleText(link), WAIT).toBe(sample({ ...o, body: examples[0]!.value }).trim());
        // Each example in turn, then back to the first: the sample follows the selector.
        let selected = 0;
        for (const index of [...examples.keys()].slice(1).concat(0)) {
          await selectExample(panel, summaries[selected]!, summaries[index]!);
          selected = index;
          await expect.poll(() => sampleText(link), WAIT).toBe(sample({ ...o, body: examples[index]!.value }).trim());
        }
      }
      order = [...order].reverse();
    }
    // Back to the default language for the tests below.
    const last = links.get(withExamples.at(-1)!.o.op.summary)!;
    await chooseLanguage(section(last).locator(".panel-request-samples"), "TypeScript");
  });

  it("copies the selected example's sample with the copy button", async () => {
    const found = ops.find((o) => requestExamples(spec, o).length > 1)!;
    const examples = requestExamples(spec, found);
    const link = links.get(found.op.summary)!;
    await open(link);
    const panel = section(link).locator(".panel-request-samples");
    await selectExample(panel, exampleSummary(found, examples[0]!.name!), exampleSummary(found, examples[1]!.name!));
    await panel.locator(".code-block-header [data-testid='copy-button']").click();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied.trim()).toBe(clientSample({ ...found, body: examples[1]!.value }).trim());
    // Back to the first example, as a fresh page shows it, for the tests below.
    await selectExample(panel, exampleSummary(found, examples[1]!.name!), exampleSummary(found, examples[0]!.name!));
    await expect.poll(() => sampleText(link), WAIT).toBe(clientSample(found).trim());
  });

  it("offers no way to send the spec to a third party (no Open in ChatGPT / Claude)", async () => {
    // Every heading has a page menu; open each kind (overview, section, tag, operation).
    const targets = ["#/", "#/section/getting-started", `#/${ops[0]!.tag}`, links.get(ops[0]!.op.summary)!];
    for (const target of targets) {
      await page.goto(`${server!.url}${target}`, { timeout: 10_000 });
      await section(target).first().waitFor(WAIT);
      for (const menu of await page.locator("[data-testid='page-actions']").all()) {
        for (const toggle of await menu.locator("button[aria-haspopup]").all()) await toggle.click();
      }
      const offered = await page.evaluate(() => ({
        text: document.body.innerText,
        links: [...document.querySelectorAll("[href]")].map((e) => e.getAttribute("href") ?? ""),
      }));
      expect(offered.text).not.toMatch(/chatgpt|claude/i);
      expect(offered.links.filter((href) => /chatgpt|claude|openai|anthropic/i.test(href))).toEqual([]);
    }
  });

  it("is readable at 1280 px: title on at most two lines, no word broken in a table, no table cut off", async () => {
    // The page of the tests above, which is 1280 px wide (the samples' lines are checked with them).
    expect(await notShown(page, ["#/"])).toEqual([]);
    await page.locator("h1").waitFor(WAIT);
    const layout = await page.evaluate(() => {
      /** Lines a piece of text takes: its rectangles' distinct tops (within a few pixels). */
      const lines = (range: Range) =>
        [...range.getClientRects()].map((r) => r.top).sort((a, b) => a - b).filter((top, i, all) => i === 0 || top - all[i - 1]! > 4).length;
      const title = document.createRange();
      title.selectNodeContents(document.querySelector("h1")!);
      const broken: string[] = [];
      for (const cell of document.querySelectorAll("table th, table td")) {
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          for (const word of node.textContent!.matchAll(/\S+/g)) {
            const range = document.createRange();
            range.setStart(node, word.index!);
            range.setEnd(node, word.index! + word[0].length);
            if (lines(range) > 1) broken.push(word[0]);
          }
        }
      }
      const overview = [...document.querySelectorAll("[data-section-id='/'] table, [data-section-id^='/section/'] table")];
      return {
        titleLines: lines(title),
        tables: document.querySelectorAll("table").length,
        overviewTables: overview.length,
        broken,
        // A table wider than the column it is in, which the reader would have to scroll.
        tooWide: overview.filter((t) => t.parentElement!.scrollWidth > t.parentElement!.clientWidth + 1).map((t) => t.textContent!.slice(0, 60)),
      };
    });
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: `${artifacts}overview-1280.png` });
    expect(layout.titleLines).toBeGreaterThan(0);
    expect(layout.titleLines).toBeLessThanOrEqual(2);
    expect(layout.overviewTables).toBeGreaterThan(0);
    expect(layout.broken).toEqual([]);
    expect(layout.tooWide).toEqual([]);
  });

  it("keeps every link inside the published folder, and every link leads somewhere", { timeout: 120_000 }, async () => {
    // From the top of the page the tests above used (no reload: a load is the costliest thing
    // here), with every tag open again, so that the operations' links are on the page too.
    expect(await notShown(page, ["#/"])).toEqual([]);
    for (const tag of spec.tags.map((t: { name: string }) => t.name)) await expandTag(tag);
    const found = await page.evaluate(() =>
      [...document.querySelectorAll("[href], [src], [action], [formaction], [srcset]")].flatMap((e) =>
        ["href", "src", "action", "formaction", "srcset"].filter((a) => e.hasAttribute(a)).map((a) => ({ tag: e.tagName, value: e.getAttribute(a)! })),
      ),
    );
    expect(found.length).toBeGreaterThan(ops.length);
    // Links off the site that are meant to be there: the renderer's credit, and whatever the spec
    // itself links to.
    const intended = new Set(["https://redocly.com/redoc/", ...(JSON.stringify(spec).match(/https?:\/\/[^\s"')\]]+/g) ?? [])]);
    const outside: string[] = [];
    const missingFiles: string[] = [];
    const routes = new Set<string>();
    const anchors = new Set<string>();
    for (const { tag, value } of found) {
      if (value.startsWith("data:") || intended.has(value)) continue;
      const url = new URL(value, page.url());
      if (!url.href.startsWith(server!.url)) {
        outside.push(`<${tag.toLowerCase()}> ${value}`);
        continue;
      }
      const file = decodeURIComponent(url.pathname.slice(new URL(server!.url).pathname.length)) || "index.html";
      if (!existsSync(`${dist}${file}`)) missingFiles.push(value);
      if (url.hash.startsWith("#/")) routes.add(url.hash);
      else if (url.hash) anchors.add(url.hash.slice(1));
    }
    expect(outside).toEqual([]);
    expect(missingFiles).toEqual([]);
    // In-page anchors name an element of the page; routes (`#/…`) scroll to their section.
    for (const id of anchors) expect(await page.locator(`[id="${id}"]`).count(), `#${id}`).toBeGreaterThan(0);
    expect(routes.size).toBeGreaterThan(ops.length);
    expect(await notShown(page, [...routes])).toEqual([]);
    // Opened afresh (a new tab, a copied link), one link of each kind lands on its target: a new
    // document each time, loaded from a blank page with nothing stored, at a laptop's width. In
    // this page rather than a new tab, whose new renderer process would compile the page's 2.7 MB
    // of script again, twice the work of the load itself.
    const kind = (route: string) => `${route.split("/").length}${route.startsWith("#/section/")}${route.lastIndexOf("#") > 0}`;
    const kinds = new Map([...routes].map((route) => [kind(route), route]));
    // The first load (beforeAll) opened a link of the page afresh, which stands for its kind.
    expect(routes.has(firstRoute)).toBe(true);
    expect(firstLanding).toEqual({ hash: firstRoute, missed: [] });
    kinds.delete(kind(firstRoute));
    for (const route of kinds.values()) {
      await page.evaluate(() => (localStorage.clear(), sessionStorage.clear()));
      await page.goto("about:blank");
      await page.goto(`${server!.url}${route}`, { waitUntil: "load", timeout: 20_000 });
      expect(new URL(page.url()).hash).toBe(route);
      expect(await notShown(page, [route])).toEqual([]);
    }
  });

  // Last, so that it covers everything the tests above made the page do.
  it("made no request off the machine and logged no console error", () => {
    expect(local.length).toBeGreaterThan(0); // the interception saw the page itself
    expect(external).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
