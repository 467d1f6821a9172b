// TypeScript users: strict compiles against the installed tarballs under both module
// resolutions people use (node16/nodenext for Node, bundler for apps built by a bundler), with
// the TypeScript most projects have today (5.9) and the native TypeScript 7.
import { cpSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { describe, inject, it } from "vitest";
import { run } from "./run.js";

const { app } = inject("consumer");
const require = createRequire(import.meta.url);
// Each compiler resolves the packages from the consumer's own node_modules.
const compilers = [
  ["5.9", "typescript"],
  ["7", "typescript-7"],
].map(([version, pkg]) => ({ version: version!, tsc: join(dirname(require.resolve(`${pkg}/package.json`)), "bin", "tsc") }));

// The compilers run at once (concurrent tests, each with its own `expect`), each on its own copy
// of the projects, so neither sees the build info the other writes.
describe.concurrent.each(compilers)("a strict TypeScript $version project using the installed tarballs", ({ version, tsc }) => {
  it("is that TypeScript", async ({ expect }) => {
    expect(await run(process.execPath, [tsc, "--version"], { cwd: app })).toMatch(new RegExp(`^Version ${version.replace(".", "\\.")}\\.`));
  });

  // One build of both projects (`tsc -b`): the compiler reads the libraries and the installed
  // declarations once for both; each project is still checked on its own, and an error names its
  // file.
  // Every installed declaration file is checked (skipLibCheck off); only the compiler's own
  // lib.*.d.ts are not (skipDefaultLibCheck), which the compiler's release has checked already and
  // which took half of the time.
  // A compiler that runs away is stopped by its CPU time (60 s, about eight times what the build
  // needs), which a loaded machine does not stretch; the wall-clock limit only catches one that
  // stalls without working.
  it("compiles under moduleResolution node16 and bundler, declarations included (skipLibCheck off)", { timeout: 300_000 }, async () => {
    const dir = join(app, `ts-${version}`);
    cpSync(join(app, "ts"), dir, { recursive: true });
    const projects = ["node16", "bundler"].map((mode) => join(dir, `tsconfig.${mode}.json`));
    const limited = ["-c", 'ulimit -t 60 && exec "$0" "$@"', process.execPath, tsc, "-b", "--verbose", ...projects];
    await run("sh", limited, { cwd: app, timeoutMs: 290_000 });
  });
});
