// The docs generator on its own: samples follow the spec's examples, and the output is
// reproducible byte for byte.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import {
  build,
  clientSample,
  curlSample,
  enrich,
  exampleSampleLabel,
  followSelectedExample,
  fragmentLinks,
  landing,
  operations,
  requestExamples,
  specPath,
  withLanding,
} from "../src/build.mjs";

const spec = JSON.parse(readFileSync(specPath(), "utf8"));
const byName = Object.fromEntries(operations(spec).map((o) => [o.name, o]));
const scratch = mkdtempSync(join(tmpdir(), "docs-build-test-"));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("code samples", () => {
  it("calls the named operation with the first request example", () => {
    expect(clientSample(byName.createAdminResourceToken!)).toBe(`import { createClient } from "@tokenkit/client";

const client = createClient({
  token: process.env.API_TOKEN!,
  orgId: process.env.BV_ORG_ID,
});
const result = await client.cms.createAdminResourceToken({
  body: {
    resource_id: "3c9d2f1e-8b4a-4e7c-a5d6-1f0e9b8c7a62",
    resource_type: "RESOURCE_TYPE_LIVE_EVENT",
    expires_in: "3600s",
  },
});
`);
  });

  it("passes path and query parameters as flat keys, and StackRox gets its base URL", () => {
    expect(clientSample(byName.getAPIToken!)).toContain(
      'const client = createClient({\n  token: process.env.API_TOKEN!,\n  baseUrl: { stackrox: "https://central.example.com" },\n});\n' +
        'const result = await client.apitokens.getAPIToken({ id: "9a7c3e52-14d8-4f0b-b6a1-2e5d8c0f7b93" });',
    );
    expect(clientSample(byName.getAPITokens!)).toContain("client.apitokens.getAPITokens({ revoked: false });");
    expect(clientSample(byName.listAllowedTokenRoles!)).toContain("client.apitokens.listAllowedTokenRoles();");
    // No body key when the operation takes no body.
    expect(clientSample(byName.revokeToken!)).not.toContain("body");
  });

  it("sends x-bv-org-id in curl exactly where the operation declares it", () => {
    for (const o of operations(spec)) {
      const curl = curlSample(o);
      expect(curl).toContain('-H "Authorization: Bearer $API_TOKEN"');
      expect(curl.includes("x-bv-org-id")).toBe(Boolean(o.orgHeader));
      expect(curl.includes("-d '")).toBe(o.body !== undefined);
    }
    expect(curlSample(byName.createGroup!)).toBe(
      "curl -X POST 'https://api.one.blendvision.com/bv/org/v1/groups' \\\n" +
        '  -H "Authorization: Bearer $API_TOKEN" \\\n' +
        '  -H "x-bv-org-id: $BV_ORG_ID" \\\n' +
        "  -H 'Content-Type: application/json' \\\n" +
        `  -d '${JSON.stringify(byName.createGroup!.body)}'\n`,
    );
    expect(curlSample(byName.getAPITokens!)).toBe(
      "curl 'https://central.example.com/v1/apitokens?revoked=false' \\\n" + '  -H "Authorization: Bearer $API_TOKEN"\n',
    );
  });

  it("compiles, every TypeScript sample, against @tokenkit/client", { timeout: 60_000 }, () => {
    // The samples are type-checked as if they were files next to this test, without writing them:
    // a renamed operation, a wrong parameter or body field in the client fails here.
    const dir = fileURLToPath(new URL("./", import.meta.url));
    const files = new Map(operations(spec).map((o) => [join(dir, `sample-${o.name}.ts`), clientSample(o)]));
    const options: ts.CompilerOptions = {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      types: ["node"],
    };
    const host = ts.createCompilerHost(options);
    const { fileExists, readFile, getSourceFile } = host;
    host.fileExists = (f) => files.has(f) || fileExists.call(host, f);
    host.readFile = (f) => files.get(f) ?? readFile.call(host, f);
    host.getSourceFile = (f, language, ...rest) =>
      files.has(f) ? ts.createSourceFile(f, files.get(f)!, language) : getSourceFile.call(host, f, language, ...rest);
    const program = ts.createProgram([...files.keys()], options, host);
    const problems = ts.getPreEmitDiagnostics(program).map(
      (d) => `${d.file?.fileName.slice(dir.length) ?? ""}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`,
    );
    expect(files.size).toBe(operations(spec).length);
    expect(files.size).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });

  it("adds both samples to every operation and a landing section, without touching the input", () => {
    const before = JSON.stringify(spec);
    const doc = enrich(spec);
    expect(JSON.stringify(spec)).toBe(before);
    const shown = (samples: { label: string }[]) => samples.filter((s) => !s.label.includes("#")).map((s) => s.label);
    expect(operations(doc).map((o) => shown(o.op["x-codeSamples"]))).toEqual(operations(doc).map(() => ["TypeScript", "curl"]));
    expect(doc.info.description).toContain(landing(spec));
  });

  it("gives every request example of an operation with several its own samples", () => {
    const doc = enrich(spec);
    const several = operations(doc).filter((o) => requestExamples(doc, o).length > 1);
    expect(several.length).toBeGreaterThan(0);
    for (const o of operations(doc)) {
      const examples = requestExamples(doc, o);
      const perExample = o.op["x-codeSamples"].filter((s: { label: string }) => s.label.includes("#"));
      if (examples.length < 2) {
        expect(perExample).toEqual([]);
        continue;
      }
      expect(perExample).toEqual(
        examples.flatMap(({ name, value: body }) => [
          { lang: "TypeScript", label: exampleSampleLabel("TypeScript", name!), source: clientSample({ ...o, body }) },
          { lang: "curl", label: exampleSampleLabel("curl", name!), source: curlSample({ ...o, body }) },
        ]),
      );
      // The examples differ, and so do their samples.
      expect(new Set(perExample.map((s: { source: string }) => s.source)).size).toBe(new Set(examples.map((e) => JSON.stringify(e.value))).size * 2);
    }
  });
});

