// The package as npm would publish it: packed by pnpm (which replaces workspace: ranges), then
// checked by publint (strict, down to suggestions) and are-the-types-wrong, and read for what a
// browser-safe, Prism-free package must not hold.
import { describe, expect, it } from "vitest";
import { checkPacked, packedFiles, type Packed } from "./published.js";

describe("the packed @tokenkit/msw", () => {
  let packed: Packed;
  it("passes publint and are-the-types-wrong, depending on no private package", async () => {
    packed = await checkPacked(new URL("..", import.meta.url));
  });

  it("brings no Prism and no Node built-ins into a browser bundle", async () => {
    const files = await packedFiles(packed);
    expect(Object.keys(packed.manifest.dependencies ?? {})).not.toContain("@stoplight/prism-cli");
    for (const [name, text] of Object.entries(files).filter(([f]) => f.endsWith(".js"))) {
      expect(text, name).not.toMatch(/from "(node:|@stoplight|@tokenkit\/spec-model)/);
    }
  });
});
