// Shared by every test file: pack the two published packages as `pnpm publish` would, install
// the tarballs into a fresh project in the OS temp dir (no workspace links), start one mock.
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { startMock, type MockServer } from "@tokenkit/mock";
import type { TestProject } from "vitest/node";
import { run } from "./run.js";

export interface Consumer {
  /** The throwaway project with the tarballs installed. */
  app: string;
  tarballs: { types: string; client: string };
  mockUrl: string;
  /** A Node binary for every supported major (`RUNTIMES`), keyed by major. */
  nodes: Record<string, string>;
}

declare module "vitest" {
  export interface ProvidedContext {
    consumer: Consumer;
  }
}

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, "../../..");
// The Node majors the packages are proven on: the oldest supported (package.json#engines) and
// the current LTS. A Node already on this machine serves when its major matches: the one running
// the tests, or the machine's own when the toolchain runs on a newer one (TOKENKIT_HOST_NODE, set
// by scripts/run.mjs). Any other is installed into the project from the npm registry, as the
// binary package the registry's `node` package would fetch.
export const RUNTIMES = ["20", "24"] as const;
const NODE_BINARY_PACKAGE = `node-${process.platform}-${process.arch}`;

function localNodes(): Map<string, string> {
  const found = new Map<string, string>();
  for (const node of [process.execPath, process.env.TOKENKIT_HOST_NODE]) {
    if (!node) continue;
    const version = execFileSync(node, ["--version"], { encoding: "utf8" }).trim(); // "v20.20.2"
    const major = version.slice(1).split(".")[0]!;
    if (!found.has(major)) found.set(major, node);
  }
  return found;
}

/**
 * Packs both packages with the repository's own `scripts/pack.mjs` (what `npm run pack` runs)
 * and returns the tarballs and the install command it tells users to run.
 */
async function pack(dest: string): Promise<{ tarballs: Consumer["tarballs"]; install: string[] }> {
  const out = await run(process.execPath, [join(repo, "scripts/pack.mjs"), "--out", dest], { cwd: repo, timeoutMs: 120_000 });
  const install = /^\s*npm install (.+)$/m.exec(out)?.[1]?.split(" ");
  const find = (name: string) => install?.find((file) => file.endsWith(".tgz") && file.includes(`/tokenkit-${name}-`));
  const [types, client] = [find("types"), find("client")];
  if (!install || !types || !client) throw new Error(`scripts/pack.mjs printed no install command naming both tarballs:\n${out}`);
  return { tarballs: { types, client }, install };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const work = mkdtempSync(join(tmpdir(), "tokenkit-consumer-"));
  let mock: MockServer | undefined;
  const teardown = async () => {
    await mock?.stop();
    rmSync(work, { recursive: true, force: true });
  };
  const started = Date.now();
  const took = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  try {
    const { tarballs, install } = await pack(join(work, "packs"));
    console.log(`consumer setup: packed both packages at ${took()}`);

    const app = join(work, "app");
    cpSync(join(here, "../fixtures/app"), app, { recursive: true });
    // The same TypeScript as a CommonJS module: its imports compile to `require`, so its types
    // come from the packages' index.d.cts.
    cpSync(join(app, "ts/consumer.ts"), join(app, "ts/consumer.cts"));
    const local = localNodes();
    const missing = RUNTIMES.filter((major) => !local.has(major));
    // Each missing major under its own alias, so two can sit side by side (no bin links: both are `node`).
    const nodeInstalls = missing.map((major) => `node-${major}@npm:${NODE_BINARY_PACKAGE}@${major}`);
    // Exactly the install command `npm run pack` prints, plus the runtimes. npm waits up to five
    // minutes on a stalled registry connection by default; a shorter wait lets its own retries
    // recover, and a second install covers a stall that outlasts them.
    const npmInstall = ["install", ...install, ...nodeInstalls, "--no-bin-links", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", "--fetch-timeout=60000"];
    for (let attempt = 1; ; attempt++) {
      try {
        await run("npm", npmInstall, { cwd: app, timeoutMs: 180_000 });
        break;
      } catch (error) {
        if (attempt === 2) throw error;
        console.log(`consumer setup: npm install failed, trying once more (${(error as Error).message.split("\n")[0]})`);
      }
    }
    const nodes = Object.fromEntries(
      RUNTIMES.map((major) => [major, local.get(major) ?? join(app, "node_modules", `node-${major}`, "bin", "node")]),
    );
    const installed = missing.length ? ` and Node ${missing.join(", ")} from the registry` : "";
    console.log(`consumer setup: installed the tarballs${installed} at ${took()}`);
    mock = await startMock();
    console.log(`consumer setup: mock listening on ${mock.url} at ${took()}`);
    project.provide("consumer", { app, tarballs, mockUrl: mock.url, nodes });
    return teardown;
  } catch (err) {
    await teardown();
    throw err;
  }
}
