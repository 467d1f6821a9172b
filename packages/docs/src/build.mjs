#!/usr/bin/env node
// @ts-check
// Builds the API reference into dist/: one self-contained index.html (Redoc, rendered by
// `redocly build-docs`) plus the bundled spec it was made from.
//
// The spec is read from @tokenkit/types (its generated, bundled spec), never from spec/,
// so the site, the mock and the client always describe the same document. Before rendering, a
// copy of it gets a landing section and, on every operation, `x-codeSamples` (TypeScript client
// and curl) derived from the operation's own examples. The spec itself is not changed.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { examplesOf, exampleRequest, operations as specOperations } from "@tokenkit/spec-model";

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
export const distDir = resolve(here, "../dist");
const MAX_LINE = 80;

/** @typedef {Record<string, any>} Json */

/** Path of the bundled spec shipped in @tokenkit/types (JSON next to YAML). */
export const specPath = (ext = "json") =>
  join(dirname(require.resolve("@tokenkit/types/package.json")), `openapi.${ext}`);

/**
 * Every operation with what a sample needs, in spec order: the model's operation, its Operation
 * Object as `op` (enrich() adds the samples to it), and a request made of its first examples
 * (`params`: path and query parameters as the named operation takes them; `body`; `url`).
 */
export function operations(/** @type {Json} */ doc) {
  return specOperations(doc).map((o) => {
    const example = exampleRequest(doc, o);
    return { ...o, op: o.operation, params: { ...example.path, ...example.query }, body: example.body, url: example.url };
  });
}

/**
 * A TypeScript literal for a JSON value: on one line when it fits, else one entry per line.
 * @returns {string}
 */
