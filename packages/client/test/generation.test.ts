// Adding an operation to the spec is all it takes for its named method to exist, typed and
// callable: generate from a copy of the spec with one extra operation, compile a consumer of
// the new method, and call it against Prism serving that spec.
import { execFile, execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { startMock, type MockServer } from "@tokenkit/mock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../../..");
const clientDir = resolve(import.meta.dirname, "..");
let scratch: string;
let out: string;
/** The mock of the new spec, starting while the tests before the one that calls it run. */
let mock: Promise<MockServer> | undefined;
/** The type check of a consumer of the new method, running alongside the mock's start. */
let compiled: Promise<{ output: string; status: unknown }> | undefined;

// An operation no real API has, so nothing about it can come from anywhere but the spec.
const extraPath = `servers:
  - url: https://api.one.blendvision.com
    description: BlendVision One production API
get:
  operationId: InspectTestProbe
  tags: [org]
  summary: Inspect a test probe
  description: Exists only in the generation test.
  parameters:
    - $ref: ../components/parameters/OrgIdHeader.yaml
    - name: probeKey
      in: path
      required: true
      description: The key of the probe.
      schema: { type: string }
      example: probe-7
  responses:
    "200":
      description: The probe.
      content:
        application/json:
          schema:
            type: object
            required: [probeKey, spins]
            properties:
              probeKey: { type: string, description: The key of the probe., examples: [probe-7] }
              spins: { type: integer, description: How often it turned., examples: [7] }
          examples:
            spinning:
              summary: A probe that turned seven times
              value: { probeKey: probe-7, spins: 7 }
    "401":
      $ref: ../components/responses/BvUnauthorized.yaml
`;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), "extra-operation-"));
  cpSync(join(root, "spec"), join(scratch, "spec"), { recursive: true, filter: (src) => !src.includes("node_modules") });
  writeFileSync(join(scratch, "spec/paths/test-probe.yaml"), extraPath);
  const rootSpec = join(scratch, "spec/openapi.yaml");
  writeFileSync(
    rootSpec,
    readFileSync(rootSpec, "utf8").replace("paths:\n", "paths:\n  /bv/org/v1/test-probes/{probeKey}:\n    $ref: paths/test-probe.yaml\n"),
  );

  out = join(scratch, "out");
  // Each package's own generator, as `pnpm generate` runs them: the types from the spec, then the
  // client from the bundled spec the first one wrote.
  const types = join(out, "packages/types");
  execFileSync(process.execPath, [join(root, "packages/types/scripts/generate.mjs"), "--spec", rootSpec, "--out", types], { stdio: "pipe" });
  execFileSync(process.execPath, [join(clientDir, "scripts/generate.mjs"), "--spec", join(types, "openapi.json"), "--out", join(out, "packages/client")], { stdio: "pipe" });

  // The client's hand-written sources next to the freshly generated ones, linked to its real dependencies.
  cpSync(join(clientDir, "src"), join(out, "packages/client/src"), {
    recursive: true,
    filter: (src) => !src.includes(join("src", "generated")),
  });
  cpSync(join(root, "packages/types/src/index.ts"), join(out, "packages/types/src/index.ts"));
  writeFileSync(
    join(out, "packages/types/package.json"),
    JSON.stringify({ name: "@tokenkit/types", type: "module", exports: { ".": "./src/index.ts" } }),
  );
  const modules = join(out, "packages/client/node_modules");
  mkdirSync(join(modules, "@tokenkit"), { recursive: true });
  for (const dep of ["openapi-fetch", "openapi-typescript-helpers"]) symlinkSync(join(clientDir, "node_modules", dep), join(modules, dep), "dir");
  symlinkSync(join(out, "packages/types"), join(modules, "@tokenkit/types"), "dir");
  // Generating lints, bundles and types the spec: a minute or more on a busy two-core machine.

  mock = startMock({ spec: join(out, "packages/types/openapi.yaml") });
  // Awaited by its test (a failure is that test's) and by afterAll (which stops it).
  mock.catch(() => undefined);

  // A consumer of the new method, compiled while the mock starts; awaited by its test.
  const consumer = join(out, "packages/client/consumer.ts");
  writeFileSync(
    consumer,
    `import { createClient } from "./src/index.js";
const client = createClient({ token: "t", baseUrl: "http://127.0.0.1:1" });
export async function use(): Promise<number> {
  const result = await client.org.inspectTestProbe({ probeKey: "g-1" });
  // @ts-expect-error: the path parameter is required
  await client.org.inspectTestProbe({});
  // The spec requires x-bv-org-id here; a path-style call may leave it to the client's orgId.
  const probe = await client.GET("/bv/org/v1/test-probes/{probeKey}", { params: { path: { probeKey: "g-1" } } });
  // @ts-expect-error: when given, the header is still a string
  await client.GET("/bv/org/v1/test-probes/{probeKey}", { params: { path: { probeKey: "g-1" }, header: { "x-bv-org-id": 7 } } });
  // @ts-expect-error: the path parameter is required
  await client.GET("/bv/org/v1/test-probes/{probeKey}", { params: { path: {} } });
  return result.spins + (probe.data?.spins ?? 0);
}
`,
  );
  writeFileSync(
    join(out, "packages/client/tsconfig.json"),
    JSON.stringify({
      compilerOptions: { strict: true, module: "NodeNext", moduleResolution: "NodeNext", target: "ES2022", lib: ["ES2022", "DOM"], noEmit: true, skipLibCheck: true, types: [] },
      files: ["consumer.ts"],
    }),
  );
  // TypeScript 7, the repository's checker (the release rehearsal also compiles a user's project
  // under 5.9): what is checked here is the generated code, not the compiler.
  const tsc = join(root, "node_modules/typescript-7/bin/tsc");
  compiled = promisify(execFile)(process.execPath, [tsc, "-p", join(out, "packages/client")], { encoding: "utf8" }).then(
    ({ stdout, stderr }) => ({ output: stdout + stderr, status: 0 }),
    (failed: { stdout?: string; stderr?: string; code?: unknown }) => ({ output: `${failed.stdout ?? ""}${failed.stderr ?? ""}`, status: failed.code }),
  );
}, 180_000);

afterAll(async () => {
  await mock?.then((started) => started.stop(), () => undefined);
  await compiled;
  rmSync(scratch, { recursive: true, force: true });
});

describe("a new operation in the spec", () => {
  it("appears in the generated operation table", () => {
    const table = readFileSync(join(out, "packages/client/src/generated/operations.ts"), "utf8");
    expect(table).toContain('["inspectTestProbe","GET","/bv/org/v1/test-probes/{probeKey}","required"]');
  });

  it("becomes a typed named method and path, the organization header optional (a consumer compiles, a wrong call does not)", async () => {
    const run = await compiled!;
    expect(run.output).toBe("");
    expect(run.status).toBe(0);
  }, 60_000);

  it("is callable against a mock of the new spec", async () => {
    const { url } = await mock!;
    const { createClient } = await import(join(out, "packages/client/src/index.ts"));
    const client = createClient({ token: "t", orgId: "org-1", baseUrl: url, timeout: 10_000 });
    const data = await client.org.inspectTestProbe({ probeKey: "probe-7" });
    expect(data).toEqual({ probeKey: "probe-7", spins: 7 });
  });
});
