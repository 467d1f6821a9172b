// The linter is the spec's compiler: a broken spec must fail with the file and line to fix.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";

const specDir = resolve(import.meta.dirname, "..");
const redocly = join(specDir, "node_modules", ".bin", "redocly");
const env = { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true", NO_COLOR: "1" };
let scratch: string | undefined;

/** Copies the spec and its lint config to a scratch folder, applies `edit`, and lints the copy. */
function lintEdited(file: string, edit: (text: string) => string) {
  scratch = mkdtempSync(join(tmpdir(), "spec-lint-"));
  cpSync(specDir, join(scratch, "spec"), { recursive: true, filter: (src) => !src.includes("node_modules") });
  cpSync(resolve(specDir, "../redocly.yaml"), join(scratch, "redocly.yaml"));
  const target = join(scratch, "spec", file);
  writeFileSync(target, edit(readFileSync(target, "utf8")));
  const run = spawnSync(redocly, ["lint"], { cwd: scratch, env, encoding: "utf8" });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

afterEach(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  scratch = undefined;
});

describe("redocly lint", () => {
  it("passes the committed spec with no problems at all", () => {
    const run = spawnSync(redocly, ["lint", "--config", "../redocly.yaml"], { cwd: specDir, env, encoding: "utf8" });
    const output = `${run.stdout}${run.stderr}`;
    expect(run.status).toBe(0);
    expect(output).toMatch(/Your API description is valid/);
    expect(output).not.toMatch(/\d+ warnings?\b/);
  });

  it("fails on an invalid type, naming file and line", () => {
    const { status, output } = lintEdited("components/schemas/TokenMetadata.yaml", (t) =>
      t.replace(/type: boolean/, "type: bool"),
    );
    expect(status).not.toBe(0);
    expect(output).toMatch(/components\/schemas\/TokenMetadata\.yaml:\d+:\d+/);
  });

  it("fails on an example that does not match its schema, naming file and line", () => {
    const { status, output } = lintEdited("paths/resource-admin-tokens.yaml", (t) =>
      t.replace("resource_type: RESOURCE_TYPE_LIVE_EVENT", "resource_type: RESOURCE_TYPE_PODCAST"),
    );
    expect(status).not.toBe(0);
    expect(output).toMatch(/paths\/resource-admin-tokens\.yaml:\d+:\d+/);
  });

  it("fails on a broken $ref, naming file and line", () => {
    const { status, output } = lintEdited("openapi.yaml", (t) => t.replace(/schemas\/Group\.yaml/, "schemas/Grop.yaml"));
    expect(status).not.toBe(0);
    expect(output).toMatch(/openapi\.yaml:\d+:\d+/);
  });
});