export function literal(/** @type {unknown} */ value, indent = "") {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  const isArray = Array.isArray(value);
  /** @type {string[]} */
  const entries = isArray
    ? value.map((v) => literal(v, indent + "  "))
    : Object.entries(value).map(([k, v]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${literal(v, indent + "  ")}`);
  const [open, close] = isArray ? ["[", "]"] : ["{ ", " }"];
  if (entries.length === 0) return isArray ? "[]" : "{}";
  const oneLine = `${open}${entries.join(", ")}${close}`;
  if (!oneLine.includes("\n") && indent.length + oneLine.length <= MAX_LINE) return oneLine;
  return `${open.trim()}\n${entries.map((e) => `${indent}  ${e},`).join("\n")}\n${indent}${close.trim()}`;
}

/** `const client = createClient({ ... })`: on one line when it fits, else one option per line. */
function clientLine(/** @type {string[]} */ options) {
  const oneLine = `const client = createClient({ ${options.join(", ")} });`;
  return oneLine.length <= MAX_LINE ? oneLine : `const client = createClient({\n${options.map((o) => `  ${o},`).join("\n")}\n});`;
}

/** `client.<tag>.<operation>({ ...path, ...query, body })` with the operation's first examples. */
export function clientSample(/** @type {ReturnType<typeof operations>[number]} */ o) {
  const options = ["token: process.env.API_TOKEN!"];
  if (o.orgHeader) options.push("orgId: process.env.BV_ORG_ID");
  // StackRox Central has no public host: every installation brings its own.
  if (o.api === "stackrox") options.push('baseUrl: { stackrox: "https://central.example.com" }');
  /** @type {Record<string, unknown>} */
  const args = { ...o.params };
  if (o.body !== undefined) args.body = o.body;
  const call = Object.keys(args).length ? literal(args) : "";
  return [
    'import { createClient } from "@tokenkit/client";',
    "",
    clientLine(options),
    `const result = await client.${o.tag}.${o.name}(${call});`,
    "",
  ].join("\n");
}

const shellQuote = (/** @type {string} */ s) => `'${s.replace(/'/g, `'\\''`)}'`;

/** The same request as a curl command line. */
export function curlSample(/** @type {ReturnType<typeof operations>[number]} */ o) {
  const lines = [`curl ${o.method === "GET" ? "" : `-X ${o.method} `}${shellQuote(`${o.baseUrl}${o.url}`)}`];
  lines.push(`-H "Authorization: Bearer $API_TOKEN"`);
  if (o.orgHeader) lines.push(`-H "x-bv-org-id: $BV_ORG_ID"`);
  if (o.body !== undefined) lines.push(`-H 'Content-Type: application/json'`, `-d ${shellQuote(JSON.stringify(o.body))}`);
  return `${lines.join(" \\\n  ")}\n`;
}

/** The JSON request body's examples of an operation, in spec order (none without a body). */
export const requestExamples = (/** @type {Json} */ doc, /** @type {ReturnType<typeof operations>[number]} */ o) =>
  o.requestBody ? examplesOf(doc, o.requestBody.content?.["application/json"]) : [];

/**
 * What a newcomer needs before the first call and the spec's own description does not say: the
 * client, the samples, the downloads and the local mock. (Base URLs, credentials and error bodies
 * are the spec's own sections, right below.)
 */
export function landing(/** @type {Json} */ doc) {
  const stackrox = operations(doc).find((o) => o.api === "stackrox");
  return `## Getting started

Every operation below shows the same request twice: through the typed TypeScript client
\`@tokenkit/client\` and as \`curl\`. Where an operation has several request examples, the
selector above the sample switches the sample to the chosen one.

\`\`\`sh
npm install @tokenkit/client
\`\`\`

\`\`\`ts
import { createClient } from "@tokenkit/client";

// One client for both APIs; the samples below call its named operations,
// client.<tag>.<operation>(…).
${clientLine(["token: process.env.API_TOKEN!", "orgId: process.env.BV_ORG_ID"])}
\`\`\`

${stackrox ? `StackRox Central has no public host: the samples use \`${new URL(stackrox.baseUrl).host}\`; give the client
your own with \`createClient({ baseUrl: { stackrox: "https://<your central host>" } })\`.

` : ""}The spec this page is built from: [openapi.json](openapi.json) and [openapi.yaml](openapi.yaml).

### Local mock server

From a checkout of the repository, \`npm start\` installs and builds everything, then serves every
operation at **http://127.0.0.1:4010** with the examples shown here; \`npm run mock\` starts it
again later. Any bearer token is accepted; a request without one gets a 401. Pick another
documented answer with a header: \`Prefer: code=404\` or \`Prefer: example=<name>\`. A request
that breaks the schema gets the operation's 400 example, and the \`sl-violations\` response header
names the failing field.

\`\`\`sh
curl -s http://127.0.0.1:4010/v1/apitokens -H 'Authorization: Bearer dev'
\`\`\`

`;
}

/**
 * info.description with the landing section after its introduction (the text before its first
 * \`##\` heading), so the introduction stays under the title and is not filed under the landing's
 * last heading.
 */
