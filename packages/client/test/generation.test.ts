// Adding an operation to the spec is all it takes for its named method to exist, typed and
// callable: generate from a copy of the spec with one extra operation, compile a consumer of
// the new method, and call it against Prism serving that spec.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { startMock } from "@tokenkit/mock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../../..");
const clientDir = resolve(import.meta.dirname, "..");
let scratch: string;
let out: string;

const extraPath = `get:
  operationId: GetGroup
  tags: [org]
  summary: Get a group
  description: Returns one group of the organization.
  parameters:
    - $ref: ../components/parameters/OrgIdHeader.yaml
    - name: id
      in: path
      required: true
      description: The id of the group.
      schema: { type: string }
      example: e7d3b1a9-5c2f-4a8e-b6d4-9f1c3e5a7b20
  responses:
    "200":
      description: The group.
      content:
        application/json:
          schema:
            $ref: ../components/schemas/CreateGroupResponse.yaml
    "401":
      $ref: ../components/responses/BvUnauthorized.yaml
`;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), "extra-operation-"));
  cpSync(join(root, "spec"), join(scratch, "spec"), { recursive: true, filter: (src) => !src.includes("node_modules") });
  writeFileSync(join(scratch, "spec/paths/group-by-id.yaml"), extraPath);
  const rootSpec = join(scratch, "spec/openapi.yaml");
  writeFileSync(
    rootSpec,
    readFileSync(rootSpec, "utf8").replace("paths:\n", "paths:\n  /bv/org/v1/groups/{id}:\n    $ref: paths/group-by-id.yaml\n"),
  );

  out = join(scratch, "out");
  execFileSync(process.execPath, [join(root, "scripts/generate.mjs"), "--spec", rootSpec, "--out", out], { stdio: "pipe" });

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
}, 60_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("a new operation in the spec", () => {
  it("appears in the generated operation table", () => {
    const table = readFileSync(join(out, "packages/client/src/generated/operations.ts"), "utf8");
    expect(table).toContain('{"operationId":"GetGroup","method":"GET","path":"/bv/org/v1/groups/{id}","tag":"org","api":"blendvision","orgHeader":true}');
  });

  it("becomes a typed named method (a consumer compiles, a wrong call does not)", () => {
    const consumer = join(out, "packages/client/consumer.ts");
    writeFileSync(
      consumer,
      `import { createClient, type Group } from "./src/index.js";
const client = createClient({ token: "t", baseUrl: "http://127.0.0.1:1" });
export async function use(): Promise<Group | undefined> {
  const result = await client.org.getGroup({ id: "g-1" });
  // @ts-expect-error: the path parameter is required
  await client.org.getGroup({});
  return result.group;
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
    const tsc = join(root, "node_modules/typescript/bin/tsc");
    const run = spawnSync(process.execPath, [tsc, "-p", join(out, "packages/client")], { encoding: "utf8" });
    expect(run.stdout + run.stderr).toBe("");
    expect(run.status).toBe(0);
  }, 60_000);

  it("is callable against a mock of the new spec", async () => {
    const mock = await startMock({ spec: join(out, "packages/types/openapi.yaml") });
    try {
      const { createClient } = await import(join(out, "packages/client/src/index.ts"));
      const client = createClient({ token: "t", baseUrl: mock.url, timeout: 10_000 });
      const data = await client.org.getGroup({ id: "e7d3b1a9-5c2f-4a8e-b6d4-9f1c3e5a7b20" });
      expect(data.group).toHaveProperty("name");
    } finally {
      await mock.stop();
    }
  });
});
