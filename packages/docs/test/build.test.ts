// The docs generator on its own: samples follow the spec's examples, and the output is
// reproducible byte for byte.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import { build, clientSample, curlSample, enrich, operations, specPath } from "../src/build.mjs";

const spec = JSON.parse(readFileSync(specPath(), "utf8"));
const byName = Object.fromEntries(operations(spec).map((o) => [o.name, o]));
const scratch = mkdtempSync(join(tmpdir(), "docs-build-test-"));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("code samples", () => {
  it("calls the named operation with the first request example", () => {
    expect(clientSample(byName.createAdminResourceToken!)).toBe(`import { createClient } from "@tokenkit/client";

const client = createClient({ token: process.env.API_TOKEN!, orgId: process.env.BV_ORG_ID });
const result = await client.cms.createAdminResourceToken({
  body: {
    resource_id: "3c9d2f1e-8b4a-4e7c-a5d6-1f0e9b8c7a62",
    resource_type: "RESOURCE_TYPE_LIVE",
    expires_in: "3600s",
  },
});
`);
  });

  it("passes path and query parameters as flat keys, and StackRox gets its base URL", () => {
    expect(clientSample(byName.getAPIToken!)).toContain(
      'const client = createClient({ token: process.env.API_TOKEN!, baseUrl: { stackrox: "https://central.example.com" } });\n' +
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
      expect(curl.includes("x-bv-org-id")).toBe(o.orgHeader);
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

  it("compiles, all nine TypeScript samples, against @tokenkit/client", { timeout: 60_000 }, () => {
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
    expect(files.size).toBe(9);
    expect(problems).toEqual([]);
  });

  it("adds both samples to all nine operations and a landing section, without touching the input", () => {
    const before = JSON.stringify(spec);
    const doc = enrich(spec);
    expect(JSON.stringify(spec)).toBe(before);
    const samples = operations(doc).map((o) => o.op["x-codeSamples"].map((s: { lang: string }) => s.lang));
    expect(samples).toEqual(Array(9).fill(["TypeScript", "curl"]));
    expect(doc.info.description.startsWith("## Getting started")).toBe(true);
    expect(doc.info.description).toContain(spec.info.description);
  });
});

describe("build", () => {
  // Two full builds: a few seconds alone, much longer when the whole test run shares the CPU.
  it("writes the same bytes twice", { timeout: 90_000 }, () => {
    const [a, b] = [join(scratch, "a"), join(scratch, "b")];
    build(a);
    build(b);
    expect(readdirSync(a).sort()).toEqual(["index.html", "openapi.json", "openapi.yaml"]);
    for (const file of readdirSync(a)) expect(readFileSync(join(b, file)).equals(readFileSync(join(a, file)))).toBe(true);
  });
});