export function withLanding(/** @type {string} */ description, /** @type {string} */ section) {
  const firstHeading = description.search(/^## /m);
  if (firstHeading === -1) return `${description.trimEnd()}\n\n${section}`;
  return description.slice(0, firstHeading) + section + description.slice(firstHeading);
}

/** Label of the hidden sample of one request example; see `followSelectedExample`. */
export const exampleSampleLabel = (/** @type {string} */ label, /** @type {string} */ example) => `${label}#${example}`;

const SAMPLES = [
  { lang: "TypeScript", label: "TypeScript", source: clientSample },
  { lang: "curl", label: "curl", source: curlSample },
];

/** A copy of the spec with the landing section and code samples added. */
export function enrich(/** @type {Json} */ spec) {
  /** @type {Json} */
  const doc = structuredClone(spec);
  doc.info.description = withLanding(doc.info.description ?? "", landing(spec));
  for (const o of operations(doc)) {
    const samples = SAMPLES.map(({ lang, label, source }) => ({ lang, label, source: source(o) }));
    // With two or more request examples the renderer shows an example selector; each example
    // gets its own samples, which the selector switches to.
    const examples = requestExamples(doc, o);
    if (examples.length > 1) {
      for (const { name, value } of examples) {
        for (const { lang, label, source } of SAMPLES) {
          samples.push({ lang, label: exampleSampleLabel(label, String(name)), source: source({ ...o, body: value }) });
        }
      }
    }
    o.op["x-codeSamples"] = samples;
  }
  return doc;
}

// The renderer's sidebar credit loads its logo from Redocly's CDN; it gets the same credit as
// an inline image. Both URLs must be found, or a renderer update has moved them: fail loudly.
const CDN_LOGOS = ["https://cdn.redoc.ly/redoc/logo-mini-full.svg", "https://cdn.redoc.ly/redoc/logo-mini.svg"];
const LOGO = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" width="48" height="16"><text x="0" y="12" font-family="sans-serif" font-size="12" fill="#0044D4">Redoc</text></svg>',
)}`;
// Markup (outside the inline scripts) that would make the browser fetch from elsewhere as the
// page loads. Links (<a href>) are fine: they are only followed when clicked. The bundle's own
// code also names an icon CDN, used only for icons this spec does not have; the page's
// Content-Security-Policy blocks it anyway, and the browser test proves nothing is requested.
const FORBIDDEN = [/<link\b/i, /<(img|script|iframe|source|video|audio)\b[^>]*\ssrc=["']?(https?:)?\/\//i, /url\(["']?(https?:)?\/\//i, /@import/i];
const markupOnly = (/** @type {string} */ html) => html.replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, "<script></script>");

export function makeSelfContained(/** @type {string} */ html) {
  for (const url of CDN_LOGOS) {
    if (!html.includes(url)) throw new Error(`expected the renderer to reference ${url}; check the Redoc version`);
    html = html.split(url).join(LOGO);
  }
  const markup = markupOnly(html);
  const found = FORBIDDEN.find((re) => re.test(markup));
  if (found) throw new Error(`dist/index.html would load something from outside the page (${found})`);
  return html;
}

/** Applies `edit` to the page outside its inline scripts (the pre-rendered markup and styles). */
const outsideScripts = (/** @type {string} */ html, /** @type {(markup: string) => string} */ edit) =>
  html
    .split(/(<script\b[^>]*>[\s\S]*?<\/script>)/i)
    .map((part, i) => (i % 2 === 1 ? part : edit(part)))
    .join("");

/**
 * Sidebar and heading links as `#/…` fragments. The renderer routes by the URL fragment, and
 * renders its links that way in the browser, but `build-docs` pre-renders the page with
 * root-relative links (`/section/errors`, `/cms`), and hydration keeps the pre-rendered
 * attributes: under a sub-path (GitHub Pages) "open in new tab" and copied links would 404.
 * No option changes the pre-rendering router, so the pre-rendered links get the form the
 * browser would give them (which also keeps hydration free of mismatches).
 */
