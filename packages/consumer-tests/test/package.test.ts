// What `npm install` downloads: the tarballs the rehearsal published to the local registry, their
// files, their package.json, and the verdicts of publint and attw (arethetypeswrong) on them.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, matchesGlob } from "node:path";
import { fileURLToPath } from "node:url";
import { checkPackage, createPackageFromTarballData } from "@arethetypeswrong/core";
import { getExitCode } from "@arethetypeswrong/cli/internal/getExitCode";
import { typed, type RenderOptions } from "@arethetypeswrong/cli/internal/render";
import { publint } from "publint";
import { formatMessage } from "publint/utils";
import { describe, expect, inject, it } from "vitest";
import { run } from "./run.js";

const { tarballs, version, released } = inject("consumer");
const repo = fileURLToPath(new URL("../../..", import.meta.url));

const list = async (tarball: string) =>
  (await run("tar", ["-tzf", tarball], { cwd: dirname(tarball) })).split("\n").filter(Boolean).map((f) => f.replace(/^package\//, ""));
const read = (tarball: string, file: string) => run("tar", ["-xzOf", tarball, `package/${file}`], { cwd: dirname(tarball) });
const manifest = async (tarball: string) => JSON.parse(await read(tarball, "package.json")) as Record<string, any>;

// What npm adds to every tarball, and what never belongs in one (sources, tests, source maps).
const ALWAYS = /^(package\.json|README\.md|CHANGELOG\.md|LICENSE)$/;
const NEVER = /(^|\/)(src|test|scripts)\/|\.map$|(?<!\.d)\.[cm]?ts$/;

/** Every file a manifest names: exports, bin, types. */
function named(pkg: Record<string, any>): string[] {
  const found: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === "string") found.push(value.replace(/^\.\//, ""));
    else if (value && typeof value === "object") Object.values(value).forEach(walk);
  };
  walk([pkg.exports, pkg.bin, pkg.types]);
  return found;
}

/** The workspace's private packages: no published manifest may name one. */
const PRIVATE = ["package.json", ...readdirSync(join(repo, "packages")).map((dir) => `packages/${dir}/package.json`), "spec/package.json"]
  .flatMap((file) => {
    try {
      return [JSON.parse(readFileSync(join(repo, file), "utf8")) as { name: string; private?: boolean }];
    } catch {
      return [];
    }
  })
  .filter((pkg) => pkg.private)
  .map((pkg) => pkg.name);

// Each package's checks run at once (attw is a process of its own per tarball).
describe.concurrent.each(Object.entries(tarballs))("the packed @tokenkit/%s", (name, tarball) => {
  it("holds only what users need, with a README", async ({ expect }) => {
    const files = await list(tarball);
    console.log(`@tokenkit/${name}: ${statSync(tarball).size} bytes packed, ${files.length} files: ${files.join(" ")}`);
    const pkg = await manifest(tarball);
    const listed = (file: string) => (pkg.files as string[]).some((entry) => file === entry || file.startsWith(`${entry}/`) || matchesGlob(file, entry));
    expect(files.filter((f) => !ALWAYS.test(f) && (!listed(f) || NEVER.test(f)))).toEqual([]);
    expect(files).toEqual(expect.arrayContaining(["README.md", "LICENSE", ...named(pkg)]));
  });

  it("is the released version, with no workspace: range and no private package named", async ({ expect }) => {
    const pkg = await manifest(tarball);
    expect(pkg.version).toBe(version);
    expect(PRIVATE.length).toBeGreaterThan(0);
    for (const field of ["dependencies", "peerDependencies", "optionalDependencies", "devDependencies"]) {
      for (const [dep, range] of Object.entries<string>(pkg[field] ?? {})) {
        expect(range, `${field}.${dep}`).not.toMatch(/^workspace:/);
        expect(PRIVATE, `${field}.${dep}`).not.toContain(dep);
      }
    }
  });

  it("carries no devDependencies and none of the repository's scripts", async ({ expect }) => {
    const pkg = await manifest(tarball);
    expect(pkg.devDependencies).toBeUndefined();
    expect(pkg.scripts).toBeUndefined();
  });

  it("has a changelog whose first entry is this version, written from the changesets", ({ expect }) => {
    const changelog = readFileSync(join(released, "packages", name, "CHANGELOG.md"), "utf8");
    expect(/^## (.+)$/m.exec(changelog)?.[1]).toBe(version);
    expect(changelog).toMatch(/First public release/);
  });

  it("is tagged in git at this version by the release", async ({ expect }) => {
    const tags = (await run("git", ["tag", "--list", `@tokenkit/${name}@*`], { cwd: released })).split("\n").filter(Boolean);
    expect(tags).toEqual([`@tokenkit/${name}@${version}`]);
  });

  it("links the project's repository (what npm checks provenance against), its folder and the issue tracker", async ({ expect }) => {
    const pkg = await manifest(tarball);
    const project = JSON.parse(readFileSync(join(repo, "package.json"), "utf8")) as Record<string, any>;
    expect(project.repository.url).toMatch(/^git\+https:\/\/github\.com\/[\w.-]+\/[\w.-]+\.git$/);
    expect(pkg.repository).toEqual({ type: "git", url: project.repository.url, directory: `packages/${name}` });
    expect(pkg.bugs).toBe(project.bugs);
    expect(pkg.homepage).toMatch(new RegExp(`^${project.repository.url.replace(/^git\+|\.git$/g, "").replace(/[./]/g, "\\$&")}/`));
  });

  it("passes publint with no message at all (strict, down to suggestions)", async ({ expect }) => {
    const bytes = readFileSync(tarball);
    const tarballData = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const { messages, pkg } = await publint({ pack: { tarball: tarballData }, level: "suggestion", strict: true });
    expect(messages.map((m) => `${m.type}: ${formatMessage(m, pkg)}`)).toEqual([]);
  });

  it("passes attw under node10, node16 (CJS and ESM) and bundler resolution", async ({ expect }) => {
    // attw's own engine and verdict, as its command runs them (`attw <tarball> --format ascii
    // [--profile esm-only]`), in this process: one TypeScript loaded for every tarball instead of
    // one attw process each.
    // openapi.yaml is a data file read from disk (e.g. by a mock server), never imported as a module.
    const excludeEntrypoints = name === "types" ? ["./openapi.yaml"] : [];
    const analysis = await checkPackage(createPackageFromTarballData(new Uint8Array(readFileSync(tarball))), { excludeEntrypoints });
    if (!analysis.types) throw new Error(`attw finds no types in @tokenkit/${name}`);
    // A package with a CommonJS build gets the default (strictest) profile: a `require` must get
    // CommonJS code and types. The ES-module-only ones (as msw 3 is) are held to the ESM-only
    // profile, which leaves out the two CommonJS resolutions.
    const dual = JSON.stringify((await manifest(tarball)).exports).includes('"require"');
    const profile: RenderOptions = { ignoreResolutions: dual ? [] : ["node10", "node16-cjs"], format: "ascii" };
    expect(getExitCode(analysis, profile), await typed(analysis, profile)).toBe(0);
  });
});

describe("the packed @tokenkit/types", () => {
  it("ships declarations and the spec, no JavaScript, and its exports name only declarations", async () => {
    const files = await list(tarballs.types!);
    expect(files.filter((file) => /\.[cm]?js$/.test(file))).toEqual([]);
    const { exports, main, module } = await manifest(tarballs.types!);
    expect({ main, module }).toEqual({ main: undefined, module: undefined });
    expect(exports["."]).toEqual({ import: { types: "./dist/index.d.ts" }, require: { types: "./dist/index.d.cts" } });
  });

  it("ships the bundled spec, which the installed package exports as subpaths", async () => {
    const { app } = inject("consumer");
    const fromApp = createRequire(join(app, "package.json"));
    const spec = fromApp("@tokenkit/types/openapi.json") as { openapi: string; paths: object };
    expect(spec.openapi).toMatch(/^3\.1\./);
    expect(readFileSync(fromApp.resolve("@tokenkit/types/openapi.yaml"), "utf8")).toMatch(/^openapi: ["']?3\.1\./m);
  });
});

describe("the packed @tokenkit/client", () => {
  it("depends on exactly the @tokenkit/types version it was released with, and on openapi-fetch", async () => {
    const client = await manifest(tarballs.client!);
    const types = await manifest(tarballs.types!);
    expect(client.dependencies).toMatchObject({ "@tokenkit/types": types.version, "openapi-fetch": expect.any(String) });
    expect(client.version).toBe(types.version); // one `fixed` release group
  });

  it("ships no source maps, and its code names no map", async () => {
    const files = await list(tarballs.client!);
    expect(files.filter((f) => f.endsWith(".map"))).toEqual([]);
    for (const entry of ["dist/index.js", "dist/index.cjs"]) expect(await read(tarballs.client!, entry)).not.toMatch(/sourceMappingURL/);
  });
});

describe("the packed @tokenkit/msw", () => {
  it("brings no Prism and no Node built-in into a browser bundle", async () => {
    const pkg = await manifest(tarballs.msw!);
    expect(Object.keys(pkg.dependencies ?? {})).not.toContain("@stoplight/prism-cli");
    const code = (await list(tarballs.msw!)).filter((file) => file.endsWith(".js"));
    expect(code.length).toBeGreaterThan(0);
    for (const file of code) expect(await read(tarballs.msw!, file), file).not.toMatch(/from "(node:|@stoplight|@tokenkit\/spec-model)/);
  });
});

describe("the packed @tokenkit/mock", () => {
  it("has one command, so `npx @tokenkit/mock` runs it, and gets the engine from @tokenkit/msw", async () => {
    const pkg = await manifest(tarballs.mock!);
    const commands = Object.values<string>(pkg.bin);
    expect(commands).toHaveLength(1);
    expect(await read(tarballs.mock!, commands[0]!.replace(/^\.\//, ""))).toMatch(/^#!\/usr\/bin\/env node\n/);
    expect(pkg.dependencies).toHaveProperty("@tokenkit/msw", version);
    // The process that stops the mock when its parent goes away.
    expect(await list(tarballs.mock!)).toContain("watchdog.cjs");
  });
});
