// The package as npm would publish it: publint and are-the-types-wrong clean on the packed
// tarball, no private package among its dependencies, and the command `npx @tokenkit/mock` runs.
import { describe, expect, it } from "vitest";
import { checkPacked, packedFiles } from "../../msw/test/published.js";

describe("the packed @tokenkit/mock", () => {
  it("passes publint and are-the-types-wrong, has one command, and gets the engine from @tokenkit/msw", async () => {
    const packed = await checkPacked(new URL("..", import.meta.url));
    // One command, so `npx @tokenkit/mock` runs it.
    expect(Object.keys(packed.manifest.bin)).toHaveLength(1);
    expect(packed.manifest.dependencies).toHaveProperty("@tokenkit/msw");
    const files = await packedFiles(packed);
    expect(files[String(Object.values(packed.manifest.bin)[0]).replace(/^\.\//, "")]).toMatch(/^#!\/usr\/bin\/env node\n/);
    expect(Object.keys(files)).toEqual(expect.arrayContaining(["README.md", "LICENSE", "watchdog.cjs", "dist/index.js", "dist/index.d.ts"]));
  });
});
