// Bundles a browser entry (TypeScript, importing this package's source or the client's) with
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
    // The package's own subpath, as an app imports it, served from source.
    plugins: [
      {
        name: "self",
        setup(b) {
          b.onResolve({ filter: /^@tokenkit\/mock\/msw$/ }, () => ({ path: fileURLToPath(new URL("../src/msw.ts", import.meta.url)) }));
        },
      },
    ],
  });
  return result.outputFiles[0]!.text;
}
