// Builds the client's sources at a git commit into one ESM file, for the bench to measure beside
// the current build in the same run (`--only previous-path,previous-named,client-path,client-named`):
//   node src/previous-client.mjs <commit>    → prints the file to set as BENCH_PREVIOUS_CLIENT
// openapi-fetch stays external, resolved from this package, as in the current build.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const commit = process.argv[2];
if (!commit) throw new Error("usage: node src/previous-client.mjs <commit>");
const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const scratch = mkdtempSync(join(tmpdir(), "previous-client-"));
try {
  const archive = execFileSync("git", ["archive", commit, "packages/client/src"], { cwd: resolve(packageDir, "../.."), maxBuffer: 64 * 2 ** 20 });
  execFileSync("tar", ["-x", "-C", scratch], { input: archive });
  const outfile = join(packageDir, "results", `previous-client-${commit}.mjs`);
  mkdirSync(dirname(outfile), { recursive: true });
  await build({
    entryPoints: [join(scratch, "packages/client/src/index.ts")],
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    external: ["openapi-fetch", "@tokenkit/types"],
    outfile,
    logLevel: "warning",
  });
  console.log(outfile);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