describe("landing section", () => {
  const description: string = spec.info.description;

  it("comes after the description's introduction, before its first section", () => {
    const doc = enrich(spec);
    const intro = description.slice(0, description.search(/^## /m));
    expect(doc.info.description).toBe(intro + landing(spec) + description.slice(intro.length));
    expect(withLanding("Intro.\n\n## A\n\ntext\n", "## L\n\n")).toBe("Intro.\n\n## L\n\n## A\n\ntext\n");
    expect(withLanding("No sections.", "## L\n")).toBe("No sections.\n\n## L\n");
  });

  it("does not repeat what the description already says", () => {
    // Its prose, that is: a command line may well send the headers the description explains.
    const text = landing(spec).replace(/```[\s\S]*?```/g, "");
    const headings = (md: string) => [...md.matchAll(/^#+ (.+)$/gm)].map((m) => m[1]!.toLowerCase());
    expect(headings(text).filter((h) => headings(description).includes(h))).toEqual([]);
    // Base URLs, the credentials headers and the error bodies are the description's subjects.
    const servers = spec.servers.map((s: { url: string }) => s.url).filter((url: string) => !/127\.0\.0\.1|localhost/.test(url));
    const errorSchemas = Object.values(spec.components.responses as Record<string, any>)
      .flatMap((r) => Object.values(r.content ?? {}).map((m: any) => m.schema?.$ref?.split("/").pop()))
      .filter(Boolean);
    const headers = [
      ...Object.values(spec.components.securitySchemes as Record<string, any>).map((s) => (s.type === "http" ? "Authorization" : s.name)),
      ...Object.values(spec.components.parameters as Record<string, any>).filter((p) => p.in === "header").map((p) => p.name),
    ];
    for (const subject of [...servers, ...new Set(errorSchemas), ...headers]) {
      expect(description, subject).toContain(subject);
      expect(text, subject).not.toContain(subject);
    }
  });

  it("starts the mock with npm, which every checkout has", () => {
    expect(landing(spec)).toContain("npm run mock");
    expect(landing(spec)).not.toMatch(/\bpnpm\b/);
  });

  it("links the published spec files next to the page", () => {
    for (const file of ["openapi.json", "openapi.yaml"]) expect(landing(spec)).toContain(`](${file})`);
  });
});

describe("page post-processing", () => {
  it("turns the pre-rendered root-relative links into fragments, and leaves scripts alone", () => {
    const html = '<a href="/">t</a><a href="/section/errors">e</a><a href="//cdn.example">x</a><a href="#/cms">c</a><script>a.href="/x"</script>';
    expect(fragmentLinks(html)).toBe('<a href="#/">t</a><a href="#/section/errors">e</a><a href="//cdn.example">x</a><a href="#/cms">c</a><script>a.href="/x"</script>');
  });

  it("fails loudly when the renderer's sample panel is not where it was", () => {
    expect(() => followSelectedExample("<script>no renderer here</script>")).toThrow(/sample panel/);
  });
});

describe("build", () => {
  // The package's own build (`pnpm build`, which runs before the tests) wrote dist/; a second
  // build, in this process and another folder, is compared with it: one full build here instead
  // of two, a few seconds alone, much longer when the whole test run shares the CPU.
  it("writes the same bytes twice", { timeout: 90_000 }, () => {
    const [a, b] = [join(scratch, "a"), fileURLToPath(new URL("../dist/", import.meta.url))];
    build(a);
    expect(readdirSync(a).sort()).toEqual(["index.html", "openapi.json", "openapi.yaml"]);
    for (const file of readdirSync(a)) expect(readFileSync(join(b, file)).equals(readFileSync(join(a, file))), `${file}: the same as dist/${file} (from \`pnpm build\`)`).toBe(true);
    // Outside its scripts, the page links nothing by a root-relative path.
    const markup = readFileSync(join(a, "index.html"), "utf8").replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, "");
    expect(markup.match(/\s(href|src)="\/(?!\/)[^"]*"/g) ?? []).toEqual([]);
  });
});
