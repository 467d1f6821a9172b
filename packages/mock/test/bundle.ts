// Bundles a browser entry (TypeScript, importing @tokenkit/msw or the client as apps do) with
// esbuild, for the pages the browser tests serve.
import { build } from "esbuild";
import { fileURLToPath } from "node:url";

export async function bundle(source: string): Promise<string> {
  const result = await build({
    stdin: { contents: source, resolveDir: fileURLToPath(new URL(".", import.meta.url)), loader: "ts", sourcefile: "entry.ts" },
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles[0]!.text;
}
