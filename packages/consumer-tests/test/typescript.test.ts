// TypeScript users: strict compiles against the installed tarballs under both module
// resolutions people use (node16/nodenext for Node, bundler for apps built by a bundler).
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { describe, inject, it } from "vitest";
import { run } from "./run.js";

const { app } = inject("consumer");
// The workspace's pinned TypeScript; it resolves the packages from the consumer's own node_modules.
const tsc = join(dirname(createRequire(import.meta.url).resolve("typescript/package.json")), "bin", "tsc");

describe("a strict TypeScript project using the installed tarballs", () => {
  it.each(["node16", "bundler"])("compiles under moduleResolution %s, declarations included (skipLibCheck off)", async (mode) => {
    await run(process.execPath, [tsc, "-p", join(app, "ts", `tsconfig.${mode}.json`)], { cwd: app, timeoutMs: 60_000 });
  });
});