export function fragmentLinks(/** @type {string} */ html) {
  return outsideScripts(html, (markup) => markup.replace(/\bhref="\/(?!\/)/g, 'href="#/'));
}

// The request-sample panel of an operation shows an example selector when the request body has
// two or more examples, but Redoc CE renders an `x-codeSamples` entry as is, whichever example is
// selected (only the generated samples of Redocly's paid renderer follow the selection). `enrich`
// therefore adds one sample per example and language, labelled `<language>#<example>`: labels the
// language list does not name, so the renderer never offers them as tabs. This one edit to the
// renderer's sample panel shows the selected example's sample when there is one. The edited code
// must be found exactly once, or a renderer update has changed it: fail loudly.
const SAMPLE_SOURCE = {
  code: "ie=(0,B.useMemo)(()=>{if(ee===`payload`)return``;let e=O?.find(e=>Dj(e)===ee);return e?e.source:`// ${n(`unsupportedLanguage`,`Language is not supported.`)}`},[ee,O,n])",
  // `e` is the panel's node (all samples of the operation), `ne` the selected example's name.
  edited:
    "ie=(0,B.useMemo)(()=>{if(ee===`payload`)return``;let t=O?.find(e=>Dj(e)===ee);if(!t)return`// ${n(`unsupportedLanguage`,`Language is not supported.`)}`;" +
    "let r=ne===void 0?void 0:e.definitionSamples?.find(e=>e.label===`${t.label??t.lang}#${ne}`);return(r??t).source},[ee,O,n,e.definitionSamples,ne])",
};

export function followSelectedExample(/** @type {string} */ html) {
  const found = html.split(SAMPLE_SOURCE.code).length - 1;
  if (found !== 1) throw new Error(`expected the renderer's sample panel code once, found it ${found} times; check the Redoc version`);
  return html.replace(SAMPLE_SOURCE.code, () => SAMPLE_SOURCE.edited);
}

/** Everything done to the page `build-docs` wrote, in order. */
export const finishPage = (/** @type {string} */ html) => followSelectedExample(fragmentLinks(makeSelfContained(html)));

const REDOC_OPTIONS = {
  // Only the two samples injected above, TypeScript first (the first language is the default tab).
  // Redoc matches a sample to a language by its label.
  codeSamples: { languages: [{ lang: "TypeScript", label: "TypeScript" }, { lang: "curl", label: "curl" }] },
  // No `downloadUrls` (the landing section links the spec files instead): the renderer adds
  // "Open in ChatGPT" and "Open in Claude" to every heading's page menu whenever it knows the
  // spec's URL, and has no option to turn them off. An internal reference must not offer to send
  // the spec to third parties; without a URL only "Copy" (to the clipboard) is left.
};

function render(/** @type {string} */ specFile, /** @type {string} */ out, /** @type {Json} */ doc) {
  const pkg = require.resolve("@redocly/cli/package.json");
  const cli = join(dirname(pkg), JSON.parse(readFileSync(pkg, "utf8")).bin.redocly);
  execFileSync(
    process.execPath,
    [
      cli, "build-docs", specFile,
      "--output", out,
      "--inlineBundle", // the renderer goes into the page instead of coming from a CDN
      "--template", join(here, "template.hbs"),
      "--title", doc.info.title,
      "--templateOptions.description", doc.info.summary ?? doc.info.title,
      "--openapi", JSON.stringify(REDOC_OPTIONS),
    ],
    {
      cwd: here, // no redocly.yaml here: the lint rules of spec/ do not apply to the enriched copy
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
    },
  );
}

export function build(outDir = distDir) {
  const spec = JSON.parse(readFileSync(specPath(), "utf8"));
  const doc = enrich(spec);
  const work = mkdtempSync(join(tmpdir(), "tokenkit-docs-"));
  try {
    const specFile = join(work, "openapi.json");
    writeFileSync(specFile, JSON.stringify(doc, null, 2));
    const page = join(work, "index.html");
    render(specFile, page, doc);
    const html = finishPage(readFileSync(page, "utf8"));
    // Replace the whole folder, so nothing stale is ever published.
    rmSync(outDir, { recursive: true, force: true });
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, "index.html"), html);
    // The spec as published, for code generators and API tools.
    copyFileSync(specPath("json"), join(outDir, "openapi.json"));
    copyFileSync(specPath("yaml"), join(outDir, "openapi.yaml"));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return operations(doc).length;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const count = build();
    console.log(`wrote dist/index.html (${count} operations), dist/openapi.json, dist/openapi.yaml`);
  } catch (err) {
    console.error(/** @type {any} */ (err).stderr?.toString() || /** @type {Error} */ (err).message);
    process.exit(1);
  }
}
