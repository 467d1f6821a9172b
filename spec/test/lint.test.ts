// The linter is the spec's compiler: a broken spec must fail with the file and line to fix.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const specDir = resolve(import.meta.dirname, "..");
const redocly = join(specDir, "node_modules", ".bin", "redocly");
const env = { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true", NO_COLOR: "1" };
const scratch = mkdtempSync(join(tmpdir(), "spec-lint-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** One break in one file of the spec: `from` becomes `to`. */
type Break = { file: string; from: string | RegExp; to: string };
const BREAKS = {
  type: { file: "components/schemas/TokenMetadata.yaml", from: /type: boolean/, to: "type: bool" },
  example: { file: "paths/resource-admin-tokens.yaml", from: "resource_type: RESOURCE_TYPE_LIVE_EVENT", to: "resource_type: RESOURCE_TYPE_PODCAST" },
  ref: { file: "openapi.yaml", from: /schemas\/Group\.yaml/, to: "schemas/Grop.yaml" },
} satisfies Record<string, Break>;

/**
 * The linter's report on a copy of the spec (and its lint config) with every break applied, run
 * once: the breaks are in different files, and the report names each problem at its own file and
 * line, so one run proves them all.
 */
let broken: { status: number | null; output: string } | undefined;
function lintBroken() {
  if (broken) return broken;
  cpSync(specDir, join(scratch, "spec"), { recursive: true, filter: (src) => !src.includes("node_modules") });
  cpSync(resolve(specDir, "../redocly.yaml"), join(scratch, "redocly.yaml"));
  for (const { file, from, to } of Object.values(BREAKS) as Break[]) {
    const target = join(scratch, "spec", file);
    const text = readFileSync(target, "utf8");
    const edited = text.replace(from, to);
    expect(edited, `the break of ${file} changes nothing`).not.toBe(text);
    writeFileSync(target, edited);
  }
  const run = spawnSync(redocly, ["lint"], { cwd: scratch, env, encoding: "utf8" });
  return (broken = { status: run.status, output: `${run.stdout}${run.stderr}` });
}

/** `file:line:` of the line the break's new text stands on. */
function lineOf({ file, to }: Break) {
  const text = readFileSync(join(scratch, "spec", file), "utf8");
  return `${file}:${text.slice(0, text.indexOf(to)).split("\n").length}:`;
}

describe("redocly lint", () => {
  it("passes the committed spec with no problems at all", () => {
    const run = spawnSync(redocly, ["lint", "--config", "../redocly.yaml"], { cwd: specDir, env, encoding: "utf8" });
    const output = `${run.stdout}${run.stderr}`;
    expect(run.status).toBe(0);
    expect(output).toMatch(/Your API description is valid/);
    expect(output).not.toMatch(/\d+ warnings?\b/);
  });

  it("fails on an invalid type, naming file and line", () => {
    const { status, output } = lintBroken();
    expect(status).not.toBe(0);
    expect(output).toContain(lineOf(BREAKS.type));
  });

  it("fails on an example that does not match its schema, naming file and line", () => {
    const { status, output } = lintBroken();
    expect(status).not.toBe(0);
    expect(output).toContain(lineOf(BREAKS.example));
  });

  it("fails on a broken $ref, naming file and line", () => {
    const { status, output } = lintBroken();
    expect(status).not.toBe(0);
    expect(output).toContain(lineOf(BREAKS.ref));
  });
});
