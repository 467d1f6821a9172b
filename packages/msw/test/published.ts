// Packs a package the way it is published and checks the tarball: publint (strict, down to
// suggestions), are-the-types-wrong (ESM-only profile: these packages are ES modules, as msw 3
// is; Node 22.12+ can also `require()` them), and that no dependency names a private workspace
// package or keeps a workspace: range. Shared by this package's test and @tokenkit/mock's.
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { publint } from "publint";
import { formatMessage } from "publint/utils";
import { expect } from "vitest";

const exec = promisify(execFile);
const require = createRequire(import.meta.url);
const packagesDir = fileURLToPath(new URL("../..", import.meta.url));

export interface Packed {
  tarball: string;
  manifest: Record<string, any>;
}

/** Names of the workspace packages that are not published. */
function privatePackages(): string[] {
  return readdirSync(packagesDir)
    .map((dir) => {
      try {
        return JSON.parse(readFileSync(join(packagesDir, dir, "package.json"), "utf8")) as { name: string; private?: boolean };
      } catch {
        return undefined;
      }
    })
    .filter((pkg) => pkg?.private)
    .map((pkg) => pkg!.name);
}

export async function checkPacked(packageDir: URL): Promise<Packed> {
  const dir = fileURLToPath(packageDir);
  const out = mkdtempSync(join(tmpdir(), "packed-"));
  await exec("pnpm", ["pack", "--pack-destination", out], { cwd: dir });
  const tarball = join(out, readdirSync(out).find((f) => f.endsWith(".tgz"))!);
  const { stdout } = await exec("tar", ["-xzOf", tarball, "package/package.json"]);
  const manifest = JSON.parse(stdout) as Record<string, any>;

  const hidden = privatePackages();
  for (const field of ["dependencies", "peerDependencies", "optionalDependencies"]) {
    for (const [dep, range] of Object.entries<string>(manifest[field] ?? {})) {
      expect(range, `${field}.${dep}`).not.toMatch(/^workspace:/);
      expect(hidden, `${field}.${dep} is a private package`).not.toContain(dep);
    }
  }
  expect(manifest.private).toBeUndefined();

  const bytes = readFileSync(tarball);
  const { messages, pkg } = await publint({ pack: { tarball: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer }, level: "suggestion", strict: true });
  expect(messages.map((m) => `${m.type}: ${formatMessage(m, pkg)}`)).toEqual([]);

  const cliDir = dirname(require.resolve("@arethetypeswrong/cli/package.json"));
  const { bin } = JSON.parse(readFileSync(join(cliDir, "package.json"), "utf8")) as { bin: Record<string, string> };
  await exec(process.execPath, [join(cliDir, bin.attw!), tarball, "--profile", "esm-only", "--format", "ascii"]);
  return { tarball, manifest };
}

/** The text of every file in the tarball, by path inside the package. */
export async function packedFiles({ tarball }: Packed): Promise<Record<string, string>> {
  const { stdout } = await exec("tar", ["-tzf", tarball]);
  const files: Record<string, string> = {};
  for (const entry of stdout.split("\n").filter(Boolean)) {
    files[entry.replace(/^package\//, "")] = (await exec("tar", ["-xzOf", tarball, entry], { maxBuffer: 64 * 1024 * 1024 })).stdout;
  }
  return files;
}
